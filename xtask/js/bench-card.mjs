// The design card's JS-type packages, measured against what ships (README, "The card's
// packages"). Builds the core once more with the `card-measure` feature (src/card_measure.rs:
// serde-wasm-bindgen, js-sys, web-sys beside the shipped exports; its own cargo profile and
// output folder, never packaged), then prints:
// * wasm size: the shipped build (dist/node) against the measurement build, and the code of
//   each package's functions in it (by the names in the wasm's name section);
// * serde-wasm-bindgen vs JSON at the boundary, on the real facts `cargo xtask bench` times
//   (demo shops, payment checkouts, the heavy page): JS object in, report object out, the
//   reports checked equal;
// * the tracker image taken as `Vec<u8>` (what ships: the glue copies it into wasm memory)
//   against `&js_sys::Uint8Array` + `to_vec()`: first load in fresh processes, and warm.
// Needs `cargo xtask build` first (dist/). Usage: node xtask/js/bench-card.mjs
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const outDir = resolve(root, 'target/card-measure-node');
const tdbPath = resolve(root, 'dist/trackerdb.tdb');
const load = (dir) => {
  writeFileSync(resolve(dir, 'package.json'), '{ "type": "commonjs" }\n');
  return createRequire(resolve(root, 'package.json'))(resolve(dir, 'shoptrust.js'));
};

// --- child mode: the first tracker image load in a fresh process, one way ---
if (process.argv[2] === '--load') {
  const core = load(outDir);
  const tdb = readFileSync(tdbPath);
  const cpu = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
  const [t0, c0] = [performance.now(), cpu()];
  if (process.argv[3] === 'array') core.trackerDbLoadArray(tdb);
  else core.trackerDbLoad(tdb);
  console.log(JSON.stringify({ wall: performance.now() - t0, cpu: cpu() - c0 }));
  process.exit(0);
}

if (!process.argv.includes('--no-build')) {
  execFileSync('cargo', ['build', '--lib', '--profile', 'card-measure', '--features', 'card-measure',
    '--target', 'wasm32-unknown-unknown'], { cwd: root, stdio: 'inherit' });
  mkdirSync(outDir, { recursive: true });
  execFileSync('wasm-bindgen', ['--target', 'nodejs', '--no-typescript', '--out-name', 'shoptrust', '--out-dir', outDir,
    resolve(root, 'target/wasm32-unknown-unknown/card-measure/shoptrust.wasm')], { stdio: 'inherit' });
}
if (!existsSync(resolve(root, 'dist/node/shoptrust_bg.wasm'))) throw new Error('run `cargo xtask build` first');

// Code section size, and code bytes per function name (name section, subsection 1).
function wasmCode(bytes) {
  let p = 8;
  const leb = () => { let r = 0, s = 0, b; do { b = bytes[p++]; r += (b & 0x7f) * 2 ** s; s += 7; } while (b & 0x80); return r; };
  let imported = 0;
  let code = 0;
  const bodies = [];
  const names = new Map();
  while (p < bytes.length) {
    const id = bytes[p++];
    const len = leb();
    const end = p + len;
    if (id === 2) { // imports: function indices start after the imported functions
      for (let n = leb(), i = 0; i < n; i++) {
        for (let names = 0; names < 2; names++) { const len = leb(); p += len; } // module and field name
        const kind = bytes[p++];
        if (kind === 0) { leb(); imported++; } else if (kind === 1) { p++; if (bytes[p++] & 1) { leb(); } leb(); } else if (kind === 2) { if (bytes[p++] & 1) { leb(); } leb(); } else p += 2;
      }
    } else if (id === 10) {
      code = len;
      for (let n = leb(), i = 0; i < n; i++) { const size = leb(); bodies.push([imported + i, size]); p += size; }
    } else if (id === 0) {
      const nameLen = leb();
      const name = bytes.subarray(p, p + nameLen).toString();
      p += nameLen;
      while (name === 'name' && p < end) {
        const sub = bytes[p++];
        const subEnd = leb() + p;
        if (sub === 1) for (let n = leb(), i = 0; i < n; i++) { const idx = leb(); const l = leb(); names.set(idx, bytes.subarray(p, p + l).toString()); p += l; }
        p = subEnd;
      }
    }
    p = end;
  }
  const bytesNamed = (re) => bodies.filter(([i]) => re.test(names.get(i) ?? '')).reduce((a, [, s]) => a + s, 0);
  return { total: bytes.length, code, bytesNamed };
}

const shipped = wasmCode(readFileSync(resolve(root, 'dist/node/shoptrust_bg.wasm')));
const measured = wasmCode(readFileSync(resolve(outDir, 'shoptrust_bg.wasm')));
console.log('wasm (bytes)                         total    code section');
console.log(`  shipped (dist/node)            ${String(shipped.total).padStart(9)} ${String(shipped.code).padStart(9)}`);
console.log(`  + the card-measure exports     ${String(measured.total).padStart(9)} ${String(measured.code).padStart(9)}  (+${measured.code - shipped.code} code)`);
// Generic code is named after the crate whose function it is, e.g. `<&mut
// serde_wasm_bindgen::de::Deserializer as serde_core::de::Deserializer>::…` or `js_sys::…`.
const named = (re) => measured.bytesNamed(re);
console.log(`    of which functions of serde_wasm_bindgen ${named(/^<?(&mut )?serde_wasm_bindgen::/)}, js_sys ${named(/^<?js_sys::/)}, ` +
  `web_sys ${named(/^<?web_sys::/)}; the exports: evaluateValue ${named(/^evaluateValue$/)}, trackerDbLoadArray ${named(/^trackerDbLoadArray$/)}, ` +
  `performanceNow ${named(/^performanceNow$/)} (the rest: Page readers and Report writers for serde-wasm-bindgen)`);

const core = load(outDir);
core.trackerDbLoad(readFileSync(tdbPath));

// The pages `cargo xtask bench` times (xtask/js/bench.mjs), read the same way.
const fixtures = (files) => files.map((f) => JSON.parse(readFileSync(resolve(root, f), 'utf8')));
function heavyPage() {
  const inputs = Array.from({ length: 5000 }, (_, i) => ({ type: 'text', name: `field_${i}`, id: '', autocomplete: '', label: `Option ${i}`, placeholder: '', visible: true }));
  const resources = Array.from({ length: 2000 }, (_, i) => ({ url: `https://cdn${i % 40}.example.test/asset/${i}.js`, initiatorType: i % 3 === 0 ? 'img' : 'script' }));
  const scripts = Array.from({ length: 300 }, (_, i) => ({ src: `https://cdn${i % 40}.example.test/asset/${i}.js`, integrity: '', type: '' }));
  return { facts: { schemaVersion: 1, url: 'https://heavy.example.test/catalogue', isSecureContext: true, looseInputs: inputs, resources, scripts } };
}
const sets = {
  'demo-shop facts': [fixtures(['tests/fixtures/connection/secure_shop_checkout.json', 'tests/fixtures/connection/http_shop_checkout_card_form.json',
    'tests/fixtures/connection/mixed_shop_checkout_posts_card_over_http.json']), 2000],
  'payment checkouts': [fixtures(['tests/fixtures/payment/obfuscated_skimmer_beacons_card.json',
    'tests/fixtures/payment/card_fields_beside_session_replay_and_unpinned_third_parties.json',
    'tests/fixtures/payment/provider_scripts_and_their_inline_setup.json']), 1000],
  'heavy page (5,000 inputs, 2,000 resources)': [[heavyPage()], 20],
};

const ways = {
  json: (page) => JSON.parse(core.evaluate(JSON.stringify(page))),
  'serde-wasm-bindgen': (page) => core.evaluateValue(page),
};
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
console.log('evaluate, JS object in → report object out (µs, median; the two ways take turns):');
for (const [name, [pages, rounds]] of Object.entries(sets)) {
  for (const page of pages) {
    const a = ways.json(page);
    const b = ways['serde-wasm-bindgen'](page);
    if (!isDeepStrictEqual(a, b)) throw new Error(`${name}: the two boundaries give different reports`);
  }
  const samples = { json: [], 'serde-wasm-bindgen': [] };
  for (let r = 0; r < rounds; r++) {
    for (const [way, fn] of Object.entries(ways)) {
      for (const page of pages) {
        const t0 = process.hrtime.bigint();
        fn(page);
        samples[way].push(Number(process.hrtime.bigint() - t0) / 1000);
      }
    }
  }
  const [j, s] = [median(samples.json), median(samples['serde-wasm-bindgen'])];
  console.log(`  ${name.padEnd(44)} json ${j.toFixed(1).padStart(8)}   serde-wasm-bindgen ${s.toFixed(1).padStart(8)}   (×${(s / j).toFixed(2)})`);
}

// Tracker image: first load in fresh processes (what a worker start pays), then warm.
const RUNS = 15;
const first = { vec: [], array: [], vecCpu: [], arrayCpu: [] };
for (let i = 0; i < RUNS; i++) {
  for (const way of ['vec', 'array']) {
    const out = JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--load', way], { encoding: 'utf8' }));
    first[way].push(out.wall);
    first[`${way}Cpu`].push(out.cpu);
  }
}
const tdb = readFileSync(tdbPath);
const warm = { vec: [], array: [] };
for (let i = 0; i < 40; i++) {
  for (const [way, fn] of [['vec', () => core.trackerDbLoad(tdb)], ['array', () => core.trackerDbLoadArray(tdb)]]) {
    const t0 = performance.now();
    fn();
    warm[way].push(performance.now() - t0);
  }
}
console.log(`tracker image (${tdb.length} B) into the core (ms, median; first: ${RUNS} fresh processes each, wall / process CPU):`);
console.log(`  Vec<u8> (shipped)                   first ${median(first.vec).toFixed(2)} / ${median(first.vecCpu).toFixed(2)}, warm ${median(warm.vec).toFixed(2)}`);
console.log(`  &js_sys::Uint8Array + to_vec()      first ${median(first.array).toFixed(2)} / ${median(first.arrayCpu).toFixed(2)}, warm ${median(warm.array).toFixed(2)}`);
const t0 = performance.now();
for (let i = 0; i < 100000; i++) core.performanceNow();
console.log(`web_sys::Performance::now() from the core: ${((performance.now() - t0) * 0.01).toFixed(3)} µs per call`);
