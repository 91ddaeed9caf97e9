// `cargo xtask build` step: bundles the consent scripts that need npm packages into classic
// scripts (MV3 content scripts cannot be modules), inside the unpacked extension:
//   extension/bundles/autoconsent.js  -> <ext>/vendor/autoconsent.js  (isolated world)
//   extension/bundles/consent-main.js -> <ext>/consent-main.js        (page's main world)
// with the contract the build wrote to <ext>/contract.js compiled in (`import contract from
// 'shoptrust:contract'`), and puts autoconsent's licence beside it (MPL-2.0: its source is
// the npm package @duckduckgo/autoconsent at the version in package-lock.json).
// Usage: node xtask/js/bundle-consent.mjs <extension dir>
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import vm from 'node:vm';
import { build } from 'esbuild';
import { splitForPage } from './consent-rule-index.mjs';

const ext = process.argv[2];
if (!ext) throw new Error('usage: bundle-consent.mjs <extension dir>');
const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');
const require = createRequire(path.join(root, 'package.json'));

// The contract exactly as the isolated scripts get it: run the generated contract.js.
const sandbox = {};
vm.runInNewContext(fs.readFileSync(path.join(ext, 'contract.js'), 'utf8'), sandbox);
if (!sandbox.ShopTrustContract) throw new Error(`${ext}/contract.js set no ShopTrustContract`);
const contractPlugin = {
  name: 'shoptrust-contract',
  setup(b) {
    b.onResolve({ filter: /^shoptrust:contract$/ }, () => ({ path: 'contract', namespace: 'shoptrust' }));
    b.onLoad({ filter: /.*/, namespace: 'shoptrust' }, () => ({ contents: JSON.stringify(sandbox.ShopTrustContract), loader: 'json' }));
  },
};

// The rules, split for the page (extension/bundles/rules-for-page.js): the generic rules as
// data, for text each site-specific rule's URL pattern needs (consent-rule-index.mjs), and the
// rest of the set as JSON text, parsed only on a page whose URL holds such text. Large data goes in
// as JSON.parse of a string, not as an object literal: V8 reads JSON text much faster, and a
// page reads it afresh on every load.
const compactRules = JSON.parse(fs.readFileSync(require.resolve('@duckduckgo/autoconsent/rules/compact-rules.json'), 'utf8'));
const { genericRuleset, siteLiterals: literals, siteRules } = splitForPage(compactRules);
const asParsedJson = (value) => `JSON.parse(${JSON.stringify(JSON.stringify(value))})`;
const rulesPlugin = {
  name: 'shoptrust-autoconsent-rules',
  setup(b) {
    b.onResolve({ filter: /^shoptrust:autoconsent-rules$/ }, () => ({ path: 'autoconsent-rules', namespace: 'shoptrust-rules' }));
    b.onLoad({ filter: /.*/, namespace: 'shoptrust-rules' }, () => ({
      contents: `export const genericRuleset = ${asParsedJson(genericRuleset)};\n` +
        `export const siteLiterals = ${asParsedJson(literals)};\n` +
        `export const siteRulesText = ${JSON.stringify(JSON.stringify(siteRules))};\n`,
      loader: 'js',
    }));
  },
};

const common = { bundle: true, plugins: [contractPlugin, rulesPlugin], format: 'iife', target: 'chrome112', minify: true, legalComments: 'eof', logLevel: 'warning' };
await build({ ...common, entryPoints: [path.join(root, 'extension/bundles/autoconsent.js')], outfile: path.join(ext, 'vendor/autoconsent.js') });
await build({ ...common, entryPoints: [path.join(root, 'extension/bundles/consent-main.js')], outfile: path.join(ext, 'consent-main.js') });

// The package's exports hide package.json: find its folder from its rules file.
const pkgDir = path.resolve(path.dirname(require.resolve('@duckduckgo/autoconsent/rules/rules.json')), '..');
const { version } = JSON.parse(fs.readFileSync(path.join(pkgDir, 'package.json'), 'utf8'));
fs.copyFileSync(path.join(pkgDir, 'LICENSE'), path.join(ext, 'vendor/autoconsent.LICENSE.txt'));
fs.writeFileSync(path.join(ext, 'vendor/README.txt'),
  `autoconsent.js and ../consent-main.js bundle @duckduckgo/autoconsent ${version} (MPL-2.0, licence in\n` +
  `autoconsent.LICENSE.txt). Its source is the npm package @duckduckgo/autoconsent@${version}\n` +
  `and https://github.com/duckduckgo/autoconsent.\n`);
console.error(`bundle-consent: ${literals.filter(Boolean).length} of ${literals.length} site-specific rules indexed by URL text`);
for (const file of ['vendor/autoconsent.js', 'consent-main.js']) {
  console.error(`bundle-consent: ${file} ${fs.statSync(path.join(ext, file)).size} bytes (autoconsent ${version})`);
}
