// `cargo xtask bench` (wasm half): the core under node, the content script's collection
// time in Chromium on a 10,000-element page, and the size of what ships.
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { ROOT, launchWithExtension, tabIdOf, tabState, currentWorker } from './chromium.mjs';
import { loadCore } from './wasm-node.mjs';
import { heavyHtml } from './heavy-page.mjs';
import { benchTimeToBadge } from './bench-badge.mjs';

const core = loadCore(ROOT);
// Evaluate as the worker does: with the tracker data loaded.
core.trackerDbLoad(fs.readFileSync(path.join(ROOT, 'dist/trackerdb.tdb')));

// The same pages the native half times (xtask/src/bench_native.rs).
const DEMO_FIXTURES = [
  'tests/fixtures/connection/secure_shop_checkout.json',
  'tests/fixtures/connection/http_shop_checkout_card_form.json',
  'tests/fixtures/connection/mixed_shop_checkout_posts_card_over_http.json',
];

function heavyPage() {
  const inputs = Array.from({ length: 5000 }, (_, i) => ({ type: 'text', name: `field_${i}`, id: '', autocomplete: '', label: `Option ${i}`, placeholder: '', visible: true }));
  const resources = Array.from({ length: 2000 }, (_, i) => ({ url: `https://cdn${i % 40}.example.test/asset/${i}.js`, initiatorType: i % 3 === 0 ? 'img' : 'script' }));
  const scripts = Array.from({ length: 300 }, (_, i) => ({ src: `https://cdn${i % 40}.example.test/asset/${i}.js`, integrity: '', type: '' }));
  return { facts: { schemaVersion: 1, url: 'https://heavy.example.test/catalogue', isSecureContext: true, looseInputs: inputs, resources, scripts } };
}

export function stats(samples) {
  const sorted = [...samples].sort((a, b) => a - b);
  const pick = (q) => sorted[Math.round((sorted.length - 1) * q)];
  return { median: pick(0.5), p99: pick(0.99), n: sorted.length };
}

// As the worker calls it: the page object to JSON, the report back to an object.
const evaluate = (page) => JSON.parse(core.evaluate(JSON.stringify(page)));

function timeEach(pages, rounds) {
  for (const p of pages) evaluate(p);
  const micros = [];
  for (let r = 0; r < rounds; r++) {
    for (const p of pages) {
      const start = process.hrtime.bigint();
      evaluate(p);
      micros.push(Number(process.hrtime.bigint() - start) / 1000);
    }
  }
  return stats(micros);
}

const fmt = (s, unit = 'µs') => `median ${s.median.toFixed(1)} ${unit}, p99 ${s.p99.toFixed(1)} ${unit} (${s.n} runs)`;

function benchCore() {
  const demo = DEMO_FIXTURES.map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  console.log('core evaluation, wasm in node (tracker data loaded; JS object in, report object out, through JSON as the worker does):');
  console.log(`  demo-shop facts: ${fmt(timeEach(demo, 2000))}`);
  console.log(`  heavy page (5,000 inputs, 2,000 resources): ${fmt(timeEach([heavyPage()], 200))}`);
  const payment = PAYMENT_FIXTURES.map((f) => JSON.parse(fs.readFileSync(path.join(ROOT, f), 'utf8')));
  console.log(`  payment checkouts (skimmer, leaky, provider setup): ${fmt(timeEach(payment, 1000))}`);
  console.log(`  payment page at the content script's inline-text caps (8 × 16 KB): ${fmt(timeEach([inlineCapsPage(payment[0])], 50))}`);
  benchTyped();
}

// ---- "Data you type" (issue 12), its own block: keep other sections out of it. ----
// Every token of 8 typed fields (every encoding) against 1,000 requests with bodies up to
// 4 KB (src/typed/bench.rs), in wasm; the issue asks under 5 ms (median and p99 printed).
// V8 first runs wasm as its baseline (Liftoff) code and optimises the hot functions in the
// background: the first few dozen calls of a fresh process take 3-10 times as long and would
// be the p99 of 200 runs whatever the search costs. They are run first, untimed (each timed
// run still derives every token and searches every request: one page's whole work).
const TYPED_WARM_RUNS = 50;

function benchTyped() {
  core.typedBenchPrepare(1000);
  const leaks = core.typedBenchRun();
  if (leaks === 0) throw new Error('the typed-data workload found no leak: the benchmark is not measuring the search');
  for (let r = 0; r < TYPED_WARM_RUNS; r++) core.typedBenchRun();
  const ms = [];
  for (let r = 0; r < 200; r++) {
    const start = process.hrtime.bigint();
    core.typedBenchRun();
    ms.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  console.log(`  data you type, 8 fields × every encoding vs 1,000 requests (bodies ≤ 4 KB): ${fmt(stats(ms), 'ms')}`);
}
// ---- end of "Data you type" ----

// The payment concern reads inline script text; these time its skimming check.
const PAYMENT_FIXTURES = [
  'tests/fixtures/payment/obfuscated_skimmer_beacons_card.json',
  'tests/fixtures/payment/card_fields_beside_session_replay_and_unpinned_third_parties.json',
  'tests/fixtures/payment/provider_scripts_and_their_inline_setup.json',
];

/** A card page whose inline scripts fill content.js's caps (16,384 characters each, 131,072 in all). */
function inlineCapsPage(base) {
  const bundle = 'var e=document.getElementById("card-number");e&&e.addEventListener("input",function(){var t=e.value.replace(/\\D/g,"");fetch("/api/bin?b="+t.slice(0,6))});"\\x41\\x42";String.fromCharCode(65);';
  const text = bundle.repeat(Math.ceil(16384 / bundle.length)).slice(0, 16384);
  const page = structuredClone(base);
  page.facts.payment.inlineScriptTexts = Array.from({ length: 8 }, () => ({ text, bytes: text.length, nonce: false }));
  page.facts.inlineScripts = { count: 8, totalBytes: 8 * text.length };
  return page;
}

// Long tasks (> 50 ms) on the page's main thread, where content scripts run too: counted by
// a PerformanceObserver the page itself would use, registered before the page's own scripts.
function countLongTasks() {
  window.__benchLongTasks = 0;
  try {
    new PerformanceObserver((list) => { window.__benchLongTasks += list.getEntries().length; })
      .observe({ type: 'longtask', buffered: true });
  } catch { /* no Long Tasks API */ }
}
const LONG_TASK_SETTLE_MS = 1500;

// A copy of the extension whose content scripts are `keep(scripts)`: none (what the page
// costs with no ShopTrust in it), or the collector without the consent scripts.
function extensionWithContentScripts(keep) {
  const dir = fs.mkdtempSync(path.join(ROOT, 'target/bench-content-'));
  fs.cpSync(path.join(ROOT, 'dist/chromium'), dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.content_scripts = keep(manifest.content_scripts);
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}
const CONSENT_SCRIPTS = new Set(['vendor/autoconsent.js', 'consent.js', 'consent-main.js']);
const collectorOnly = (scripts) => scripts
  .map((cs) => ({ ...cs, js: cs.js.filter((f) => !CONSENT_SCRIPTS.has(f)) }))
  .filter((cs) => cs.js.some((f) => f !== 'contract.js'));

async function longTasksWith(keep, runs) {
  const bare = extensionWithContentScripts(keep);
  const browser = await launchWithExtension({ extensionDir: bare });
  let count = 0;
  try {
    const html = heavyHtml();
    await browser.ctx.route('https://heavy.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    const page = await browser.ctx.newPage();
    await page.addInitScript(countLongTasks);
    await page.goto('https://heavy.test/');
    for (let run = 0; run < runs; run++) {
      await page.reload();
      await new Promise((r) => setTimeout(r, LONG_TASK_SETTLE_MS));
      count += await page.evaluate(() => window.__benchLongTasks);
    }
  } finally {
    await browser.close();
    fs.rmSync(bare, { recursive: true, force: true });
  }
  return count;
}

async function benchCollection() {
  const browser = await launchWithExtension();
  const samples = [];
  const later = []; // reports after a change on the page, which reuse what the first one read
  let laterMissed = 0;
  let truncated = [];
  let longTasks = 0;
  try {
    const html = heavyHtml();
    await browser.ctx.route('https://heavy.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    const page = await browser.ctx.newPage();
    await page.addInitScript(countLongTasks);
    await page.goto('https://heavy.test/');
    const tabId = await tabIdOf(browser.ctx, page);
    for (let run = 0; run < 12; run++) {
      if (run) await page.reload();
      let facts = null;
      for (let i = 0; i < 100 && !facts; i++) {
        const state = await tabState(browser.ctx, tabId);
        if (state?.facts?.collectionMs > 0 && state.facts.url === 'https://heavy.test/' && state.updatedAt > 0) facts = state.facts;
        else await new Promise((r) => setTimeout(r, 100));
      }
      if (!facts) throw new Error('the content script reported no facts on the heavy page');
      if (run) samples.push(facts.collectionMs); // the first load warms the caches
      truncated = facts.truncated ?? [];
      if (run) {
        await new Promise((r) => setTimeout(r, LONG_TASK_SETTLE_MS));
        longTasks += await page.evaluate(() => window.__benchLongTasks);
        // A change that re-sends the facts: the form's action moves.
        const action = `https://heavy.test/cart-${run}`;
        await page.evaluate((a) => document.querySelector('form').setAttribute('action', a), action);
        let again = null;
        for (let i = 0; i < 100 && !again; i++) {
          const state = await tabState(browser.ctx, tabId);
          if (state?.facts?.forms?.[0]?.action === action) again = state.facts;
          else await new Promise((r) => setTimeout(r, 100));
        }
        // On a loaded machine a report may run out of time before the forms: counted, not timed.
        if (again) later.push(again.collectionMs);
        else laterMissed++;
      }
      const worker = await currentWorker(browser.ctx);
      await worker.evaluate((id) => chrome.storage.session.remove(`tab:${id}`), tabId);
    }
  } finally {
    await browser.close();
  }
  const count = await countElements();
  console.log(`content-script collection in Chromium, ${count}-element page: ${fmt(stats(samples), 'ms')}`);
  if (later.length) console.log(`  later report on that page (after the form's action changes): ${fmt(stats(later), 'ms')}`);
  if (laterMissed) console.log(`  (${laterMissed} later reports did not show the changed form within 10 s)`);
  if (truncated.length) console.log(`  (caps hit: ${truncated.map((t) => `${t.list} ${t.kept}/${t.seen}`).join(', ')})`);
  const none = await longTasksWith(() => [], samples.length);
  const collector = await longTasksWith(collectorOnly, samples.length);
  console.log(`  long tasks (> 50 ms) on that page in ${samples.length} loads: ${none} without ShopTrust's content scripts, ` +
    `${collector} with the collector alone (content.js, shadow-main.js), ${longTasks} with all of them (consent scripts too)`);
}

// Consent: what the consent scripts (autoconsent bundle, consent.js, the main-world script)
// add to a heavy page with a cookie banner, as main-thread script time Chromium counts for
// the page (CDP Performance.getMetrics ScriptDuration, which includes content scripts) over
// the 8 s in which autoconsent detects, against the same extension without those scripts.
// Then the next 8 s (8–16 s after load) on the same page, which no longer changes: once
// detection has settled, ShopTrust's content scripts should do no periodic work there.
function heavyHtmlWithBanner() {
  return heavyHtml().replace('</body>', '<div id="cookie-banner" style="position:fixed;bottom:0;left:0;right:0;background:#fff;padding:1rem">' +
    '<p>We use cookies for analytics and ads.</p><button>Accept all</button><button>Reject all</button></div></body>');
}

function extensionWithoutConsent() {
  const dir = fs.mkdtempSync(path.join(ROOT, 'target/bench-no-consent-'));
  fs.cpSync(path.join(ROOT, 'dist/chromium'), dir, { recursive: true });
  const manifest = JSON.parse(fs.readFileSync(path.join(dir, 'manifest.json'), 'utf8'));
  manifest.content_scripts = manifest.content_scripts
    .filter((cs) => cs.world !== 'MAIN')
    .map((cs) => ({ ...cs, js: cs.js.filter((f) => f === 'contract.js' || f === 'content.js') }))
    .filter((cs) => cs.js.includes('content.js')); // entries without the collector have nothing left to run
  fs.writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
  return dir;
}

const SETTLE_WINDOW_MS = 8000;

async function scriptTime(extensionDir, runs) {
  const browser = await launchWithExtension({ extensionDir });
  const script = [];
  const settled = [];
  const collection = [];
  try {
    const html = heavyHtmlWithBanner();
    await browser.ctx.route('https://heavy.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
    const page = await browser.ctx.newPage();
    const cdp = await browser.ctx.newCDPSession(page);
    await cdp.send('Performance.enable');
    const metric = async (name) => (await cdp.send('Performance.getMetrics')).metrics.find((m) => m.name === name).value;
    const tabId = await (async () => { await page.goto('https://heavy.test/'); return tabIdOf(browser.ctx, page); })();
    for (let run = 0; run <= runs; run++) {
      await page.reload();
      const loaded = performance.now();
      const before = await metric('ScriptDuration');
      await new Promise((r) => setTimeout(r, SETTLE_WINDOW_MS));
      const atEight = await metric('ScriptDuration');
      await new Promise((r) => setTimeout(r, Math.max(0, loaded + 2 * SETTLE_WINDOW_MS - performance.now())));
      const atSixteen = await metric('ScriptDuration');
      const state = await tabState(browser.ctx, tabId);
      if (run) { // the first load warms the caches
        script.push((atEight - before) * 1000);
        settled.push((atSixteen - atEight) * 1000);
        if (state?.facts?.collectionMs > 0) collection.push(state.facts.collectionMs);
      }
    }
  } finally {
    await browser.close();
  }
  return { script: stats(script), settled: stats(settled), collection: stats(collection) };
}

async function benchConsent() {
  const bare = extensionWithoutConsent();
  try {
    const withConsent = await scriptTime(path.join(ROOT, 'dist/chromium'), 6);
    const without = await scriptTime(bare, 6);
    const added = withConsent.script.median - without.script.median;
    console.log(`consent scripts on a ${await countElements()}-element page with a cookie banner, 8 s after each load:`);
    console.log(`  page script time with consent (autoconsent running): ${fmt(withConsent.script, 'ms')}`);
    console.log(`  page script time without the consent scripts:        ${fmt(without.script, 'ms')}`);
    console.log(`  added by consent (difference of medians): ${added.toFixed(1)} ms, ` +
      `${(added / without.script.median).toFixed(2)}× the page's script time without them (bar: at most 0.5×)`);
    console.log(`  collector's own time per report, with / without consent facts: median ${withConsent.collection.median.toFixed(1)} / ${without.collection.median.toFixed(1)} ms`);
    console.log(`  8–16 s after load, the page unchanged: script time with all content scripts ${fmt(withConsent.settled, 'ms')} ` +
      `(bar: under 5 ms); without the consent scripts median ${without.settled.median.toFixed(1)} ms`);
  } finally {
    fs.rmSync(bare, { recursive: true, force: true });
  }
}

async function countElements() {
  return (heavyHtml().match(/<[a-z0-9]+/gi) ?? []).length;
}

function sizes() {
  const wasm = fs.readFileSync(path.join(ROOT, 'dist/chromium/pkg/shoptrust_bg.wasm'));
  console.log(`wasm size: ${wasm.length} bytes raw, ${zlib.gzipSync(wasm, { level: 9 }).length} bytes gzipped`);
  const zip = fs.statSync(path.join(ROOT, 'dist/shoptrust-chromium.zip')).size;
  return zip;
}

// `node xtask/js/bench.mjs consent`: the consent section alone.
if (process.argv[2] === 'consent') {
  await benchConsent();
  process.exit(0);
}
// `node xtask/js/bench.mjs collector`: the content script's collection on the heavy page alone.
if (process.argv[2] === 'collector') {
  await benchCollection();
  process.exit(0);
}
// `node xtask/js/bench.mjs core`: the core's timings in node alone (no browser).
if (process.argv[2] === 'core') {
  benchCore();
  process.exit(0);
}
benchCore();
await benchCollection();
await benchConsent();
// Time to badge in Chromium, warm and cold worker (issue 14): xtask/js/bench-badge.mjs.
await benchTimeToBadge();
const zipBytes = sizes();
// The tracker classifier against Ghostery's engine, in its own node process so neither
// side inherits the other's warm JIT state from the benchmarks above: warm per request, and
// cold start timed the same way on both sides (code and data loaded, first request
// classified, fresh processes). It prints the three ratio lines last, and the zip size
// closes the run.
console.log('tracker classification, ShopTrust vs Ghostery on the same corpus (warm, then cold start):');
execFileSync(process.execPath, [path.join(ROOT, 'xtask/js/bench-tracking.mjs')], { stdio: 'inherit' });
console.log(`zip bytes: ${zipBytes}`);
