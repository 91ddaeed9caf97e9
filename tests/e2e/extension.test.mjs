// ShopTrust loaded in Debian's headless Chromium, browsing the demo shops over real TLS
// with every host answered on loopback (see ../../../shared/design.md, "test rig").
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { useRig, findingIds as ids } from './rig.mjs';
import {
  settledReport, badgeOf, openPopup, stopServiceWorker, currentWorker, tabState,
} from '../../xtask/js/chromium.mjs';

// The badge colours of extension/background.js, as Chrome reports them (RGBA).
const BADGE = {
  A: [26, 127, 55, 255],
  D: [188, 76, 0, 255],
  F: [207, 34, 46, 255],
  unknown: [110, 119, 129, 255],
};

const rig = useRig();

async function visit(url) {
  const { page, tabId, report } = await rig.openJudged(url);
  const badge = await badgeOf(rig.browser.ctx, tabId);
  return { page, tabId, report, badge };
}


async function popupFindings(popup) {
  return popup.$$eval('.finding', (els) => els.map((e) => e.dataset.id));
}

test('secure shop: A, green badge, popup says there is nothing to worry about', async () => {
  const { page, tabId, report, badge } = await visit('https://secure-shop.test/checkout.html');
  assert.equal(report.grade, 'A', JSON.stringify(report.findings));
  assert.deepEqual(ids(report), []);
  assert.equal(badge.text, 'A');
  assert.deepEqual(badge.color, BADGE.A);
  assert.match(badge.title, /Nothing to worry about here/);
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  assert.equal((await popup.textContent('#grade')).trim(), 'A');
  assert.match(await popup.textContent('#verdict'), /Nothing to worry about here/);
  assert.deepEqual(await popupFindings(popup), []);
  await popup.close();
  await page.close();
});

test('http shop: card form on plain HTTP is F with a red badge', async () => {
  const { page, tabId, report, badge } = await visit('http://http-shop.test/checkout.html');
  assert.equal(new URL(page.url()).protocol, 'http:');
  assert.equal(report.grade, 'F');
  assert.ok(ids(report).includes('connection.http-page-sensitive'), ids(report).join());
  assert.equal(badge.text, 'F');
  assert.deepEqual(badge.color, BADGE.F);
  assert.match(badge.title, /Don't pay here: your card would not be safe/);
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  assert.equal((await popup.textContent('#grade')).trim(), 'F');
  assert.match(await popup.textContent('#verdict'), /Don't pay here: your card would not be safe/);
  const shown = await popupFindings(popup);
  assert.ok(shown.includes('connection.http-page-sensitive'), shown.join());
  // The shop-owner fix is there but collapsed, in the owner's section after the shopper's part.
  assert.equal(await popup.locator('#owner-section .owner-fix[data-for="connection.http-page-sensitive"]').count(), 1);
  assert.equal(await popup.locator('#owner-section').getAttribute('open'), null);
  await popup.close();
  await page.close();
});

test('mixed shop: HTTPS page posting the card to http://, with mixed content', async () => {
  const { page, tabId, report, badge } = await visit('https://mixed-shop.test/checkout.html');
  assert.equal(report.grade, 'F');
  for (const id of ['connection.insecure-form-sensitive', 'connection.mixed-active', 'connection.mixed-passive']) {
    assert.ok(ids(report).includes(id), `${id} missing from ${ids(report).join()}`);
  }
  assert.ok(!ids(report).includes('connection.http-page'));
  assert.equal(badge.text, 'F');
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  const active = await popup.textContent('.finding[data-id="connection.mixed-active"] .evidence');
  assert.match(active, /http:\/\/cdn\.mixed-shop\.test\/js\/reviews\.js/);
  const form = await popup.textContent('.finding[data-id="connection.insecure-form-sensitive"] .evidence');
  assert.match(form, /http:\/\/mixed-shop\.test\/order/);
  await popup.close();
  await page.close();
});

test('a browser page is unknown, never good', async () => {
  const worker = await currentWorker(rig.browser.ctx);
  const before = new Set(await worker.evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id)));
  const page = await rig.browser.ctx.newPage();
  await page.goto('chrome://version/');
  const after = await (await currentWorker(rig.browser.ctx)).evaluate(async () => (await chrome.tabs.query({})).map((t) => t.id));
  const tabId = after.find((id) => !before.has(id));
  assert.ok(tabId, 'found the new tab');
  await new Promise((r) => setTimeout(r, 500));
  const badge = await badgeOf(rig.browser.ctx, tabId);
  assert.equal(badge.text, '', 'no badge on pages ShopTrust cannot read');
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  assert.equal((await popup.textContent('#grade')).trim(), '?');
  assert.doesNotMatch(await popup.textContent('body'), /Looks safe/);
  await popup.close();
  await page.close();
});

test('after the service worker is stopped, badge and popup still show the stored result', async () => {
  const { page, tabId, report } = await visit('https://mixed-shop.test/checkout.html');
  assert.equal(report.grade, 'F');
  const stopped = await stopServiceWorker(rig.browser.ctx);
  assert.ok(stopped >= 1, 'a running worker was stopped');
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  assert.equal((await popup.textContent('#grade')).trim(), 'F');
  assert.ok((await popupFindings(popup)).includes('connection.insecure-form-sensitive'));
  const badge = await badgeOf(rig.browser.ctx, tabId);
  assert.equal(badge.text, 'F');
  const state = await tabState(rig.browser.ctx, tabId);
  assert.equal(state.report.grade, 'F');
  await popup.close();
  await page.close();
});

test('session storage full: the tab in use is still saved, the tabs judged longest ago make room', async () => {
  const worker = await currentWorker(rig.browser.ctx);
  // States of ten other tabs, oldest first, filling the 10 MB quota to within 2 KB: no
  // report of a real page fits beside them.
  const stale = Array.from({ length: 10 }, (_, i) => `tab:${900000 + i}`);
  await worker.evaluate(async (keys) => {
    const state = (i, filler) => ({ url: `https://old-${i}.example/`, updatedAt: 1000 + i, phase: 'done', filler });
    await chrome.storage.session.set(Object.fromEntries(keys.slice(0, 9).map((k, i) => [k, state(i, 'x'.repeat(1_000_000))])));
    const room = chrome.storage.session.QUOTA_BYTES - (await chrome.storage.session.getBytesInUse(null));
    await chrome.storage.session.set({ [keys[9]]: state(9, 'x'.repeat(room - 2_000)) });
  }, stale);
  try {
    const { page, tabId, report } = await visit('https://secure-shop.test/checkout.html');
    assert.equal(report.grade, 'A', 'the report of the tab in use was stored');
    const left = await worker.evaluate(async (keys) => Object.keys(await chrome.storage.session.get(keys)), stale);
    assert.ok(!left.includes(stale[0]), `the oldest state made room: ${left}`);
    assert.ok(left.includes(stale[9]), `the newest other state stayed: ${left}`);
    assert.ok((await tabState(rig.browser.ctx, tabId))?.report, 'the popup has what it reads');
    await page.close();
  } finally {
    await worker.evaluate((keys) => chrome.storage.session.remove(keys), stale);
  }
});

test('hostile page: HTML and script in labels, names and title are shown as inert text', async () => {
  const { page, tabId, report } = await visit('https://hostile-shop.test/checkout.html');
  assert.equal(report.grade, 'F');
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  let dialogs = 0;
  popup.on('dialog', async (d) => { dialogs++; await d.dismiss(); });
  await popup.reload();
  await popup.waitForSelector('.finding', { state: 'attached' }); // inside a closed concern row
  const evidence = await popup.$$eval('.evidence li', (els) => els.map((e) => e.textContent));
  assert.ok(evidence.some((t) => t.includes('<')), `payload text shown: ${evidence.join(' | ')}`);
  assert.equal(await popup.$$eval('img, svg, script', (els) => els.filter((e) => e.closest('.evidence')).length), 0);
  assert.equal(await popup.$$eval('script', (els) => els.filter((e) => !e.src).length), 0, 'no inline script appeared');
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(dialogs, 0);
  await popup.close();
  await page.close();
});

test('single-page checkout: re-judged after a history navigation', async () => {
  const { page, tabId, report } = await visit('https://spa-shop.test/');
  assert.ok(!ids(report).includes('connection.insecure-form-sensitive'), ids(report).join());
  await page.click('a[href="/checkout"]');
  await page.waitForURL('**/checkout');
  const after = await settledReport(rig.browser.ctx, tabId, { url: page.url() });
  assert.ok(ids(after).includes('connection.insecure-form-sensitive'), ids(after).join());
  assert.equal(after.grade, 'F');
  await page.close();
});

test('tracker shop: companies by category, its own CDN not listed, the badge drops to D (a recorder watches what you type)', async () => {
  const { page, tabId, report, badge } = await visit('https://tracker-shop.test/checkout.html');
  const byCategory = {};
  for (const t of report.trackers) (byCategory[t.category] ??= []).push(t.name);
  const names = report.trackers.map((t) => t.name);
  for (const company of ['Google', 'Meta', 'ByteDance Inc', 'Criteo', 'Hotjar', 'OneTrust']) {
    assert.ok(names.includes(company), `${company} missing from ${JSON.stringify(byCategory)}`);
  }
  assert.ok(byCategory.advertising?.includes('Criteo'), JSON.stringify(byCategory));
  assert.ok(byCategory.session_replay?.includes('Hotjar'), JSON.stringify(byCategory));
  assert.ok(byCategory.consent?.includes('OneTrust'), JSON.stringify(byCategory));
  assert.ok(byCategory.payment?.includes('Stripe'), JSON.stringify(byCategory));
  const listedHosts = [
    ...report.trackers.flatMap((t) => t.requests.map((u) => new URL(u).hostname)),
    ...report.thirdParties.map((p) => p.site),
  ];
  assert.ok(!listedHosts.some((h) => h.endsWith('tracker-shop.test')), `own CDN listed: ${listedHosts.join(' ')}`);
  // The card is typed in Stripe's frame, out of the replay script's reach: not the -sensitive variant.
  for (const id of ['tracking.session-replay', 'tracking.advertising', 'tracking.on-payment-page', 'tracking.cookies']) {
    assert.ok(ids(report).includes(id), `${id} missing from ${ids(report).join()}`);
  }
  // A recorder beside the checkout's address fields: privacy at real risk (D); ordinary
  // tracking never makes F, and the card is typed in Stripe's frame.
  assert.equal(report.concerns.find((c) => c.concern === 'tracking')?.grade, 'D');
  assert.equal(badge.text, 'D');
  assert.deepEqual(badge.color, BADGE.D);

  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  const listed = await popup.$$eval('.tracker-category', (cats) =>
    Object.fromEntries(cats.map((c) => [c.dataset.category, [...c.querySelectorAll('.tracker-company')].map((e) => e.dataset.name)])));
  assert.deepEqual(listed.session_replay, ['Hotjar']);
  assert.ok(listed.advertising.includes('Criteo') && listed.advertising.includes('Meta'), JSON.stringify(listed));
  assert.ok(!JSON.stringify(listed).includes('tracker-shop'), JSON.stringify(listed));
  await popup.close();
  await page.close();
});

test('the extension itself sends nothing anywhere', async () => {
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, 1);
  const popupRequests = [];
  popup.on('request', (r) => popupRequests.push(r.url()));
  await popup.reload();
  await new Promise((r) => setTimeout(r, 500));
  assert.deepEqual(popupRequests.filter((u) => !u.startsWith('chrome-extension://')), []);
  await popup.close();
  // Every host is answered by the loopback server, so anything the extension (worker,
  // popup, content script) sent would be in its log with an extension origin.
  const fromExtension = rig.server.requests.filter(
    (r) => String(r.origin).startsWith('chrome-extension://') || String(r.referer).startsWith('chrome-extension://'),
  );
  assert.deepEqual(fromExtension, []);
  // And every host asked for is one the demo pages use: a shop or a stubbed third party
  // (the folders the server answers from), or a .test name.
  const demoHosts = new Set(['shops', 'third-party'].flatMap((d) => readdirSync(new URL(`../../www/${d}/`, import.meta.url))));
  for (const host of new Set(rig.server.requests.map((r) => r.host))) {
    assert.ok(host.endsWith('.test') || demoHosts.has(host), `unexpected request to ${host}`);
  }
});
