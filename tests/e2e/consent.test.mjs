// Consent in real headless Chromium: the consent demo shops (real vanilla-cookieconsent and
// Klaro from npm, a hand-made banner) found by autoconsent, judged for fairness, checked
// against the requests the shop really makes, and "Reject for me".
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRig, findingIds as ids } from './rig.mjs';
import { tabIdOf, openPopup, tabState, currentWorker, ROOT } from '../../xtask/js/chromium.mjs';
import { loadCore } from '../../xtask/js/wasm-node.mjs';

const rig = useRig();

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const checks = (report) => Object.fromEntries(report.consent.checks.map((c) => [c.id, c.status]));

/** The tab's report once it has a consent summary that satisfies `ready`. */
async function consentReport(tabId, ready = () => true, timeoutMs = 20000) {
  const deadline = Date.now() + timeoutMs;
  let last;
  while (Date.now() < deadline) {
    const state = await tabState(rig.browser.ctx, tabId).catch(() => null);
    last = state?.phase === 'done' ? state.report : null;
    if (last?.consent && ready(last)) return last;
    await sleep(200);
  }
  throw new Error(`no consent report for tab ${tabId}: ${JSON.stringify(last?.consent ?? last)}`);
}

async function visit(url, ready) {
  const { page, tabId } = await rig.open(url);
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

  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
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

  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
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
  const stored = (await rig.browser.ctx.cookies('https://accept-only-shop.test/')).find((c) => c.name === 'cc_cookie');
  assert.deepEqual(JSON.parse(decodeURIComponent(stored.value)).categories, ['necessary']);
  await page.close();
});

test('Klaro is recognised and "Reject for me" declines it', async () => {
  const { page, tabId, report } = await visit('https://klaro-shop.test/', bannerSeen);
  assert.equal(report.consent.banner, 'Klaro');
  assert.equal(checks(report)['reject-first-layer'], 'pass');
  assert.ok(report.consent.canRejectForMe);
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.click('.consent-reject-for-me');
  await popup.waitForSelector('.consent-answer[data-answer="reject"]', { timeout: 15000 });
  await popup.close();
  const stored = (await rig.browser.ctx.cookies('https://klaro-shop.test/')).find((c) => c.name === 'klaro');
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
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
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
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
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

test('banner reopened from "Cookie settings" over an earlier "Accept all": not tracking before consent', async () => {
  // A fresh start on the fair shop (the test before stored a reject), then "Accept all".
  const page = await rig.browser.ctx.newPage();
  await page.goto('https://fair-banner-shop.test/', { waitUntil: 'load' });
  await page.evaluate(() => window.CookieConsent.reset(true));
  await page.reload({ waitUntil: 'load' });
  await page.click('#cc-main .cm__btn[data-role=all]');
  // The return visit: the stored accept loads the tags at once and no banner shows.
  await page.reload({ waitUntil: 'load' });
  const tabId = await tabIdOf(rig.browser.ctx, page);
  const returning = await consentReport(tabId,
    (r) => r.caveats.some((c) => c.key === 'caveat_consent_already_chosen') && r.findings.some((f) => f.id === 'tracking.analytics'));
  assert.equal(returning.consent.bannerShowing, false);
  assert.ok(!returning.caveats.some((c) => c.key === 'caveat_consent_detecting'), 'judged, not still looking');
  // The shopper reopens the banner from the footer.
  await page.click('footer [data-cc="show-consentModal"]');
  const reopened = await consentReport(tabId, bannerSeen);
  assert.ok((await tabState(rig.browser.ctx, tabId)).facts.consent.cookiesAtLoad.includes('cc_cookie'), 'the stored answer');
  assert.ok(reopened.caveats.some((c) => c.key === 'caveat_consent_already_chosen'));
  assert.deepEqual(ids(reopened).filter((id) => id.startsWith('consent.')), []);
  assert.equal(checks(reopened)['no-tracking-before-consent'], 'unknown');
  assert.equal(checks(reopened)['reject-first-layer'], 'pass', 'the banner itself is still judged');
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
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  assert.ok(await popup.locator('.finding[data-id="consent.choice-ignored"]').count());
  assert.equal((await popupChecks(popup))['choice-respected'], 'fail');
  await popup.close();
  await page.close();
});

// tcf-shop: a hand-written IAB TCF v2.2 CMP with the GPP API beside it. autoconsent has no
// rule for it (ShopTrust's generic detector finds the banner); the signals come from the page's main world.
// The collector sends raw times; whether they mean "already chosen" the core decides
// (src/consent/observed.rs), here the node build of it.
const core = loadCore(ROOT);
const decided = (consent) => JSON.parse(core.consentDecisions(JSON.stringify(consent)));
const tcfFacts = async (tabId) => (await tabState(rig.browser.ctx, tabId))?.facts?.consent;

test('IAB TCF/GPP CMP: signals read before the answer, "Reject all" leaves no purpose consented', async () => {
  const { page, tabId, report } = await visit('https://tcf-shop.test/', (r) => bannerSeen(r) && r.consent.iabCmpId > 0);
  let facts = await tcfFacts(tabId);
  assert.deepEqual(facts.tcf, { cmpId: 4000, eventStatus: 'cmpuishown', gdprApplies: true, purposeConsents: [], vendorConsents: 0, loadedWithChoice: false });
  assert.deepEqual(facts.gpp, { cmpId: 4000, signalStatus: 'not ready', applicableSections: [2] });
  assert.equal(decided(facts).alreadyChosen, false);
  assert.deepEqual(facts.buttons.map((b) => b.label), ['Reject all', 'Accept all', 'Manage options']);
  assert.equal(facts.purposes.length, 11, 'the 11 TCF purposes, in the hidden "Manage options" layer');
  assert.ok(facts.purposes.every((p) => !p.checked));

  assert.equal(report.consent.banner, '');
  assert.ok(report.consent.genericBanner, 'no autoconsent rule names it');
  assert.equal(report.consent.iabCmpId, 4000);
  assert.equal(report.consent.canRejectForMe, false);
  assert.deepEqual(checks(report), {
    'reject-first-layer': 'pass', 'reject-as-visible': 'pass', 'nothing-pre-ticked': 'pass', 'no-cookie-wall': 'pass',
    'no-tracking-before-consent': 'pass', 'choice-respected': 'unknown',
  });
  assert.deepEqual(ids(report).filter((id) => id.startsWith('consent.')), []);
  assert.ok(!report.caveats.some((c) => c.key === 'caveat_consent_already_chosen'));

  let popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  assert.match(await popup.textContent('.consent-banner'), /IAB TCF\/GPP standard \(CMP id 4000\)/);
  assert.equal(await popup.locator('.consent-answer').count(), 0);
  assert.equal((await popupChecks(popup))['nothing-pre-ticked'], 'pass');
  await popup.close();

  await page.click('#gw-consent .gw-reject');
  const after = await consentReport(tabId, (r) => r.consent.answer === 'reject' && !r.consent.bannerShowing && checks(r)['choice-respected'] !== 'unknown');
  facts = await tcfFacts(tabId);
  assert.deepEqual(facts.tcf, { cmpId: 4000, eventStatus: 'useractioncomplete', gdprApplies: true, purposeConsents: [], vendorConsents: 0, loadedWithChoice: false });
  assert.deepEqual(facts.gpp, { cmpId: 4000, signalStatus: 'ready', applicableSections: [2] });
  assert.equal(after.consent.answeredBy, 'shopper');
  assert.equal(checks(after)['choice-respected'], 'pass');
  assert.deepEqual(ids(after).filter((id) => id.startsWith('consent.')), []);
  // The page's own API agrees: a TC string stored, nothing consented.
  const tcData = await page.evaluate(() => new Promise((resolve) => window.__tcfapi('getTCData', 2, (d, ok) => resolve({ ok, ...d }))));
  assert.ok(tcData.ok && tcData.tcString.startsWith('C'), tcData.tcString);
  assert.ok(Object.values(tcData.purpose.consents).every((v) => v === false));
  popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.waitForSelector('.consent-answer[data-answer="reject"]', { state: 'attached' }); // in the closed consent row
  assert.equal((await popupChecks(popup))['choice-respected'], 'pass');
  await popup.close();
  await page.close();
});

test('IAB TCF CMP on a return visit: tcloaded and no banner is "already chosen"; a new "Accept all" is not tracking before consent', async () => {
  // The previous test stored a reject in euconsent-v2.
  const { page, tabId, report } = await visit('https://tcf-shop.test/',
    (r) => r.caveats.some((c) => c.key === 'caveat_consent_already_chosen'));
  const facts = await tcfFacts(tabId);
  assert.equal(facts.tcf.eventStatus, 'tcloaded');
  assert.deepEqual(facts.tcf.purposeConsents, []);
  assert.equal(facts.gpp.signalStatus, 'ready');
  assert.equal(facts.bannerFound, false);
  assert.equal(report.consent.bannerShowing, false);
  assert.equal(report.consent.iabCmpId, 4000);
  assert.equal(checks(report)['no-tracking-before-consent'], 'unknown');

  // The shopper reopens the CMP from the footer and accepts this time: the shop's tags
  // waited for the TCF signal, so Google Analytics runs only after the click.
  await page.click('#privacy-settings');
  await page.waitForSelector('#gw-consent');
  await sleep(1500); // let the collector see the reopened banner
  await page.click('#gw-consent .gw-accept');
  const accepted = await consentReport(tabId, (r) => r.consent.answer === 'accept' && r.findings.some((f) => f.id === 'tracking.analytics'));
  const state = await tabState(rig.browser.ctx, tabId);
  const acceptedAt = state.facts.consent.choices.find((c) => c.label === 'Accept all').at;
  const analytics = state.requests.filter((r) => r.url.startsWith('https://www.google-analytics.com/'));
  assert.ok(analytics.length > 0 && analytics.every((r) => r.at > acceptedAt), JSON.stringify(analytics));
  const after = await tcfFacts(tabId);
  assert.equal(after.tcf.eventStatus, 'useractioncomplete');
  assert.deepEqual(after.tcf.purposeConsents, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.equal(after.tcf.vendorConsents, 2);
  assert.ok(!ids(accepted).includes('consent.tracking-before-consent'), ids(accepted).join());
  assert.ok(!ids(accepted).includes('consent.choice-ignored'), ids(accepted).join());
  await page.close();
});

test('IAB TCF CMP reopened over a stored "Accept all": not pre-ticking, not tracking before consent; a reject then is watched', async () => {
  // The previous test stored an accept: Google Analytics runs on load, as the shopper allowed.
  const { page, tabId } = await visit('https://tcf-shop.test/',
    (r) => r.caveats.some((c) => c.key === 'caveat_consent_already_chosen') && r.findings.some((f) => f.id === 'tracking.analytics'));
  await page.click('#privacy-settings');
  await page.waitForSelector('#gw-consent');
  const reopened = await consentReport(tabId, bannerSeen);
  const facts = await tcfFacts(tabId);
  assert.equal(facts.tcf.eventStatus, 'cmpuishown');
  assert.equal(facts.tcf.loadedWithChoice, true);
  assert.deepEqual(facts.tcf.purposeConsents, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11]);
  assert.ok(reopened.caveats.some((c) => c.key === 'caveat_consent_already_chosen'));
  assert.deepEqual(ids(reopened).filter((id) => id.startsWith('consent.')), []);
  assert.equal(checks(reopened)['nothing-pre-ticked'], 'unknown');
  assert.equal(checks(reopened)['no-tracking-before-consent'], 'unknown');

  await page.click('#gw-consent .gw-reject');
  const rejected = await consentReport(tabId, (r) => r.consent.answer === 'reject' && checks(r)['choice-respected'] !== 'unknown');
  assert.equal(checks(rejected)['choice-respected'], 'pass');
  assert.deepEqual((await tcfFacts(tabId)).tcf.purposeConsents, []);
  assert.deepEqual(ids(rejected).filter((id) => id.startsWith('consent.')), []);
  await page.close();
});

test('a quiet page without a banner: the consent look ends within its limit, "no banner" instead of "still looking"', async () => {
  // A static page that never changes: autoconsent's own retries wait for a DOM change and
  // would say nothing for a minute. The tab is found by URL, so nothing touches the page.
  const html = '<!doctype html><html lang="en"><head><title>Quiet</title></head><body><h1>Linen shirts</h1><p>From 39 €.</p></body></html>';
  await rig.browser.ctx.route('https://quiet-shop.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  const page = await rig.browser.ctx.newPage();
  const opened = Date.now();
  await page.goto('https://quiet-shop.test/', { waitUntil: 'load' });
  const worker = await currentWorker(rig.browser.ctx);
  const tabId = await worker.evaluate(async () => (await chrome.tabs.query({ url: 'https://quiet-shop.test/*' }))[0]?.id);
  assert.ok(tabId, 'found the tab');
  const detecting = (r) => r.caveats.some((c) => c.key === 'caveat_consent_detecting');
  const report = await consentReport(tabId, (r) => !detecting(r), 12000);
  const took = Date.now() - opened;
  assert.ok(took < 10000, `settled after ${took} ms`);
  assert.equal(report.consent.bannerShowing, false);
  assert.equal(report.consent.banner, '');
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.waitForSelector('body[data-state="judged"]');
  assert.doesNotMatch(await popup.textContent('body'), /still looking for a consent banner/);
  assert.match(await popup.textContent('.consent-banner'), /No cookie banner seen on this page/);
  await popup.close();
  await page.close();
  await rig.browser.ctx.unroute('https://quiet-shop.test/**');
});
