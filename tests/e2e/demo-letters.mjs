// The letters each demo shop gets in Chromium, kept between the two end-to-end suites of one
// `cargo xtask test`: tests/e2e/popup.test.mjs judges every demo shop in Chromium anyway and
// records them; tests/e2e-firefox/same-grades.test.mjs compares Firefox with those instead
// of judging every shop in Chromium a second time (about 135 s). The record is keyed by a
// hash of everything that decides a letter — the Chromium package, the demo server's pages
// and the drivers — so a record from another build or other shops is never used: the
// Firefox test then judges the shops in Chromium itself.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { ROOT, EXTENSION_DIR } from '../../xtask/js/chromium.mjs';

const RECORD = path.join(ROOT, 'target/e2e/chromium-demo-letters.json');
const INPUTS = [EXTENSION_DIR, path.join(ROOT, 'www'), path.join(ROOT, 'xtask/js')];

/** What the two browsers must agree on, from a `scan` result (see scan.mjs publicReport). */
export const letters = (result) => ({
  grade: result.grade,
  badge: result.badge?.text ?? null,
  concerns: Object.fromEntries(Object.entries(result.concerns).map(([concern, c]) => [concern, c.grade])),
});

function filesUnder(dir) {
  return fs.readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => path.join(e.parentPath ?? e.path, e.name))
    .sort();
}

let stampOnce = null;
/** A hash of every file the letters depend on (computed once per process). */
function stamp() {
  if (stampOnce) return stampOnce;
  const hash = createHash('sha256');
  for (const file of INPUTS.flatMap(filesUnder)) {
    hash.update(path.relative(ROOT, file)).update('\0').update(fs.readFileSync(file)).update('\0');
  }
  stampOnce = hash.digest('hex');
  return stampOnce;
}

function read() {
  try {
    const record = JSON.parse(fs.readFileSync(RECORD, 'utf8'));
    return record.stamp === stamp() ? record.shops : {};
  } catch {
    return {};
  }
}

/** Records the letters `shop` got in Chromium with this build. */
export function recordChromiumLetters(shop, shopLetters) {
  const shops = { ...read(), [shop]: shopLetters };
  fs.mkdirSync(path.dirname(RECORD), { recursive: true });
  const temp = `${RECORD}.${process.pid}`;
  fs.writeFileSync(temp, JSON.stringify({ stamp: stamp(), shops }, null, 1));
  fs.renameSync(temp, RECORD);
}

/** The letters recorded in Chromium with this very build, by shop (empty when none). */
export function recordedChromiumLetters() {
  return read();
}
