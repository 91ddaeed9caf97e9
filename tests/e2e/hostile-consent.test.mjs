// Pages that forge "you answered on an earlier visit" (issue 15, item 3), in Debian's
// headless Chromium with ShopTrust loaded. Each page loads Google Analytics before anyone
// answered its visible, fair cookie banner; the control is judged "tracking before consent"
// (consent B). So must every hostile page be, on a first visit (the browser holds no cookie
// of the shop):
// - the page's own script writes vanilla-cookieconsent's answer cookie (`cc_cookie`);
// - a stub `__tcfapi` says `tcloaded` (a choice loaded from an earlier visit);
// - the page dispatches ShopTrust's internal `shoptrust-consent-signals` event itself;
// and a page with no banner at all must not pass for one whose manager stays quiet after a
// choice stored earlier: Klaro's markup with its notice hidden, and every autoconsent
// main-world snippet request answered "yes" by the page itself.
// The pages are www/shops/hostile-consent/ (https://hostile-consent.test/).
import { test, beforeEach } from 'node:test';
import assert from 'node:assert/strict';
import { useRig, findingIds } from './rig.mjs';
import { tabState, openPopup } from '../../xtask/js/chromium.mjs';

const rig = useRig();
const SHOP = 'https://hostile-consent.test';
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

// The control's consent grade: tracking before consent, and nothing else wrong with the banner.
const CONTROL_GRADE = 'B';
const consentGrade = (report) => report.concerns.find((c) => c.concern === 'consent')?.grade;
const caveatKeys = (report) => report.caveats.map((c) => c.key);
const checks = (report) => Object.fromEntries(report.consent.checks.map((c) => [c.id, c.status]));

// A first visit: no cookie of the shop in the browser (a page of this file may have set one).
beforeEach(async () => { await rig.browser.ctx.clearCookies(); });

/**
 * The tab's report once Google Analytics has been seen and the consent look is over, and
 * again after autoconsent's wait for a recognised manager's banner (6 s) has passed, so that
 * a forgery that needs time has had it.
 */
async function judgedAfterForgeryHadTime(path, { banner }) {
  const { page, tabId } = await rig.open(`${SHOP}${path}`);
  const deadline = Date.now() + 20000;
  let report = null;
  while (Date.now() < deadline) {
    const state = await tabState(rig.browser.ctx, tabId).catch(() => null);
    report = state?.phase === 'done' ? state.report : null;
    if (report?.consent && !caveatKeys(report).includes('caveat_consent_detecting') &&
      findingIds(report).includes('tracking.analytics') && report.consent.bannerShowing === banner) break;
    await sleep(200);
  }
  assert.ok(report, `${path}: no report`);
  await sleep(7000);
  const state = await tabState(rig.browser.ctx, tabId);
  return { page, tabId, report: state.report, facts: state.facts };
}

async function assertTrackingBeforeConsent(path, { banner = true } = {}) {
  const { page, tabId, report, facts } = await judgedAfterForgeryHadTime(path, { banner });
  const what = `${path}: consent ${consentGrade(report)} ${findingIds(report).join()} caveats ${caveatKeys(report).join()}`;
  assert.equal(report.status, 'judged', what);
  assert.ok(findingIds(report).includes('consent.tracking-before-consent'), what);
  assert.equal(checks(report)['no-tracking-before-consent'], 'fail', what);
  assert.ok(!caveatKeys(report).includes('caveat_consent_already_chosen'), what);
  assert.equal(consentGrade(report), CONTROL_GRADE, what);
  const popup = await openPopup(rig.browser.ctx, rig.browser.extensionId, tabId);
  await popup.waitForSelector('body[data-state="judged"]');
  assert.doesNotMatch(await popup.textContent('body'), /on an earlier visit/, what);
  await popup.close();
  await page.close();
  return { report, facts };
}

test('control: trackers before any answer to a visible banner are "tracking before consent" (consent B)', async () => {
  await assertTrackingBeforeConsent('/control.html');
});

test('an answer cookie the page writes itself is not a choice from an earlier visit', async () => {
  const { facts } = await assertTrackingBeforeConsent('/answer-cookie.html');
  assert.ok(!facts.consent.cookiesAtLoad.includes('cc_cookie'), 'cookies at load come from the request, not document.cookie');
});

test('a stub __tcfapi saying "tcloaded" alone is not a choice from an earlier visit', async () => {
  const { facts } = await assertTrackingBeforeConsent('/tcf-stub.html');
  assert.equal(facts.consent.tcf?.eventStatus, 'tcloaded', 'the stub was read (else this test shows nothing)');
});

test("ShopTrust's internal signals event dispatched by the page is not taken", async () => {
  const { facts } = await assertTrackingBeforeConsent('/forged-signals.html');
  assert.equal(facts.consent.tcf, null, 'the forged signal was ignored');
});

test("a consent manager's markup that never asks, with forged autoconsent snippet answers, is not a choice from an earlier visit", async () => {
  const { facts } = await assertTrackingBeforeConsent('/fake-cmp.html', { banner: false });
  assert.equal(facts.consent.cmp, 'Klaro', 'autoconsent took the markup for Klaro (else this test shows nothing)');
});

test('a real return visit is still "already chosen": the cookie from the earlier visit is sent with the page request', async () => {
  // The page itself wrote cc_cookie on the first visit (above); on a second visit the
  // browser sends it, which is what a choice made earlier looks like.
  const first = await rig.open(`${SHOP}/answer-cookie.html`);
  await first.page.close();
  const { page, tabId } = await rig.open(`${SHOP}/answer-cookie.html`);
  const deadline = Date.now() + 20000;
  let state = null;
  while (Date.now() < deadline) {
    state = await tabState(rig.browser.ctx, tabId).catch(() => null);
    if (state?.phase === 'done' && caveatKeys(state.report).includes('caveat_consent_already_chosen')) break;
    await sleep(200);
  }
  assert.ok(state.facts.consent.cookiesAtLoad.includes('cc_cookie'), JSON.stringify(state.facts.consent.cookiesAtLoad));
  assert.ok(caveatKeys(state.report).includes('caveat_consent_already_chosen'), caveatKeys(state.report).join());
  await page.close();
});
