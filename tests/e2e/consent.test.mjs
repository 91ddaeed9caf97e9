// Consent in real headless Chromium: the consent demo shops (real vanilla-cookieconsent and
// Klaro from npm, a hand-made banner) found by autoconsent, judged for fairness, checked
// against the requests the shop really makes, and "Reject for me".
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { startDemoServer } from '../../www/serve.mjs';
import { launchWithExtension, tabIdOf, openPopup, tabState } from '../../xtask/js/chromium.mjs';

let server;
let browser;

before(async () => {
  server = await startDemoServer();
  browser = await launchWithExtension({ resolveAllTo: `127.0.0.1:${server.port}`, ignoreCertErrors: true });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const ids = (report) => report.findings.map((f) => f.id);
const checks = (report) => Object.fromEntries(report.consent.checks.map((c) => [c.id, c.status]));

/** The tab's report once it has a consent summary that satisfies `ready`. */
async function consentReport(tabId, ready = () => true, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const state = await tabState(browser.ctx, tabId).catch(() => null);
    last = state?.phase === 'done' ? state.report : null;
    if (last?.consent && ready(last)) return last;
    await sleep(200);
  }
  throw new Error(`no consent report for tab ${tabId}: ${JSON.stringify(last?.consent ?? last)}`);
}

async function visit(url, ready) {
  const page = await browser.ctx.newPage();
  await page.goto(url, { waitUntil: 'load' });
  const tabId = await tabIdOf(browser.ctx, page);
  const report = await consentReport(tabId, ready);
  return { page, tabId, report };
}

async function popupChecks(popup) {
  return popup.$$eval('.consent-check', (els) => Object.fromEntries(els.map((e) => [e.dataset.check, e.dataset.status])));
}

const bannerSeen = (r) => r.consent.bannerShowing && r.consent.checks.some((c) => c.status !== 'unknown');

test('fair banner: cookieconsent3 found, every fairness check passes, "Reject for me" offered', async () => {
  const { page, tabId, report } = await visit('https://fair-banner-shop.test/', bannerSeen);
  assert.equal(report.consent.banner, 'cookieconsent3');
  assert.deepEqual(ids(report).filter((id) => id.startsWith('consent.')), []);
  const c = checks(report);
  assert.equal(c['reject-first-layer'], 'pass');
  assert.equal(c['reject-as-visible'], 'pass');
  assert.equal(c['no-cookie-wall'], 'pass');
  assert.equal(c['no-tracking-before-consent'], 'pass');
  assert.equal(report.concerns.find((x) => x.concern === 'consent')?.grade, 'A');
  // Detection only: autoconsent found the banner and left it alone.
  assert.ok(await page.isVisible('#cc-main .cm'), 'the banner is still up');

  const popup = await openPopup(browser.ctx, browser.extensionId, tabId);
  assert.match(await popup.textContent('.consent-banner'), /cookieconsent3/);
  const shown = await popupChecks(popup);
  assert.equal(shown['reject-first-layer'], 'pass');
  assert.equal(await popup.locator('.consent-reject-for-me').count(), 1);
  await popup.close();
  await page.close();
});

test('accept-only first layer: flagged; "Reject for me" rejects in the preferences and the popup is re-judged', async () => {
  const { page, tabId, report } = await visit('https://accept-only-shop.test/', bannerSeen);
  assert.ok(ids(report).includes('consent.no-reject-first-layer'), ids(report).join());
  assert.equal(checks(report)['reject-first-layer'], 'fail');
  const evidence = report.findings.find((f) => f.id === 'consent.no-reject-first-layer').evidence.join('\n');
  assert.match(evidence, /behind "Manage preferences"/);

  const popup = await openPopup(browser.ctx, browser.extensionId, tabId);
  assert.equal((await popupChecks(popup))['reject-first-layer'], 'fail');
  assert.ok(await popup.locator('.finding[data-id="consent.no-reject-first-layer"]').count());
  await popup.click('.consent-reject-for-me');
  // The popup redraws from the re-judged report on its own.
  await popup.waitForSelector('.consent-answer[data-answer="reject"]', { timeout: 15000 });
  assert.match(await popup.textContent('.consent-answer'), /by ShopTrust/);
  assert.equal(await popup.locator('.consent-reject-for-me').count(), 0);
  await popup.close();

  const after = await consentReport(tabId, (r) => r.consent.answer === 'reject' && checks(r)['choice-respected'] !== 'unknown');
  assert.equal(after.consent.answeredBy, 'shoptrust');
  assert.equal(checks(after)['choice-respected'], 'pass');
  assert.ok(!(await page.isVisible('#cc-main .cm')), 'the banner is answered');
  const stored = (await browser.ctx.cookies('https://accept-only-shop.test/')).find((c) => c.name === 'cc_cookie');
  assert.deepEqual(JSON.parse(decodeURIComponent(stored.value)).categories, ['necessary']);
  await page.close();
});

test('Klaro is recognised and "Reject for me" declines it', async () => {
  const { page, tabId, report } = await visit('https://klaro-shop.test/', bannerSeen);
  assert.equal(report.consent.banner, 'Klaro');
  assert.equal(checks(report)['reject-first-layer'], 'pass');
  assert.ok(report.consent.canRejectForMe);
  const popup = await openPopup(browser.ctx, browser.extensionId, tabId);
  await popup.click('.consent-reject-for-me');
  await popup.waitForSelector('.consent-answer[data-answer="reject"]', { timeout: 15000 });
  await popup.close();
  const stored = (await browser.ctx.cookies('https://klaro-shop.test/')).find((c) => c.name === 'klaro');
  assert.ok(stored, 'Klaro stored a choice');
  assert.deepEqual(JSON.parse(decodeURIComponent(stored.value)), { 'google-analytics': false, 'meta-pixel': false });
  await page.close();
});

test('hand-made German banner: generic, reject less visible, no "Reject for me"', async () => {
  const { page, tabId, report } = await visit('https://german-banner-shop.test/', bannerSeen);
  assert.equal(report.consent.banner, '');
  assert.ok(report.consent.genericBanner);
  assert.ok(ids(report).includes('consent.reject-less-visible'), ids(report).join());
  assert.equal(checks(report)['reject-first-layer'], 'pass');
  assert.equal(checks(report)['reject-as-visible'], 'fail');
  assert.equal(report.consent.canRejectForMe, false);
  const popup = await openPopup(browser.ctx, browser.extensionId, tabId);
  assert.match(await popup.textContent('.consent-banner'), /does not know by name/);
  assert.equal(await popup.locator('.consent-reject-for-me').count(), 0);
  await popup.close();
  await page.close();
});

test('trackers before any choice are named, in the report and the popup', async () => {
  const { page, tabId, report } = await visit('https://early-tracker-shop.test/',
    (r) => bannerSeen(r) && ids(r).includes('consent.tracking-before-consent') && r.consent.trackersBeforeConsent.length >= 2);
  assert.ok(report.consent.trackersBeforeConsent.includes('Google'), report.consent.trackersBeforeConsent.join());
  assert.ok(report.consent.trackersBeforeConsent.includes('Meta'), report.consent.trackersBeforeConsent.join());
  const evidence = report.findings.find((f) => f.id === 'consent.tracking-before-consent').evidence.join('\n');
  assert.match(evidence, /cookie _ga /);
  assert.equal(checks(report)['no-tracking-before-consent'], 'fail');
  const popup = await openPopup(browser.ctx, browser.extensionId, tabId);
  const listed = await popup.$$eval('.consent-before li', (els) => els.map((e) => e.dataset.name));
  assert.ok(listed.includes('Google') && listed.includes('Meta'), listed.join());
  await popup.close();
  await page.close();
});

test('fair shop that waits: no tracking before consent, and a reject is respected', async () => {
  const { page, tabId } = await visit('https://fair-banner-shop.test/', bannerSeen);
  await page.click('#cc-main .cm__btn[data-role=necessary]');
  await sleep(3000); // what the shop does next
  const report = await consentReport(tabId, (r) => r.consent.answer === 'reject' && checks(r)['choice-respected'] !== 'unknown');
  assert.equal(report.consent.answeredBy, 'shopper');
  assert.equal(checks(report)['choice-respected'], 'pass');
  assert.deepEqual(ids(report).filter((id) => id.startsWith('consent.')), []);
  await page.close();
});

test('shop that keeps tracking after "Reject all": your choice was ignored', async () => {
  const { page, tabId, report: first } = await visit('https://ignores-reject-shop.test/', bannerSeen);
  assert.ok(!ids(first).includes('consent.choice-ignored'));
  assert.equal(checks(first)['no-tracking-before-consent'], 'pass');
  await page.click('#cc-main .cm__btn[data-role=necessary]');
  const report = await consentReport(tabId, (r) => ids(r).includes('consent.choice-ignored'));
  const finding = report.findings.find((f) => f.id === 'consent.choice-ignored');
  assert.equal(finding.severity, 'high');
  const evidence = finding.evidence.join('\n');
  assert.match(evidence, /after you rejected \("Reject all"\)/);
  assert.match(evidence, /Google/);
  assert.match(evidence, /Meta/);
  assert.equal(checks(report)['choice-respected'], 'fail');
  // The tags ran because of the reject click, not before it.
  assert.ok(!ids(report).includes('consent.tracking-before-consent'), ids(report).join());
  const popup = await openPopup(browser.ctx, browser.extensionId, tabId);
  assert.ok(await popup.locator('.finding[data-id="consent.choice-ignored"]').count());
  assert.equal((await popupChecks(popup))['choice-respected'], 'fail');
  await popup.close();
  await page.close();
});
