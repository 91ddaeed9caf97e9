// Agreement between ShopTrust's tracker classifier (the wasm build, as the extension runs
// it) and @ghostery/trackerdb's own SDK `matchUrl`, on the same data version, over a corpus
// of real requests (url, type, sourceUrl).
//
// A request agrees when both say "not a tracker", or both say "tracker" and name the same
// primary pattern (the SDK's first match; organisation follows from the pattern). Every
// disagreement is printed; the last line is `agreement: P% (N/M)`.
//
// Needs: node xtask/js/compile-trackerdb.mjs, and the wasm built for node:
//   cargo build --lib --release --target wasm32-unknown-unknown
//   wasm-bindgen --target nodejs --out-dir dist/node target/wasm32-unknown-unknown/release/shoptrust.wasm
// Usage: node xtask/js/agreement.mjs [--sets] [corpus=../shared/data/requests-brave-8276.json]

import { readFileSync } from 'node:fs';
import { loadCore } from './wasm-node.mjs';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
// --sets also prints requests where the full lists of matched patterns differ.
const args = process.argv.slice(2);
const showSets = args.includes('--sets');
const corpusPath = resolve(root, args.find((a) => !a.startsWith('--')) ?? '../shared/data/requests-brave-8276.json');

const trackerdbDir = resolve(root, 'node_modules/@ghostery/trackerdb');
const { default: loadTrackerDB } = await import(resolve(trackerdbDir, 'dist/mjs/index.js'));
const reference = await loadTrackerDB(readFileSync(resolve(trackerdbDir, 'dist/trackerdb.engine')));
const refVersion = JSON.parse(readFileSync(resolve(trackerdbDir, 'package.json'), 'utf8')).version;

const core = loadCore(root);
core.trackerDbLoad(readFileSync(resolve(root, 'dist/trackerdb.tdb')));
const source = core.trackerDbSource();
if (source !== `@ghostery/trackerdb ${refVersion}`) {
  console.error(`data version mismatch: ShopTrust has ${source}, reference is ${refVersion}; run compile-trackerdb.mjs`);
  process.exit(2);
}

const keyOf = new Map();
const patternKey = (id) => {
  if (!keyOf.has(id)) keyOf.set(id, JSON.parse(core.trackerInfo(id) ?? 'null')?.key ?? `#${id}`);
  return keyOf.get(id);
};

const corpus = JSON.parse(readFileSync(corpusPath, 'utf8'));
const typeCodes = new Map();
let lastSource = null;
let agree = 0;
let sameSet = 0;
let trackers = 0;
const disagreements = [];
for (const { url, type, sourceUrl } of corpus) {
  const ref = reference.matchUrl({ url, type, sourceUrl }).map((m) => m.pattern.key);
  if (!typeCodes.has(type)) typeCodes.set(type, core.requestTypeCode(type));
  if (sourceUrl !== lastSource) core.setSourcePage((lastSource = sourceUrl));
  const packed = core.classifyRequest(url, typeCodes.get(type));
  const primary = packed >>> 3;
  const ours = [...core.lastMatches()].map(patternKey);
  const oursPrimary = primary === 0 ? null : patternKey(primary - 1);
  const refPrimary = ref[0] ?? null;
  if (refPrimary !== null) trackers++;
  if (oursPrimary === refPrimary) agree++;
  else disagreements.push({ url, type, sourceUrl, reference: ref, shoptrust: ours });
  if (ours.length === ref.length && ours.every((k) => ref.includes(k))) sameSet++;
  else if (showSets) console.log(`SET ${type} ${url.slice(0, 120)}\n     reference: ${ref.join(', ')}\n     shoptrust: ${ours.join(', ')}`);
}

for (const d of disagreements) {
  console.log(`DIFF ${d.type} ${d.url.slice(0, 160)}  source=${d.sourceUrl.slice(0, 60)}`);
  console.log(`     reference: ${d.reference.join(', ') || '-'}`);
  console.log(`     shoptrust: ${d.shoptrust.join(', ') || '-'}`);
}
const pct = (n) => ((100 * n) / corpus.length).toFixed(2);
console.log(`data: ${source}; corpus: ${corpusPath} (${corpus.length} requests, ${trackers} trackers per the reference)`);
console.log(`same set of patterns: ${pct(sameSet)}% (${sameSet}/${corpus.length})`);
console.log(`agreement: ${pct(agree)}% (${agree}/${corpus.length})`);
