// Loads the wasm-bindgen `--target nodejs` build (dist/node) from an ES module. The glue is
// CommonJS, but the project's package.json says "type": "module", so node would read
// dist/node/shoptrust.js as ESM and fail; a package.json there scopes it back to CommonJS.
import { existsSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';

export function loadCore(root) {
  const dir = resolve(root, 'dist/node');
  const scope = resolve(dir, 'package.json');
  if (!existsSync(scope)) writeFileSync(scope, '{ "type": "commonjs" }\n');
  return createRequire(resolve(root, 'package.json'))(resolve(dir, 'shoptrust.js'));
}
