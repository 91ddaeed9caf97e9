// A page the browser prerendered before the shopper opened it (speculation rules, as a search
// engine's top result or a URL typed in the address bar can be): its scripts ran while it was
// hidden. www/shops/hostile-worker/prerender-product.html sends a Google Analytics hit then
// and wipes it from its own Resource Timing, so only the network saw it. Driven by puppeteer:
// Chromium does not prerender while Playwright's session is attached (see chromium.mjs).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer } from '../../www/serve.mjs';
import { launchWithExtensionPuppeteer, waitForSettledReport } from '../../xtask/js/chromium.mjs';
import { tabIdByTitle } from '../../xtask/js/tab-id.mjs';

let server = null;
let chromium = null;
before(async () => {
  server = await startDemoServer();
  chromium = await launchWithExtensionPuppeteer({ resolveAllTo: `127.0.0.1:${server.port}`, ignoreCertErrors: true });
});
after(async () => {
  await chromium?.close();
  await server?.close();
});

const HIT = '/g/collect?v=2&tid=G-PRERENDER&en=page_view';
const PRODUCT = 'https://hostile-worker.test/prerender-product.html';

test('a tracker a prerendered page sent before it was shown counts against it once shown', async () => {
  const page = await chromium.browser.newPage();
  await page.goto('https://hostile-worker.test/prerender-landing.html', { waitUntil: 'load' });
  // The prerender has run when its hit reached the server.
  const deadline = Date.now() + 20000;
  while (!server.requests.some((r) => r.host === 'www.google-analytics.com' && r.path === HIT)) {
    assert.ok(Date.now() < deadline, 'Chromium never prerendered the product page');
    await new Promise((r) => setTimeout(r, 100));
  }
  await Promise.all([page.waitForNavigation({ waitUntil: 'load' }), page.click('#product')]);
  const shown = await page.evaluate(() => ({
    url: location.href,
    activationStart: performance.getEntriesByType('navigation')[0].activationStart,
    sent: document.documentElement.dataset.sent,
    resources: performance.getEntriesByType('resource').map((e) => e.name),
  }));
  assert.equal(shown.url, PRODUCT);
  assert.ok(shown.activationStart > 0, 'the page shown is the prerendered one');
  assert.equal(shown.sent, 'while prerendering');
  assert.deepEqual(shown.resources.filter((u) => u.includes('google-analytics')), [], 'the page hid its hit from Resource Timing');

  const tabId = await tabIdByTitle(page, chromium.inWorker);
  const readState = () => chromium.inWorker(async (id) => (await chrome.storage.session.get(`tab:${id}`))[`tab:${id}`] ?? null, tabId);
  // (puppeteer's page.url() still names the landing page after a prerender is shown.)
  const report = await waitForSettledReport(readState, tabId, { url: PRODUCT });
  const requests = report.trackers.flatMap((t) => t.requests);
  assert.ok(requests.includes(`https://www.google-analytics.com${HIT}`), `trackers judged: ${JSON.stringify(report.trackers)}`);
  await page.close();
});
