// Issue 15, the service worker's side, in Chromium: hostile pages (www/shops/hostile-worker/)
// that try to make a shop look safer by what they do to the worker: flooding its request
// list, filling session storage, a navigation that never completes, trackers sent through
// the page's own service worker. Each test failed before the worker's fixes; the control
// (a card form posting over HTTP) is F throughout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import net from 'node:net';
import { useRig } from './rig.mjs';
import { settledReport, badgeOf, tabState } from '../../xtask/js/chromium.mjs';

const rig = useRig();
const CONTROL = 'http://http-shop.test/checkout.html';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const trackerHosts = (report) => report.trackers.flatMap((t) => t.requests.map((u) => new URL(u).hostname));
const cutShort = (report, prefix) => report.caveats.some((c) => c.key === 'caveat_truncated' && c.detail.startsWith(prefix));

test('control: a card form posting over HTTP is F, on the badge and in storage', async () => {
  const { page, tabId, report } = await rig.openJudged(CONTROL);
  assert.equal(report.grade, 'F');
  assert.equal((await badgeOf(rig.browser.ctx, tabId)).text, 'F');
  await page.close();
});

test('item 5: 5,000 first-party fetches do not hide the trackers sent after them, and the cut is said', async () => {
  const { page, tabId } = await rig.open('https://hostile-worker.test/flood.html');
  await page.waitForSelector('body[data-flooded="yes"]', { timeout: 120000 });
  const report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), timeoutMs: 60000, settleMs: 2000 });
  const hosts = trackerHosts(report);
  assert.ok(hosts.includes('www.google-analytics.com'), `Google Analytics judged: ${hosts}`);
  assert.ok(hosts.includes('connect.facebook.net'), `the Meta pixel judged: ${hosts}`);
  assert.notEqual(report.grade, 'A');
  assert.ok(cutShort(report, 'requests:'), JSON.stringify(report.caveats));
  await page.close();
});

test('item 6: a navigation that never completes leaves the F page on screen graded F', async () => {
  // A server that accepts the connection and never answers.
  const sockets = new Set();
  const stall = net.createServer((socket) => { sockets.add(socket); socket.on('error', () => {}); });
  await new Promise((r) => stall.listen(0, '127.0.0.1', r));
  try {
    const { page, tabId, report } = await rig.openJudged(CONTROL);
    assert.equal(report.grade, 'F');
    await page.evaluate((port) => { location.href = `http://localhost:${port}/never`; }, stall.address().port);
    await sleep(4000);
    assert.ok(sockets.size > 0, 'the navigation reached the stalled server');
    assert.equal(new URL(page.url()).host, 'http-shop.test', 'the old page is still on screen');
    assert.equal((await badgeOf(rig.browser.ctx, tabId)).text, 'F');
    const state = await tabState(rig.browser.ctx, tabId);
    assert.equal(state.phase, 'done');
    assert.equal(state.report.grade, 'F', 'the popup shows the page on screen too');
    await page.close();
  } finally {
    for (const s of sockets) s.destroy();
    await new Promise((r) => stall.close(r));
  }
});

test('item 4: a page bigger than session storage neither wipes another tab nor shows a better popup than badge', async () => {
  const victim = await rig.openJudged('https://secure-shop.test/');
  assert.equal(victim.report.status, 'judged');
  const { page, tabId } = await rig.open('http://hostile-worker.test/bomb.html');
  await page.waitForSelector('body[data-bombed="yes"]', { timeout: 120000 });
  const report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), timeoutMs: 60000, settleMs: 2000 });
  const stored = await tabState(rig.browser.ctx, tabId);
  const badge = await badgeOf(rig.browser.ctx, tabId);
  assert.equal(report.grade, 'F');
  assert.equal(badge.text, stored.report.grade, 'the badge shows what the popup shows');
  assert.ok(cutShort(report, 'stored:'), JSON.stringify(report.caveats));
  const victimState = await tabState(rig.browser.ctx, victim.tabId);
  assert.equal(victimState?.report?.grade, victim.report.grade, 'the other tab\'s report is still stored');
  await page.close();
  await victim.page.close();
});

test('trackers sent through the page\'s own service worker count against the page', async () => {
  const { page, tabId } = await rig.open('https://hostile-worker.test/proxy.html');
  await page.waitForSelector('body[data-proxied="yes"]', { timeout: 30000 });
  const report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), settleMs: 2000 });
  assert.ok(trackerHosts(report).includes('www.google-analytics.com'), JSON.stringify(report.trackers));
  await page.close();
});

test('a tracker a frame sends after the page was judged counts against the page', async () => {
  const { page, tabId } = await rig.openJudged('https://hostile-worker.test/late-frame.html');
  await page.click('#show-reviews');
  await page.frameLocator('iframe[title="Reviews"]').locator('body[data-sent="yes"]').waitFor({ state: 'attached' });
  const report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), settleMs: 2000 });
  const sent = report.trackers.flatMap((t) => t.requests).filter((u) => u.includes('tid=G-REVIEWS'));
  assert.equal(sent.length, 1, JSON.stringify(report.trackers));
  await page.close();
});
