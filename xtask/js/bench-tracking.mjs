// Speed of ShopTrust's tracker classifier (the wasm build, called across the JS↔wasm
// boundary once per request, as the extension's service worker will) against Ghostery's
// engine on the same TrackerDB data, in one node process, on a corpus of real requests.
//
// * warm: per-request median and p99 (µs) after a warm-up pass, for ShopTrust's
//   `classifyInput` as the worker calls it (and `classifyRequest` with a string argument),
//   Ghostery's `FiltersEngine.match(Request.fromRawDetails(...))` on the
//   deserialised `trackerdb.engine`, and the SDK's `matchUrl`.
// * cold start, timed the same way on both sides (issue 14): in a fresh node process, from
//   the files' bytes in memory to the first request classified, code and data both loaded.
//   ShopTrust: import the wasm-bindgen glue the extension ships (dist/chromium/pkg, ESM),
//   compile and instantiate the shipped wasm, load the tracker image, classify one request.
//   Ghostery: import `@ghostery/adblocker` as one minified ESM bundle (built here with the
//   pinned esbuild from the pinned package, as an extension ships it), `FiltersEngine.
//   deserialize(trackerdb.engine)`, one `match`. Median of at least 15 processes per side,
//   the sides alternating. Node 20 (V8 11.3: --wasm-lazy-compilation on, --wasm-lazy-
//   validation off) decodes and validates every wasm function body at compile time, so
//   compile time follows the size of the code section; functions are compiled (Liftoff) on
//   their first call, which is most of what the first request costs. Printed beside it, not
//   in the total: a second request, one that meets a regex filter; and the same ShopTrust
//   steps with every function compiled up front, which measures that share.
// * sizes: wasm and tracker data, raw and gzipped; the wasm's code and data sections.
//
// The last three lines are the ratios ShopTrust / Ghostery engine (lower is better):
//   classify median ratio: R / classify p99 ratio: R / cold start ratio: R
//
// Needs the same build as agreement.mjs. Usage: node xtask/js/bench-tracking.mjs [corpus]

import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { loadCore } from './wasm-node.mjs';
import { bufferedClassifier } from '../../extension/background/classifier-input.js';
import { quantile } from './quantile.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const trackerdbDir = resolve(root, 'node_modules/@ghostery/trackerdb');
const enginePath = resolve(trackerdbDir, 'dist/trackerdb.engine');
const tdbPath = resolve(root, 'dist/trackerdb.tdb');
const wasmPath = resolve(root, 'dist/node/shoptrust_bg.wasm');
const adblockerPath = resolve(root, 'node_modules/@ghostery/adblocker/dist/esm/index.js');
// What the extension ships: the browser (ESM) glue and its wasm.
const shippedGluePath = resolve(root, 'dist/chromium/pkg/shoptrust.js');
const shippedWasmPath = resolve(root, 'dist/chromium/pkg/shoptrust_bg.wasm');
// The first request both sides classify after a cold start.
const FIRST = { url: 'https://www.google-analytics.com/analytics.js', type: 'script', sourceUrl: 'https://shop.example/' };
// Then, outside the cold start's total, one whose candidates include a regex filter: a cold
// worker meets one on the first shop with Facebook's pixel.
const SECOND = { url: 'https://www.facebook.com/tr?id=1&ev=PageView&noscript=1', type: 'image', sourceUrl: FIRST.sourceUrl };

// --- child mode: one cold start of one side, printed as JSON (see the header) ---
if (process.argv[2] === '--cold') {
  const side = process.argv[3];
  // Wall-clock ms per step; the process's CPU ms for the whole start beside it, which other
  // load on a shared machine disturbs less.
  const ms = [performance.now()];
  const cpuMs = () => { const { user, system } = process.cpuUsage(); return (user + system) / 1000; };
  let cpuStart = 0;
  const lap = () => { ms.push(performance.now()); if (ms.length === 2) cpuStart = cpuMs(); return ms.at(-1) - ms.at(-2); };
  if (side === 'shoptrust') {
    const wasmBytes = readFileSync(shippedWasmPath);
    const tdb = readFileSync(tdbPath);
    lap();
    const glue = await import(pathToFileURL(shippedGluePath).href);
    const importMs = lap();
    const module = new WebAssembly.Module(wasmBytes);
    const compile = lap();
    glue.initSync({ module });
    const instantiate = lap();
    glue.trackerDbLoad(tdb);
    const load = lap();
    glue.setSourcePage(FIRST.sourceUrl);
    glue.classifyRequest(FIRST.url, glue.requestTypeCode(FIRST.type));
    const first = lap();
    const total = ms.at(-1) - ms[1];
    const cpu = cpuMs() - cpuStart;
    glue.classifyRequest(SECOND.url, glue.requestTypeCode(SECOND.type));
    const second = lap();
    console.log(JSON.stringify({ import: importMs, compile, instantiate, load, first, total, cpu, second }));
  } else {
    const bytes = readFileSync(enginePath);
    lap();
    const { FiltersEngine, Request } = await import(pathToFileURL(process.argv[4]).href);
    const importMs = lap();
    const engine = FiltersEngine.deserialize(bytes);
    const deserialize = lap();
    engine.match(Request.fromRawDetails(FIRST));
    const first = lap();
    const total = ms.at(-1) - ms[1];
    const cpu = cpuMs() - cpuStart;
    engine.match(Request.fromRawDetails(SECOND));
    const second = lap();
    console.log(JSON.stringify({ import: importMs, deserialize, first, total, cpu, second }));
  }
  process.exit(0);
}

const corpusPath = resolve(root, process.argv[2] ?? '../shared/data/requests-brave-8276.json');
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')).map(({ url, type, sourceUrl }) => ({ url, type, sourceUrl }));

const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

// Times every side on every request, `passes` times after `warmup` untimed passes; returns
// µs samples per side. The sides take turns pass by pass, so a burst of load from other
// processes on the machine falls on both rather than on whichever happens to run then. The
// warm-up lets both engines finish tiering up (V8 optimises hot JS and wasm functions in the
// background): "warm" is the steady state a long-running service worker reaches.
function timePerRequest(fns, passes = 4, warmup = 2) {
  const names = Object.keys(fns);
  for (let p = 0; p < warmup; p++) for (const n of names) for (const r of corpus) fns[n](r);
  const samples = Object.fromEntries(names.map((n) => [n, new Float64Array(corpus.length * passes)]));
  for (let p = 0; p < passes; p++) {
    for (const n of names) {
      const fn = fns[n];
      const out = samples[n];
      let k = p * corpus.length;
      for (const r of corpus) {
        const t0 = process.hrtime.bigint();
        fn(r);
        out[k++] = Number(process.hrtime.bigint() - t0) / 1000;
      }
    }
  }
  for (const n of names) samples[n].sort();
  return samples;
}

function timerFloor() {
  const s = new Float64Array(50000);
  for (let i = 0; i < s.length; i++) {
    const t0 = process.hrtime.bigint();
    s[i] = Number(process.hrtime.bigint() - t0) / 1000;
  }
  return quantile(s.sort(), 0.5);
}

// --- warm ---
const core = loadCore(root);
core.trackerDbLoad(readFileSync(tdbPath));
const { FiltersEngine, Request } = await import(adblockerPath);
const engine = FiltersEngine.deserialize(readFileSync(enginePath));
const { default: loadTrackerDB } = await import(resolve(trackerdbDir, 'dist/mjs/index.js'));
const sdk = await loadTrackerDB(readFileSync(enginePath));

// The extension's per-request path (extension/background/request-budget.js): the source page
// is set when it changes (the corpus interleaves pages, so that is every ~2.5 requests here),
// the type name becomes its code through a Map filled on first sight, and the URLs are written
// into the core's input buffer (extension/background/classifier-input.js). `shoptrustStringArg`
// is the same with the URLs passed as string arguments (wasm-bindgen allocates and copies
// each), as before the buffer: for comparison only, the ratios are the worker's path.
const typeCodes = new Map();
const typeCode = (t) => {
  let c = typeCodes.get(t);
  if (c === undefined) typeCodes.set(t, (c = core.requestTypeCode(t)));
  return c;
};
const input = bufferedClassifier(core);
let lastSource = null;
let lastStringSource = null;
const sides = {
  shoptrust: (r) => {
    if (r.sourceUrl !== lastSource) input.setSourcePage((lastSource = r.sourceUrl));
    return input.classify(r.url, typeCode(r.type));
  },
  shoptrustStringArg: (r) => {
    if (r.sourceUrl !== lastStringSource) core.setSourcePage((lastStringSource = r.sourceUrl));
    return core.classifyRequest(r.url, typeCode(r.type));
  },
  ghosteryEngine: (r) => engine.match(Request.fromRawDetails({ url: r.url, type: r.type, sourceUrl: r.sourceUrl })),
  ghosterySdkMatchUrl: (r) => sdk.matchUrl({ url: r.url, type: r.type, sourceUrl: r.sourceUrl }),
};
// Both ShopTrust paths give the same answers (they share one classifier, so each sets its
// source page before every request here).
for (const r of corpus) {
  core.setSourcePage(r.sourceUrl);
  const viaString = core.classifyRequest(r.url, typeCode(r.type));
  input.setSourcePage(r.sourceUrl);
  if (input.classify(r.url, typeCode(r.type)) !== viaString) throw new Error(`input buffer and string argument differ on ${r.url}`);
}
const warm = {};
for (const [name, s] of Object.entries(timePerRequest(sides))) {
  warm[name] = { median: quantile(s, 0.5), p99: quantile(s, 0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

// --- cold (fresh processes) ---
// Ghostery's engine as an extension ships it: the package's ESM entry bundled and minified by
// the pinned esbuild, in a temporary folder (never committed, removed afterwards).
const { build: esbuild, version: esbuildVersion } = await import('esbuild');
const bundleDir = mkdtempSync(join(tmpdir(), 'shoptrust-bench-'));
const bundlePath = join(bundleDir, 'adblocker.min.mjs');
await esbuild({
  stdin: { contents: "export * from '@ghostery/adblocker';", resolveDir: root },
  bundle: true, minify: true, format: 'esm', platform: 'browser', target: 'es2022', outfile: bundlePath, logLevel: 'error',
});
const bundleBytes = statSync(bundlePath).size;
// Fresh processes on a shared machine vary by several ms; 21 runs per side steady the medians.
const RUNS = 21;
// Beside them, not in any ratio: ShopTrust's same steps in a node that compiles every wasm
// function when the module is compiled (`--no-wasm-lazy-compilation`; no browser ships
// that), which shows how much of loading the data and the first request is V8 compiling the
// functions they call for the first time rather than the work itself.
const cold = { shoptrust: [], ghostery: [], shoptrustEager: [] };
const COLD_CHILDREN = [
  ['shoptrust', []],
  ['ghostery', []],
  ['shoptrustEager', ['--no-wasm-lazy-compilation']],
];
try {
  for (let i = 0; i < RUNS; i++) {
    for (const [name, flags] of COLD_CHILDREN) {
      const side = name === 'ghostery' ? 'ghostery' : 'shoptrust';
      const args = [...flags, new URL(import.meta.url).pathname, '--cold', side, bundlePath];
      cold[name].push(JSON.parse(execFileSync(process.execPath, args, { encoding: 'utf8' })));
    }
  }
} finally {
  rmSync(bundleDir, { recursive: true, force: true });
}
// Median of each part over the runs (the parts' medians need not add up to the total's).
const coldMedian = (side, part) => median(cold[side].map((run) => run[part]));

// --- sizes ---
const gz = (b) => gzipSync(b, { level: 9 }).length;
const wasm = readFileSync(wasmPath);
const tdb = readFileSync(tdbPath);
const engineBytes = readFileSync(enginePath);

// Sizes of the wasm's code (section 10, what compiling costs) and data (section 11) sections.
function wasmSections(bytes) {
  let p = 8;
  const leb = () => {
    let r = 0, shift = 0, b;
    do { b = bytes[p++]; r |= (b & 0x7f) << shift; shift += 7; } while (b & 0x80);
    return r >>> 0;
  };
  const out = {};
  while (p < bytes.length) {
    const id = bytes[p++];
    const len = leb();
    out[id] = (out[id] ?? 0) + len;
    p += len;
  }
  return { code: out[10] ?? 0, data: out[11] ?? 0 };
}
const sections = wasmSections(wasm);
const adblockerVersion = JSON.parse(readFileSync(resolve(root, 'node_modules/@ghostery/adblocker/package.json'), 'utf8')).version;

const f = (x) => x.toFixed(2);
console.log(`corpus: ${corpus.length} requests (${corpusPath}); data: ${core.trackerDbSource()}; node ${process.version}`);
console.log(`timer floor (hrtime pair): ${f(timerFloor())} µs`);
console.log('warm per request (µs):        median     p99    mean');
for (const [name, w] of Object.entries(warm)) {
  console.log(`  ${name.padEnd(24)} ${f(w.median).padStart(8)} ${f(w.p99).padStart(7)} ${f(w.mean).padStart(7)}`);
}
const st = (part) => f(coldMedian('shoptrust', part));
const gh = (part) => f(coldMedian('ghostery', part));
console.log(`cold start (ms, median of ${RUNS} fresh node processes per side; code and data loaded, first request classified):`);
console.log(`  shoptrust  ${st('total').padStart(6)} = import glue ${st('import')} + wasm compile ${st('compile')} + instantiate ${st('instantiate')} + tracker data load ${st('load')} + first request ${st('first')}`);
console.log(`  ghostery   ${gh('total').padStart(6)} = import bundle ${gh('import')} + deserialize ${gh('deserialize')} + first request ${gh('first')}`);
const eager = (part) => coldMedian('shoptrustEager', part);
const lazyShare = coldMedian('shoptrust', 'load') + coldMedian('shoptrust', 'first') - eager('load') - eager('first');
console.log(`  shoptrust, every wasm function compiled up front (--no-wasm-lazy-compilation, for comparison only): wasm compile ${f(eager('compile'))}, ` +
  `tracker data load ${f(eager('load'))}, first request ${f(eager('first'))}; so about ${f(lazyShare)} ms of the shipped start's data load and first request is compiling functions on their first call`);
console.log(`  then a request meeting a regex filter (${SECOND.url}): shoptrust ${st('second')}, ghostery ${gh('second')}`);
console.log(`  process CPU time over the same span: shoptrust ${st('cpu')}, ghostery ${gh('cpu')} (ratio ${(coldMedian('shoptrust', 'cpu') / coldMedian('ghostery', 'cpu')).toFixed(3)})`);
console.log(`  (shipped wasm ${readFileSync(shippedWasmPath).length} B; ghostery bundle ${bundleBytes} B, esbuild ${esbuildVersion} minified ESM of @ghostery/adblocker ${adblockerVersion})`);
console.log(`sizes: wasm ${wasm.length} B (gzip ${gz(wasm)}), tracker data ${tdb.length} B (gzip ${gz(tdb)}), together ${wasm.length + tdb.length} B (gzip ${gz(wasm) + gz(tdb)})`);
console.log(`       wasm code section ${sections.code} B, data section ${sections.data} B (the Public Suffix List table is data)`);
console.log(`       ghostery trackerdb.engine ${engineBytes.length} B (gzip ${gz(engineBytes)})`);
console.log(`sdk matchUrl / engine median: ${f(warm.ghosterySdkMatchUrl.median / warm.ghosteryEngine.median)}`);
console.log(`classify median ratio: ${(warm.shoptrust.median / warm.ghosteryEngine.median).toFixed(3)}`);
console.log(`classify p99 ratio: ${(warm.shoptrust.p99 / warm.ghosteryEngine.p99).toFixed(3)}`);
console.log(`cold start ratio: ${(coldMedian('shoptrust', 'total') / coldMedian('ghostery', 'total')).toFixed(3)}`);
