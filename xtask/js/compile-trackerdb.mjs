// Compiles @ghostery/trackerdb's dist/trackerdb.json into ShopTrust's tracker data image
// (dist/trackerdb.tdb), the file the wasm core loads once per worker start.
//
// This step only selects and renumbers fields (descriptions, tags and contacts are dropped)
// into a line-per-record text. `cargo xtask build` then compiles that text with the Rust core
// itself (src/tracking/compile.rs) into the binary image with the finished match index, so a
// worker start only checks a header and every matching decision lives in the core.
// Updating the data = bumping the npm package version.
//
// Usage: node xtask/js/compile-trackerdb.mjs [out=target/trackerdb/trackerdb.txt]

import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..', '..');
// The package's `exports` hide package.json and dist/, so read them by path.
const pkgDir = resolve(root, 'node_modules/@ghostery/trackerdb');
const pkgJson = resolve(pkgDir, 'package.json');
const version = JSON.parse(readFileSync(pkgJson, 'utf8')).version;
const db = JSON.parse(readFileSync(resolve(pkgDir, 'dist/trackerdb.json'), 'utf8'));
const out = resolve(root, process.argv[2] ?? 'target/trackerdb/trackerdb.txt');

// Tabs and newlines separate fields and records; the data never contains them, but a
// stray one must not shift a field.
const clean = (v) => String(v ?? '').replace(/[\t\r\n]+/g, ' ').trim();

const lines = ['shoptrust-trackerdb 1', `source @ghostery/trackerdb ${version}`];

const categoryIndex = new Map();
for (const [key, c] of Object.entries(db.categories)) {
  categoryIndex.set(key, categoryIndex.size);
  lines.push(`c ${clean(key)}\t${clean(c.name)}`);
}

const orgIndex = new Map();
for (const [key, o] of Object.entries(db.organizations)) {
  orgIndex.set(key, orgIndex.size);
  lines.push(`o ${clean(key)}\t${clean(o.name)}\t${clean(o.country)}\t${clean(o.privacy_policy_url)}\t${clean(o.website_url)}`);
}

let patterns = 0;
let unknownCategory = 0;
for (const [key, p] of Object.entries(db.patterns)) {
  if (!categoryIndex.has(p.category)) {
    // The reference SDK keeps such a pattern without category details; ours needs an index.
    unknownCategory++;
    categoryIndex.set(p.category, categoryIndex.size);
    lines.push(`c ${clean(p.category)}\t${clean(p.category)}`);
  }
  const org = p.organization != null && orgIndex.has(p.organization) ? orgIndex.get(p.organization) : '';
  lines.push(`p ${clean(key)}\t${clean(p.name)}\t${categoryIndex.get(p.category)}\t${org}`);
  for (const d of p.domains ?? []) lines.push(`d ${clean(d)}`);
  for (const f of p.filters ?? []) lines.push(`f ${clean(f)}`);
  patterns++;
}

// Categories must precede the patterns that use them; move late additions up front.
const text = [
  ...lines.slice(0, 2),
  ...lines.slice(2).filter((l) => l.startsWith('c ')),
  ...lines.slice(2).filter((l) => !l.startsWith('c ')),
].join('\n') + '\n';

mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, text);
console.log(`@ghostery/trackerdb ${version}: ${categoryIndex.size} categories, ${orgIndex.size} organisations, ${patterns} patterns` +
  (unknownCategory ? ` (${unknownCategory} with an unlisted category)` : ''));
console.log(`wrote ${out}: ${Buffer.byteLength(text)} bytes`);
