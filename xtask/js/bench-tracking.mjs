// Speed of ShopTrust's tracker classifier (the wasm build, called across the JS↔wasm
// boundary once per request, as the extension's service worker will) against Ghostery's
// engine on the same TrackerDB data, in one node process, on a corpus of real requests.
//
// * warm: per-request median and p99 (µs) after a warm-up pass, for ShopTrust's
//   `classifyRequest`, Ghostery's `FiltersEngine.match(Request.fromRawDetails(...))` on the
//   deserialised `trackerdb.engine`, and the SDK's `matchUrl`.
// * cold start: ShopTrust = instantiate the wasm (read, compile, instantiate) + load the
//   tracker data; Ghostery = `FiltersEngine.deserialize(trackerdb.engine)`. Each is timed in
//   fresh node processes (the first call in a process is what a worker start pays); median
//   of several runs.
// * sizes: wasm and tracker data, raw and gzipped.
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
if (process.argv[2] === '--cold') {
  const side = process.argv[3];
  if (side === 'shoptrust') {
    const tdb = readFileSync(tdbPath);
    const t0 = performance.now();
    const core = loadCore(root);
    const t1 = performance.now();
    core.trackerDbLoad(tdb);
    const t2 = performance.now();
    // One request, so a lazily built part would show up here rather than be hidden.
    core.classifyRequest('https://www.google-analytics.com/analytics.js', 'script', 'https://shop.example/');
    const t3 = performance.now();
    console.log(JSON.stringify({ instantiate: t1 - t0, load: t2 - t1, first: t3 - t2, total: t2 - t0 }));
  } else {
    const { FiltersEngine } = await import(adblockerPath);
    const bytes = readFileSync(enginePath);
    const t0 = performance.now();
    FiltersEngine.deserialize(bytes);
    console.log(JSON.stringify({ total: performance.now() - t0 }));
  }
  process.exit(0);
}

const corpusPath = resolve(root, process.argv[2] ?? '../shared/data/requests-brave-8276.json');
const corpus = JSON.parse(readFileSync(corpusPath, 'utf8')).map(({ url, type, sourceUrl }) => ({ url, type, sourceUrl }));

const quantile = (sorted, q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const median = (xs) => quantile([...xs].sort((a, b) => a - b), 0.5);

// Times `fn` on every request, `passes` times after one warm-up pass; returns µs samples.
function timePerRequest(fn, passes = 3) {
  for (const r of corpus) fn(r);
  const samples = new Float64Array(corpus.length * passes);
  let k = 0;
  for (let p = 0; p < passes; p++) {
    for (const r of corpus) {
      const t0 = process.hrtime.bigint();
      fn(r);
      samples[k++] = Number(process.hrtime.bigint() - t0) / 1000;
    }
  }
  // The timer's own cost, measured the same way, is subtracted from nothing: it is the same
  // for every side and reported so the figures can be read against it.
  return samples.sort();
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

const sides = {
  shoptrust: (r) => core.classifyRequest(r.url, r.type, r.sourceUrl),
  ghosteryEngine: (r) => engine.match(Request.fromRawDetails({ url: r.url, type: r.type, sourceUrl: r.sourceUrl })),
  ghosterySdkMatchUrl: (r) => sdk.matchUrl({ url: r.url, type: r.type, sourceUrl: r.sourceUrl }),
};
const warm = {};
for (const [name, fn] of Object.entries(sides)) {
  const s = timePerRequest(fn);
  warm[name] = { median: quantile(s, 0.5), p99: quantile(s, 0.99), mean: s.reduce((a, b) => a + b, 0) / s.length };
}

// --- cold (fresh processes) ---
const RUNS = 7;
const cold = { shoptrust: [], ghosteryEngine: [] };
const parts = { instantiate: [], load: [], first: [] };
for (let i = 0; i < RUNS; i++) {
  for (const side of ['shoptrust', 'ghostery']) {
    const out = JSON.parse(execFileSync(process.execPath, [new URL(import.meta.url).pathname, '--cold', side], { encoding: 'utf8' }));
    if (side === 'shoptrust') {
      cold.shoptrust.push(out.total);
      for (const k of Object.keys(parts)) parts[k].push(out[k]);
    } else cold.ghosteryEngine.push(out.total);
  }
}

// --- sizes ---
const gz = (b) => gzipSync(b, { level: 9 }).length;
const wasm = readFileSync(wasmPath);
const tdb = readFileSync(tdbPath);
const engineBytes = readFileSync(enginePath);

const f = (x) => x.toFixed(2);
console.log(`corpus: ${corpus.length} requests (${corpusPath}); data: ${core.trackerDbSource()}; node ${process.version}`);
console.log(`timer floor (hrtime pair): ${f(timerFloor())} µs`);
console.log('warm per request (µs):        median     p99    mean');
for (const [name, w] of Object.entries(warm)) {
  console.log(`  ${name.padEnd(24)} ${f(w.median).padStart(8)} ${f(w.p99).padStart(7)} ${f(w.mean).padStart(7)}`);
}
console.log(`cold start (ms, median of ${RUNS} fresh processes):`);
console.log(`  shoptrust                wasm instantiate ${f(median(parts.instantiate))} + data load ${f(median(parts.load))} = ${f(median(cold.shoptrust))} (first request after: ${f(median(parts.first))})`);
console.log(`  ghostery engine          deserialize ${f(median(cold.ghosteryEngine))}`);
console.log(`sizes: wasm ${wasm.length} B (gzip ${gz(wasm)}), tracker data ${tdb.length} B (gzip ${gz(tdb)}), together ${wasm.length + tdb.length} B (gzip ${gz(wasm) + gz(tdb)})`);
console.log(`       ghostery trackerdb.engine ${engineBytes.length} B (gzip ${gz(engineBytes)})`);
console.log(`sdk matchUrl / engine median: ${f(warm.ghosterySdkMatchUrl.median / warm.ghosteryEngine.median)}`);
console.log(`classify median ratio: ${(warm.shoptrust.median / warm.ghosteryEngine.median).toFixed(3)}`);
console.log(`classify p99 ratio: ${(warm.shoptrust.p99 / warm.ghosteryEngine.p99).toFixed(3)}`);
console.log(`cold start ratio: ${(median(cold.shoptrust) / median(cold.ghosteryEngine)).toFixed(3)}`);
