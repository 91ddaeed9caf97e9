// ShopTrust's Firefox package in Debian's headless Firefox ESR, browsing the demo shops
// over real TLS with every host answered on loopback. A subset of tests/e2e/ (Chromium)
// that covers every concern, the badge per tab, the popup (in a tab and the real toolbar
// popup), a suspended and restarted background page, and that the extension sends nothing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import http from 'node:http';
import { useFirefoxRig, findingIds as ids, BACKGROUND_IDLE_MS } from './rig.mjs';

const rig = useFirefoxRig();
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The badge colours of extension/background.js, as Firefox reports them (RGBA).
const BADGE = { A: [26, 127, 55, 255], D: [188, 76, 0, 255], F: [207, 34, 46, 255] };

const text = (page, selector) => page.$eval(selector, (e) => e.textContent.trim());
const popupFindings = (popup) => popup.$$eval('.finding', (els) => els.map((e) => e.dataset.id));
const concernGrade = (report, concern) => report.concerns.find((c) => c.concern === concern)?.grade;
const checks = (report) => Object.fromEntries(report.consent.checks.map((c) => [c.id, c.status]));

async function visit(url) {
  const { page, tabId, report } = await rig.openJudged(url);
  return { page, tabId, report, badge: await rig.firefox.badgeOf(tabId) };
}

/** The tab's report once it satisfies `ready` (consent facts arrive after the first report). */
async function reportWhen(tabId, ready, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const state = await rig.firefox.tabState(tabId).catch(() => null);
    last = state?.phase === 'done' ? state.report : null;
    if (last && ready(last)) return last;
    await sleep(200);
  }
  throw new Error(`tab ${tabId}: no report as expected: ${JSON.stringify(last?.consent ?? last)?.slice(0, 2000)}`);
}

const bannerSeen = (r) => r.consent?.bannerShowing && r.consent.checks.some((c) => c.status !== 'unknown');

test('connection: secure shop is A with a green badge; http shop is F with a red one, each on its own tab', async () => {
  const secure = await visit('https://secure-shop.test/checkout.html');
  const plain = await visit('http://http-shop.test/checkout.html');
  assert.equal(secure.report.grade, 'A', ids(secure.report).join());
  assert.deepEqual(ids(secure.report), []);
  assert.equal(new URL(plain.page.url()).protocol, 'http:');
  assert.equal(plain.report.grade, 'F');
  assert.ok(ids(plain.report).includes('connection.http-page-sensitive'), ids(plain.report).join());

  // Both tabs open at once: each badge shows its own tab's grade.
  assert.notEqual(secure.tabId, plain.tabId);
  const [secureBadge, plainBadge] = [await rig.firefox.badgeOf(secure.tabId), await rig.firefox.badgeOf(plain.tabId)];
  assert.equal(secureBadge.text, 'A');
  assert.deepEqual(secureBadge.color, BADGE.A);
  assert.match(secureBadge.title, /Nothing to worry about here/);
  assert.equal(plainBadge.text, 'F');
  assert.deepEqual(plainBadge.color, BADGE.F);
  assert.match(plainBadge.title, /Don't pay here: your card would not be safe/);

  const popup = await rig.firefox.openPopup(plain.tabId);
  assert.equal(await text(popup, '#grade'), 'F');
  assert.match(await text(popup, '#verdict'), /Don't pay here: your card would not be safe/);
  assert.ok((await popupFindings(popup)).includes('connection.http-page-sensitive'));
  await popup.close();
  await secure.page.close();
  await plain.page.close();
});

test('tracking: tracker shop lists the companies by category, D on tracking (a recorder beside the address fields)', async () => {
  const { page, tabId, report, badge } = await visit('https://tracker-shop.test/checkout.html');
  const names = report.trackers.map((t) => t.name);
  for (const company of ['Google', 'Meta', 'Criteo', 'Hotjar', 'OneTrust']) {
    assert.ok(names.includes(company), `${company} missing from ${names.join()}`);
  }
  for (const id of ['tracking.session-replay', 'tracking.advertising', 'tracking.on-payment-page', 'tracking.cookies']) {
    assert.ok(ids(report).includes(id), `${id} missing from ${ids(report).join()}`);
  }
  assert.equal(concernGrade(report, 'tracking'), 'D');
  assert.equal(badge.text, 'D');
  const popup = await rig.firefox.openPopup(tabId);
  const listed = await popup.$$eval('.tracker-category', (cats) =>
    Object.fromEntries(cats.map((c) => [c.dataset.category, [...c.querySelectorAll('.tracker-company')].map((e) => e.dataset.name)])));
  assert.deepEqual(listed.session_replay, ['Hotjar']);
  assert.ok(listed.advertising.includes('Criteo'), JSON.stringify(listed));
  await popup.close();
  await page.close();
});

test('consent: accept-only banner flagged; "Reject for me" from the real toolbar popup rejects it', async () => {
  const { page, tabId } = await rig.open('https://accept-only-shop.test/');
  const report = await reportWhen(tabId, bannerSeen);
  assert.ok(ids(report).includes('consent.no-reject-first-layer'), ids(report).join());
  assert.equal(checks(report)['reject-first-layer'], 'fail');
  assert.ok(report.consent.canRejectForMe);

  // The toolbar popup itself (not a tab), for the shop's tab: the active one.
  await page.bringToFront();
  const clicked = await rig.firefox.extension(async () => {
    await chrome.action.openPopup();
    for (let i = 0; i < 100; i++) {
      const [popup] = chrome.extension.getViews({ type: 'popup' });
      const button = popup?.document.querySelector('.consent-reject-for-me');
      if (button) {
        button.click();
        return popup.location.search;
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    return null;
  });
  assert.equal(clicked, '', 'the toolbar popup (no ?tab=) offered "Reject for me" and it was clicked');
  const after = await reportWhen(tabId, (r) => r.consent?.answer === 'reject');
  assert.equal(after.consent.answeredBy, 'shoptrust');
  const bannerVisible = await page.$eval('#cc-main .cm', (e) => e.checkVisibility({ visibilityProperty: true, opacityProperty: true })).catch(() => false);
  assert.equal(bannerVisible, false, 'the banner is answered');
  await page.close();
});

test('consent: Klaro recognised; "Reject for me" from the popup opened in a tab declines it', async () => {
  const { page, tabId } = await rig.open('https://klaro-shop.test/');
  const report = await reportWhen(tabId, bannerSeen);
  assert.equal(report.consent.banner, 'Klaro');
  const popup = await rig.firefox.openPopup(tabId);
  await popup.waitForSelector('.consent-reject-for-me');
  await popup.click('.consent-reject-for-me');
  await popup.waitForSelector('.consent-answer[data-answer="reject"]', { timeout: 15000 });
  assert.match(await text(popup, '.consent-answer'), /by ShopTrust/);
  await popup.close();
  const cookies = await page.cookies();
  const stored = cookies.find((c) => c.name === 'klaro');
  assert.ok(stored, `Klaro stored a choice: ${cookies.map((c) => c.name)}`);
  assert.deepEqual(JSON.parse(decodeURIComponent(stored.value)), { 'google-analytics': false, 'meta-pixel': false });
  await page.close();
});

test('consent: trackers before any choice are named', async () => {
  const { page, tabId } = await rig.open('https://early-tracker-shop.test/');
  const report = await reportWhen(tabId, (r) => bannerSeen(r) && ids(r).includes('consent.tracking-before-consent'));
  assert.ok(report.consent.trackersBeforeConsent.includes('Google'), report.consent.trackersBeforeConsent.join());
  assert.equal(checks(report)['no-tracking-before-consent'], 'fail');
  await page.close();
});

test('payment: an obfuscated inline skimmer makes the checkout F, named in the popup', async () => {
  const { page, tabId, report } = await visit('https://skimmed-shop.test/checkout.html');
  assert.equal(concernGrade(report, 'payment'), 'F');
  assert.ok(ids(report).includes('payment.suspicious-script'), ids(report).join());
  const popup = await rig.firefox.openPopup(tabId);
  assert.equal(await text(popup, '#payment-verdict'), "Don't type your card here: a script on this page looks like a card skimmer");
  assert.match(await text(popup, '.finding[data-id="payment.suspicious-script"] .evidence'), /cc-number/);
  await popup.close();
  const stripe = await visit('https://secure-shop.test/checkout.html');
  assert.equal(stripe.report.payment.cardFields, 'provider');
  assert.equal(concernGrade(stripe.report, 'payment'), 'A');
  await stripe.page.close();
  await page.close();
});

test("Mozilla's add-on site, where Firefox runs no extension: no grade, not even the previous page's", async () => {
  // Firefox shows extensions neither the requests nor the page of its add-on site: after a
  // shop in the same tab, nothing but the URL tells ShopTrust that the page changed.
  const { page, tabId, report } = await visit('https://secure-shop.test/checkout.html');
  assert.equal(report.grade, 'A');
  await page.goto('https://addons.mozilla.org/en-US/firefox/', { waitUntil: 'load' });
  await sleep(1000);
  assert.equal((await rig.firefox.badgeOf(tabId)).text, '', 'no badge on pages ShopTrust cannot read');
  const popup = await rig.firefox.openPopup(tabId);
  assert.equal(await popup.evaluate(() => document.body.dataset.state), 'unreadable');
  assert.equal(await text(popup, '#grade'), '?');
  assert.doesNotMatch(await text(popup, 'body'), /Looks safe/);
  await popup.close();
  await page.close();
});

test('a navigation that hangs, then is stopped, leaves the page on screen graded (Firefox says NS_BINDING_ABORTED)', async () => {
  const { page, tabId, report } = await visit('https://secure-shop.test/checkout.html');
  assert.equal(report.grade, 'A');
  // A server that never answers (on its own port, which Firefox does not redirect).
  const stalled = http.createServer(() => {});
  await new Promise((resolve) => stalled.listen(0, '127.0.0.1', resolve));
  try {
    const asked = new Promise((resolve) => stalled.once('request', resolve));
    page.goto(`http://stalled-shop.test:${stalled.address().port}/`).catch(() => {});
    await asked;
    // Until the new page answers, the page on screen is still the one judged: a pending
    // navigation does not clear its badge (issue 15, item 6).
    const seen = new Set();
    for (const until = Date.now() + 1500; Date.now() < until; await sleep(100)) seen.add((await rig.firefox.badgeOf(tabId)).text);
    assert.deepEqual([...seen], ['A'], 'while the navigation hangs');
    await page.evaluate(() => window.stop());
    await sleep(500);
    assert.equal((await rig.firefox.badgeOf(tabId)).text, 'A', 'the page on screen keeps its badge');
    assert.equal((await rig.firefox.tabState(tabId))?.report?.grade, 'A', 'and its report');
  } finally {
    stalled.closeAllConnections();
    stalled.close();
  }
  await page.close();
});

test('after Firefox suspends the idle background page, badge and popup keep the result, and the next page is judged', async () => {
  const { page, tabId, report } = await visit('https://mixed-shop.test/checkout.html');
  assert.equal(report.grade, 'F');
  const deadline = Date.now() + BACKGROUND_IDLE_MS + 15000;
  while ((await rig.firefox.backgroundRunning()) && Date.now() < deadline) await sleep(250);
  assert.equal(await rig.firefox.backgroundRunning(), false, 'the background page was suspended');

  assert.equal((await rig.firefox.badgeOf(tabId)).text, 'F');
  const popup = await rig.firefox.openPopup(tabId);
  assert.equal(await text(popup, '#grade'), 'F');
  assert.ok((await popupFindings(popup)).includes('connection.insecure-form-sensitive'));
  await popup.close();

  // A new page wakes it; it judges from a cold start.
  const next = await visit('http://http-shop.test/checkout.html');
  assert.equal(next.report.grade, 'F');
  assert.equal(next.badge.text, 'F');
  await next.page.close();
  await page.close();
});

test('the extension itself sends nothing anywhere', async () => {
  // Every host resolves to the loopback server, so anything the extension (background,
  // popup, content scripts) sent would be in its log, with an extension origin or to a
  // host no demo page uses.
  const fromExtension = rig.server.requests.filter(
    (r) => String(r.origin).startsWith('moz-extension://') || String(r.referer).startsWith('moz-extension://'),
  );
  assert.deepEqual(fromExtension, []);
  const demoHosts = new Set(['shops', 'third-party'].flatMap((d) => readdirSync(new URL(`../../www/${d}/`, import.meta.url))));
  const knownHost = (host) => host.endsWith('.test') || demoHosts.has(host) || host === 'addons.mozilla.org';
  // (A shop page may load a library from its CDN's address, which the server also answers.)
  const fromDemoPage = (r) => /^https?:\/\/[^/]+\.test\//.test(r.referer ?? '');
  assert.ok(new Set(rig.server.requests.map((r) => r.host)).size >= 5, "the log holds this file's browsing");
  const unexplained = rig.server.requests.filter((r) => !knownHost(r.host) && !fromDemoPage(r));
  assert.deepEqual(unexplained, []);
});
