// The worker's per-request classifier path (extension/background/classifier-input.js): URLs
// written into the core's input buffer must get exactly the answers the string-argument
// exports give, for ASCII and non-ASCII URLs, URLs too long for the buffer, and after the
// wasm memory has grown (which replaces the buffer's ArrayBuffer). Runs the wasm built for
// node (`cargo xtask build`).
import test from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { loadCore } from '../../xtask/js/wasm-node.mjs';
import { bufferedClassifier } from '../../extension/background/classifier-input.js';
import { coreClassifier } from '../../extension/background/request-budget.js';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '../..');

function core() {
  for (const file of ['dist/node/shoptrust.js', 'dist/trackerdb.tdb']) {
    assert.ok(fs.existsSync(path.join(root, file)), `${file} is missing: run \`cargo xtask build\` first`);
  }
  const c = loadCore(root);
  c.trackerDbLoad(fs.readFileSync(path.join(root, 'dist/trackerdb.tdb')));
  return c;
}

const SHOP = 'https://shop.example/';
const REQUESTS = [
  ['https://www.google-analytics.com/analytics.js', 'script', SHOP],
  ['https://connect.facebook.net/en_US/fbevents.js', 'script', SHOP],
  ['https://cdn.shop.example/app.js', 'script', SHOP],
  ['https://static.hotjar.com/c/hotjar-1.js?sv=6', 'script', 'https://www.other-shop.test/cart'],
  ['https://www.googletagmanager.com/gtm.js?id=GTM-X', 'script', 'about:blank'],
  // Non-ASCII: a Unicode host (punycode in the core), a path with é, an emoji in the query.
  ['https://bücher.example/book.png', 'image', 'https://bücher.example/'],
  ['https://www.google-analytics.com/collect?t=café', 'ping', 'https://Bücher.example/é'],
  ['https://www.facebook.com/tr?ev=🛒', 'image', SHOP],
  // Longer than the buffer, ASCII and not: the string path answers.
  [`https://www.google-analytics.com/collect?${'v=1&'.repeat(2000)}`, 'xmlhttprequest', SHOP],
  // (a tracker known by the end of its path: a cut-off copy would not be one)
  [`https://cdn.other.test/${'€'.repeat(1100)}/piwik.js`, 'script', `https://shop.example/${'€'.repeat(1100)}`],
  ['', 'other', ''],
];

function viaStrings(c, [url, type, source]) {
  c.setSourcePage(source);
  return c.classifyRequest(url, c.requestTypeCode(type));
}

function viaBuffer(c, input, [url, type, source]) {
  input.setSourcePage(source);
  return input.classify(url, c.requestTypeCode(type));
}

test('URLs written into the input buffer get the answers of the string-argument exports', () => {
  const c = core();
  const input = bufferedClassifier(c);
  const [, capacity] = c.classifierInput();
  assert.ok(REQUESTS.some(([url]) => url.length > capacity), 'some URL is longer than the buffer');
  const trackers = REQUESTS.filter((r) => (viaStrings(c, r) >>> 3) !== 0);
  assert.ok(trackers.length >= 4, 'the sample has trackers');
  assert.ok(trackers.some(([url]) => url.endsWith('/piwik.js') && url.length > capacity / 3), 'the long tracker URL is one');
  for (const r of REQUESTS) assert.equal(viaBuffer(c, input, r), viaStrings(c, r), r[0].slice(0, 80));
  // The source page set through the buffer is the one the next request is judged against.
  input.setSourcePage('https://cdn.shop.example/page');
  const firstParty = input.classify('https://shop.example/x.js', c.requestTypeCode('script'));
  input.setSourcePage('https://elsewhere.test/');
  const thirdParty = input.classify('https://shop.example/x.js', c.requestTypeCode('script'));
  assert.equal(firstParty & 3, 0);
  assert.equal(thirdParty & 3, 1);
});

test('the input buffer still works after the wasm memory has grown', () => {
  const c = core();
  // Which export answered: a URL that fits must go through the buffer, before and after.
  const paths = [];
  const spied = {
    ...c,
    classifyInput: (...args) => { paths.push('buffer'); return c.classifyInput(...args); },
    classifyRequest: (...args) => { paths.push('string'); return c.classifyRequest(...args); },
  };
  const input = bufferedClassifier(spied);
  const memory = c.classifierMemory();
  const before = memory.buffer.byteLength;
  assert.equal(viaBuffer(c, input, REQUESTS[0]), viaStrings(c, REQUESTS[0]));
  // Bytes handed to `trackerDbLoad` are copied into wasm memory first: 64 MB of them make it
  // grow. They are no tracker data, so the loaded data stays.
  assert.throws(() => c.trackerDbLoad(new Uint8Array(64 << 20)));
  assert.ok(memory.buffer.byteLength > before, 'the memory grew');
  paths.length = 0;
  for (const r of REQUESTS) assert.equal(viaBuffer(c, input, r), viaStrings(c, r), r[0].slice(0, 80));
  const [, capacity] = c.classifierInput();
  const expected = REQUESTS.map(([url]) => (Buffer.byteLength(url) <= capacity ? 'buffer' : 'string'));
  assert.ok(expected.includes('string') && expected.includes('buffer'));
  assert.deepEqual(paths, expected, 'a URL that fits goes through the buffer, a longer one as a string');
});

test('the worker\'s classifier answers through the buffer once the core has started, and throws before', () => {
  const notStarted = { classifierInput() { throw new TypeError('wasm not started'); } };
  assert.throws(() => coreClassifier(notStarted)('https://x.test/', 'script', SHOP), /not started/);
  const c = core();
  const classify = coreClassifier(c);
  assert.deepEqual(classify(...REQUESTS[0]), { tracker: true, thirdParty: true });
  assert.deepEqual(classify(...REQUESTS[2]), { tracker: false, thirdParty: false });
  assert.deepEqual(classify('https://cdn.other.test/lib.js', 'script', SHOP), { tracker: false, thirdParty: true });
});

test('a source page set again is selected by its token, and set by its URL once the core has forgotten it', () => {
  const c = core();
  const calls = [];
  const spied = {
    ...c,
    selectSourcePage: (t) => { const ok = c.selectSourcePage(t); calls.push(ok ? 'token' : 'stale'); return ok; },
    setSourcePageInput: (len) => { calls.push('url'); return c.setSourcePageInput(len); },
  };
  const input = bufferedClassifier(spied);
  const script = c.requestTypeCode('script');
  const ask = (source) => { input.setSourcePage(source); return input.classify('https://cdn.shop.example/app.js', script); };
  const expected = (source) => { c.setSourcePage(source); return c.classifyRequest('https://cdn.shop.example/app.js', script); };
  const OTHER = 'https://elsewhere.test/';
  assert.equal(ask(SHOP) & 3, 0);
  assert.equal(ask(OTHER) & 3, 1);
  assert.deepEqual(calls.splice(0), ['url', 'url']);
  assert.equal(ask(SHOP) & 3, 0);
  assert.deepEqual(calls.splice(0), ['token'], 'a recent page crosses as its token');
  // Another caller sets enough pages for the core to forget both: the tokens are refused and
  // the URLs written again, with the same answers as the string exports.
  for (let i = 0; i < 8; i++) c.setSourcePage(`https://page${i}.test/`);
  for (const source of [OTHER, SHOP]) assert.equal(ask(source), expected(source));
  assert.deepEqual(calls.splice(0), ['stale', 'url', 'stale', 'url']);
});
