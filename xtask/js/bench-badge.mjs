// Time to badge in Chromium (issue 14): on the demo shops, from the page's `load` event to the
// toolbar badge showing its final letter, with the service worker running (warm) and with it
// stopped just before the navigation (cold: the navigation's first event starts it, and it
// compiles the wasm and loads the tracker data before it can judge).
//
// Both clocks are the browser's own wall clock (Date.now() epoch ms): the page's
// `loadEventStart` from its navigation timing entry, and the badge's changes as seen by an
// extension page that polls `chrome.action.getBadgeText({ tabId })` every few ms. The polling
// page is a file the benchmark adds to a copy of the built extension (nothing else differs);
// it talks only to the browser's action API, never to the worker, so it neither wakes nor
// keeps alive the worker it watches. The worker is stopped through CDP
// (`ServiceWorker.stopWorker`), and the run only counts as cold if the stop was confirmed:
// no extension worker listed as running afterwards.
//
// "Final letter": the badge text once the report has settled (unchanged for SETTLE_MS, at
// most WATCH_MS after load); the time is when the badge last changed to it.
import fs from 'node:fs';
import path from 'node:path';
import { startDemoServer } from '../../www/serve.mjs';
import { ROOT, launchWithExtension, tabIdOf, currentWorker } from './chromium.mjs';
import { medianAndP99 } from './quantile.mjs';

const POLL_PAGE = 'bench-badge.html';
const POLL_SCRIPT = 'bench-badge.js';
const POLL_MS = 2;
const SETTLE_MS = 2000;
const WATCH_MS = 10000;
const ROUNDS = Number(process.env.BENCH_BADGE_ROUNDS ?? 2);

// The polling page: records every change of one tab's badge text with its time.
const pollScript = `
window.watchBadge = (tabId) => {
  const log = [];
  let last = null;
  let stop = false;
  (async () => {
    while (!stop) {
      const text = await chrome.action.getBadgeText({ tabId }).catch(() => null);
      if (text !== last) { log.push({ text, at: Date.now() }); last = text; }
      await new Promise((r) => setTimeout(r, ${POLL_MS}));
    }
  })();
  window.badgeLog = log;
  window.stopWatching = () => { stop = true; return log; };
};
`;

function extensionWithPollPage() {
  const dir = fs.mkdtempSync(path.join(ROOT, 'target/bench-badge-'));
  fs.cpSync(path.join(ROOT, 'dist/chromium'), dir, { recursive: true });
  fs.writeFileSync(path.join(dir, POLL_SCRIPT), pollScript);
  fs.writeFileSync(path.join(dir, POLL_PAGE), `<!doctype html><meta charset="utf-8"><script src="${POLL_SCRIPT}"></script>`);
  return dir;
}

/** Running extension service workers, through CDP. */
async function extensionWorkers(cdp) {
  const versions = new Map();
  const onUpdate = (e) => { for (const v of e.versions) versions.set(v.versionId, v); };
  cdp.on('ServiceWorker.workerVersionUpdated', onUpdate);
  await cdp.send('ServiceWorker.enable');
  await new Promise((r) => setTimeout(r, 200));
  cdp.off('ServiceWorker.workerVersionUpdated', onUpdate);
  await cdp.send('ServiceWorker.disable');
  return [...versions.values()].filter((v) => v.scriptURL.startsWith('chrome-extension://') && v.runningStatus === 'running');
}

/** Stops the extension's worker and confirms it stopped; false if it could not be confirmed. */
async function stopWorker(cdp, onStop) {
  for (let attempt = 0; attempt < 5; attempt++) {
    const running = await extensionWorkers(cdp);
    if (!running.length) return true;
    onStop();
    await cdp.send('ServiceWorker.enable');
    for (const v of running) await cdp.send('ServiceWorker.stopWorker', { versionId: v.versionId }).catch(() => {});
    await cdp.send('ServiceWorker.disable');
    await new Promise((r) => setTimeout(r, 200));
  }
  return (await extensionWorkers(cdp)).length === 0;
}

/** One load of `url` in `page`: ms from its load event to the badge's final letter. */
async function timeOneLoad(page, poll, tabId, url) {
  await poll.evaluate((id) => window.watchBadge(id), tabId);
  await page.goto(url, { waitUntil: 'load' });
  const loadAt = await page.evaluate(() => {
    const nav = performance.getEntriesByType('navigation')[0];
    return performance.timeOrigin + nav.loadEventStart;
  });
  let log = [];
  for (;;) {
    await new Promise((r) => setTimeout(r, 200));
    log = await poll.evaluate(() => window.badgeLog.slice());
    const lastChange = log.length ? log[log.length - 1].at : loadAt;
    const now = Date.now();
    if ((now - Math.max(lastChange, loadAt) >= SETTLE_MS && log.at(-1)?.text) || now - loadAt >= WATCH_MS) break;
  }
  await poll.evaluate(() => window.stopWatching());
  const final = log.at(-1);
  if (!final?.text || final.text === '?') return { ms: null, letter: final?.text ?? '' };
  if (process.env.BENCH_BADGE_DEBUG) console.log(url, log.map((e) => `${e.text || '∅'}@${e.at - loadAt}`).join(' '));
  return { ms: final.at - loadAt, letter: final.text, loadAt };
}

export async function benchTimeToBadge() {
  const shops = JSON.parse(fs.readFileSync(path.join(ROOT, 'www/shops/demo.json'), 'utf8')).filter((s) => s.expectedGrade);
  const server = await startDemoServer();
  const extensionDir = extensionWithPollPage();
  const browser = await launchWithExtension({ extensionDir, resolveAllTo: `127.0.0.1:${server.port}`, ignoreCertErrors: true });
  const times = { warm: [], cold: [] };
  const letters = { warm: new Map(), cold: new Map() };
  let unconfirmedStops = 0;
  let stopsIssued = 0;
  try {
    const poll = await browser.ctx.newPage();
    await poll.goto(`chrome-extension://${browser.extensionId}/${POLL_PAGE}`);
    const cdp = await browser.ctx.newCDPSession(poll);
    const page = await browser.ctx.newPage();
    await page.goto(shops[0].url);
    const tabId = await tabIdOf(browser.ctx, page);
    // One untimed load of each shop: the server's and the browser's caches warm up.
    for (const shop of shops) await timeOneLoad(page, poll, tabId, shop.url);
    for (let round = 0; round < ROUNDS; round++) {
      for (const shop of shops) {
        for (const mode of ['warm', 'cold']) {
          await page.goto('about:blank');
          await new Promise((r) => setTimeout(r, 300));
          if (mode === 'warm') {
            // Running, or started now. With BENCH_BADGE_DEBUG, it also notes when the content
            // script's facts arrive, to tell the collector's time from the worker's.
            await (await currentWorker(browser.ctx)).evaluate((debug) => {
              if (!debug) return;
              if (!globalThis.__benchFacts) {
                globalThis.__benchFacts = [];
                chrome.runtime.onMessage.addListener((m) => { if (m?.type === 'facts') globalThis.__benchFacts.push(Date.now()); });
              }
              globalThis.__benchFacts.length = 0;
            }, Boolean(process.env.BENCH_BADGE_DEBUG));
          } else if (!(await stopWorker(cdp, () => stopsIssued++))) {
            unconfirmedStops++;
            continue;
          }
          const { ms, letter, loadAt } = await timeOneLoad(page, poll, tabId, shop.url);
          if (process.env.BENCH_BADGE_DEBUG && mode === 'warm') {
            console.log('  facts at', (await (await currentWorker(browser.ctx)).evaluate(() => globalThis.__benchFacts)).map((t) => t - loadAt).join(' '));
          }
          if (ms === null) throw new Error(`${shop.url} (${mode}): no letter on the badge within ${WATCH_MS} ms of load`);
          times[mode].push(ms);
          const seen = letters[mode].get(shop.shop) ?? new Set();
          letters[mode].set(shop.shop, seen.add(letter));
        }
      }
    }
  } finally {
    await browser.close();
    await server.close();
    fs.rmSync(extensionDir, { recursive: true, force: true });
  }
  const warm = medianAndP99(times.warm);
  const cold = medianAndP99(times.cold);
  const f = (s) => `median ${s.median.toFixed(0)} ms, p99 ${s.p99.toFixed(0)} ms (${s.n} loads)`;
  console.log(`time to badge in Chromium, page load event → final letter, ${shops.length} demo shops × ${ROUNDS}:`);
  console.log(`  warm worker:                          ${f(warm)}`);
  console.log(`  worker stopped before navigation:     ${f(cold)}${unconfirmedStops ? ` (${unconfirmedStops} loads skipped: stop not confirmed)` : ''}`);
  console.log(`  (the worker was running and was stopped before ${stopsIssued} of the ${cold.n} cold loads)`);
  console.log(`  cold / warm median: ${(cold.median / warm.median).toFixed(2)}`);
  const same = shops.every((s) => [...(letters.warm.get(s.shop) ?? [])].join() === [...(letters.cold.get(s.shop) ?? [])].join());
  console.log(`  final letters: ${shops.map((s) => `${s.shop} ${[...(letters.warm.get(s.shop) ?? [])].join('/')}`).join(', ')}${same ? ' (the same warm and cold)' : ' (warm and cold differ!)'}`);
}

// Run alone: node xtask/js/bench-badge.mjs
if (import.meta.url === `file://${process.argv[1]}`) await benchTimeToBadge();
