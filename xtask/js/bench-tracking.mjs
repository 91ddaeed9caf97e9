// Speed of ShopTrust's tracker classifier (the wasm build, called across the JS↔wasm
// boundary once per request, as the extension's service worker will) against Ghostery's
// engine on the same TrackerDB data, in one node process, on a corpus of real requests.
//
// * warm: per-request median and p99 (µs) after a warm-up pass, for ShopTrust's
//   `classifyRequest`, Ghostery's `FiltersEngine.match(Request.fromRawDetails(...))` on the
//   deserialised `trackerdb.engine`, and the SDK's `matchUrl`.
// * cold start, from the bytes in memory to ready-to-classify: ShopTrust = WebAssembly
//   compile + instantiate + load the tracker data image; Ghostery =
//   `FiltersEngine.deserialize(trackerdb.engine)`. Each is timed in fresh node processes (the
//   first call in a process is what a worker start pays); median of several runs. Node 20
//   (V8 11.3: --wasm-lazy-compilation on, --wasm-lazy-validation off) compiles wasm functions
//   lazily on first call but decodes and validates every function body up front, so compile
//   time follows the size of the code section; data segments cost little (a 445 KB segment
//   alone compiles in ~0.5 ms here). Chromium 156 measured the same way here: 1.73 MB wasm
//   ~10 ms, 1.04 MB ~6.5 ms. The cost of the first request (lazy compilation of the
//   functions it runs, first parse of the filters it tries) is printed beside the total.
// * sizes: wasm and tracker data, raw and gzipped; the wasm's code and data sections.
//
// The last three lines are the ratios ShopTrust / Ghostery engine (lower is better):
//   classify median ratio: R / classify p99 ratio: R / cold start ratio: R
//
// Needs the same build as agreement.mjs. Usage: node xtask/js/bench-tracking.mjs [corpus]

import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { loadCore } from './wasm-node.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
const trackerdbDir = resolve(root, 'node_modules/@ghostery/trackerdb');
const enginePath = resolve(trackerdbDir, 'dist/trackerdb.engine');
const tdbPath = resolve(root, 'dist/trackerdb.tdb');
const wasmPath = resolve(root, 'dist/node/shoptrust_bg.wasm');
const adblockerPath = resolve(root, 'node_modules/@ghostery/adblocker/dist/esm/index.js');

// --- child mode: one cold start of one side, printed as JSON ---
// Both sides start with their files' bytes in memory; the clock covers what a worker start
// pays from there to ready-to-classify. ShopTrust: WebAssembly compile + instantiate (timed
// around the glue's own `new WebAssembly.Module/Instance`, the glue's JS evaluation left out)
// + data load. Ghostery: `FiltersEngine.deserialize`.
if (process.argv[2] === '--cold') {
  const side = process.argv[3];
  if (side === 'shoptrust') {
    const tdb = readFileSync(tdbPath);
    const wasmBytes = readFileSync(wasmPath);
    const fs = await import('node:fs');
    const realRead = fs.default.readFileSync;
    fs.default.readFileSync = (p, ...rest) => (p === wasmPath ? wasmBytes : realRead(p, ...rest));
    const timed = { compile: 0, instantiate: 0 };
    const { Module, Instance } = WebAssembly;
    WebAssembly.Module = function (bytes) {
      const t = performance.now();
      const m = new Module(bytes);
      timed.compile += performance.now() - t;
      return m;
    };
    WebAssembly.Instance = function (module, imports) {
      const t = performance.now();
      const i = new Instance(module, imports);
      timed.instantiate += performance.now() - t;
      return i;
    };
    const core = loadCore(root);
    fs.default.readFileSync = realRead;
    const t1 = performance.now();
    core.trackerDbLoad(tdb);
    const t2 = performance.now();
    // One request, so a lazily built part would show up here rather than be hidden.
    core.setSourcePage('https://shop.example/');
    core.classifyRequest('https://www.google-analytics.com/analytics.js', core.requestTypeCode('script'));
    const t3 = performance.now();
    const load = t2 - t1;
    console.log(JSON.stringify({ ...timed, load, first: t3 - t2, total: timed.compile + timed.instantiate + load }));
  } else {
    const { FiltersEngine, Request } = await import(adblockerPath);
    const bytes = readFileSync(enginePath);
    const t0 = performance.now();
    const engine = FiltersEngine.deserialize(bytes);
    const t1 = performance.now();
    // The same first request as ShopTrust's, timed the same way.
    engine.match(Request.fromRawDetails({ url: 'https://www.google-analytics.com/analytics.js', type: 'script', sourceUrl: 'https://shop.example/' }));
    console.log(JSON.stringify({ total: t1 - t0, first: performance.now() - t1 }));
  }
  process.exit(0);
}

const corpusPath = resolve(root, process.argv[2] ?? '../shared/data/requests-brave-8276.json');
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')).map(({ url, type, sourceUrl }) => ({ url, type, sourceUrl }));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
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

// The extension's per-request path: the source page is set when it changes (the corpus
// interleaves pages, so that is every ~2.5 requests here), the type name becomes its code
// through a Map filled on first sight.
const typeCodes = new Map();
const typeCode = (t) => {
  let c = typeCodes.get(t);
  if (c === undefined) typeCodes.set(t, (c = core.requestTypeCode(t)));
  return c;
};
let lastSource = null;
const sides = {
  shoptrust: (r) => {
    if (r.sourceUrl !== lastSource) core.setSourcePage((lastSource = r.sourceUrl));
    return core.classifyRequest(r.url, typeCode(r.type));
  },
  ghosteryEngine: (r) => engine.match(Request.fromRawDetails({ url: r.url, type: r.type, sourceUrl: r.sourceUrl })),
  ghosterySdkMatchUrl: (r) => sdk.matchUrl({ url: r.url, type: r.type, sourceUrl: r.sourceUrl }),
};
const warm = {};
for (const [name, s] of Object.entries(timePerRequest(sides))) {
  warm[name] = { median: quantile(s, 0.5), p99: quantile(s, 0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

// --- cold (fresh processes) ---
// Fresh processes on a shared machine vary by several ms; 15 runs per side steady the medians.
const RUNS = 15;
const cold = { shoptrust: [], ghosteryEngine: [], ghosteryFirst: [] };
const parts = { compile: [], instantiate: [], load: [], first: [] };
for (let i = 0; i < RUNS; i++) {
  for (const side of ['shoptrust', 'ghostery']) {
    const out = JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--cold', side], { encoding: 'utf8' }));
    if (side === 'shoptrust') {
      cold.shoptrust.push(out.total);
      for (const k of Object.keys(parts)) parts[k].push(out[k]);
    } else {
      cold.ghosteryEngine.push(out.total);
      cold.ghosteryFirst.push(out.first);
    }
  }
}

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

const f = (x) => x.toFixed(2);
console.log(`corpus: ${corpus.length} requests (${corpusPath}); data: ${core.trackerDbSource()}; node ${process.version}`);
console.log(`timer floor (hrtime pair): ${f(timerFloor())} µs`);
console.log('warm per request (µs):        median     p99    mean');
for (const [name, w] of Object.entries(warm)) {
  console.log(`  ${name.padEnd(24)} ${f(w.median).padStart(8)} ${f(w.p99).padStart(7)} ${f(w.mean).padStart(7)}`);
}
console.log(`cold start (ms, median of ${RUNS} fresh processes):`);
console.log(`  shoptrust                wasm compile ${f(median(parts.compile))} + instantiate ${f(median(parts.instantiate))} + data load ${f(median(parts.load))} = ${f(median(cold.shoptrust))} (first request after: ${f(median(parts.first))})`);
console.log(`  ghostery engine          deserialize ${f(median(cold.ghosteryEngine))} (first request after: ${f(median(cold.ghosteryFirst))})`);
console.log(`sizes: wasm ${wasm.length} B (gzip ${gz(wasm)}), tracker data ${tdb.length} B (gzip ${gz(tdb)}), together ${wasm.length + tdb.length} B (gzip ${gz(wasm) + gz(tdb)})`);
console.log(`       wasm code section ${sections.code} B, data section ${sections.data} B (the Public Suffix List table is data)`);
console.log(`       ghostery trackerdb.engine ${engineBytes.length} B (gzip ${gz(engineBytes)})`);
console.log(`sdk matchUrl / engine median: ${f(warm.ghosterySdkMatchUrl.median / warm.ghosteryEngine.median)}`);
console.log(`classify median ratio: ${(warm.shoptrust.median / warm.ghosteryEngine.median).toFixed(3)}`);
console.log(`classify p99 ratio: ${(warm.shoptrust.p99 / warm.ghosteryEngine.p99).toFixed(3)}`);
console.log(`cold start ratio: ${(median(cold.shoptrust) / median(cold.ghosteryEngine)).toFixed(3)}`);
