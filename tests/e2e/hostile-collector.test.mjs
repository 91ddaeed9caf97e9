// Pages that try to hide a card form from the collector (issue 15, items 1, 2, 7 and 8), in
// Debian's headless Chromium with ShopTrust loaded. Each hostile page holds the same card
// form posting over plain HTTP as the control, which is graded F; so must they be.
// The pages are www/shops/hostile-collector/ (https://hostile-collector.test/).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRig, findingIds } from './rig.mjs';
import { tabState, settledReport } from '../../xtask/js/chromium.mjs';

const rig = useRig();
const SHOP = 'https://hostile-collector.test';

const paymentGrade = (report) => report.concerns.find((c) => c.concern === 'payment')?.grade;
const caveatKeys = (report) => report.caveats.map((c) => c.key);

async function judged(path) {
  const { page, tabId, report } = await rig.openJudged(`${SHOP}${path}`);
  const state = await tabState(rig.browser.ctx, tabId);
  return { page, tabId, report, facts: state.facts };
}

// The tab's report once it turns F after something the page or the shopper did (at most
// 10 s), or the last one seen: the caller asserts on it either way.
async function reportOnceF(tabId, page, first) {
  const deadline = Date.now() + 10000;
  let report = first;
  while (Date.now() < deadline && report.grade !== 'F') {
    await new Promise((r) => setTimeout(r, 200));
    report = await settledReport(rig.browser.ctx, tabId, { url: page.url(), settleMs: 300 });
  }
  return report;
}

function assertCardFormOverHttpFails(report, what) {
  assert.equal(report.status, 'judged', `${what}: ${report.unknownReasonKey} ${report.unknownDetail}`);
  assert.equal(report.grade, 'F', `${what}: ${report.grade} ${findingIds(report).join()}`);
  assert.equal(paymentGrade(report), 'F', what);
  assert.ok(findingIds(report).includes('payment.card-sent-unencrypted'), `${what}: ${findingIds(report).join()}`);
  assert.equal(report.verdictKey, 'headline_danger_card', what);
}

test('control: the card form posting over HTTP is F', async () => {
  const { page, report } = await judged('/control.html');
  assertCardFormOverHttpFails(report, 'control');
  await page.close();
});

test('an SVG <script> does not end the judgement: still F, the SVG script counted', async () => {
  const { page, report, facts } = await judged('/svg-script.html');
  assertCardFormOverHttpFails(report, 'svg script');
  assert.equal(await page.evaluate(() => window.svgScriptRan), true, 'the SVG script ran, so it is a script');
  assert.equal(facts.inlineScripts.count, 1);
  assert.match(facts.payment.inlineScriptTexts[0].text, /svgScriptRan/);
  assert.equal(facts.readFailures, 0);
  await page.close();
});

test('an SVG <form> does not end the judgement: still F, and it is not taken for a form', async () => {
  const { page, report, facts } = await judged('/svg-form.html');
  assertCardFormOverHttpFails(report, 'svg form');
  assert.equal(facts.forms.length, 1, JSON.stringify(facts.forms.map((f) => f.action)));
  await page.close();
});

test('a card form in a closed shadow root beside a Stripe frame is still read: F, and not "goes to Stripe"', async () => {
  const { page, report, facts } = await judged('/closed-shadow.html');
  assertCardFormOverHttpFails(report, 'closed shadow root');
  assert.equal(report.payment.cardFields, 'page');
  assert.deepEqual(facts.forms.map((f) => f.action), ['http://hostile-collector.test/order']);
  assert.deepEqual(facts.unseen, { shadowRoots: 0, cardTyping: 0 }, 'Chromium lets the collector open the closed root');
  await page.close();
});

test('a card form in a declarative closed shadow root (no attachShadow call) is read once the shopper focuses a field: F', async () => {
  const { page, tabId, report: first } = await judged('/declarative-shadow.html');
  assert.equal(await page.evaluate(() => document.getElementById('card-host').shadowRoot), null, 'the root is closed');
  // Before anyone touches it the form is out of the collector's sight (the parser made the
  // root; no watcher saw it); the shopper's click into the card number field reveals it.
  assert.notEqual(first.grade, 'F', 'before the focus the form is unseen (else this test shows nothing)');
  const box = await (await page.$('#card-host')).boundingBox();
  await page.mouse.click(box.x + 20, box.y + 12); // the card number input fills the host's top
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'card-host', 'focus went into the shadow root');
  const report = await reportOnceF(tabId, page, first);
  assertCardFormOverHttpFails(report, 'declarative closed shadow root');
  assert.equal(report.payment.cardFields, 'page');
  await page.close();
});

test('a card form in an open shadow root is read: F', async () => {
  const { page, report } = await judged('/open-shadow.html');
  assertCardFormOverHttpFails(report, 'open shadow root');
  assert.equal(report.payment.cardFields, 'page');
  await page.close();
});

test('a card form behind more shadow roots than a collection reads: payment unknown with a caveat, never "goes to Stripe"', async () => {
  const { page, report, facts } = await judged('/many-shadow-roots.html');
  assert.equal(report.status, 'judged');
  assert.ok(facts.unseen.shadowRoots > 0, JSON.stringify(facts.unseen));
  assert.ok(caveatKeys(report).includes('caveat_fields_unseen'), caveatKeys(report).join());
  assert.equal(paymentGrade(report), undefined, 'payment is unknown, not graded');
  assert.equal(report.payment, null);
  await page.close();
});

test('a card form inside a same-site frame is judged: F', async () => {
  const { page, report, facts } = await judged('/same-site-frame.html');
  assertCardFormOverHttpFails(report, 'same-site frame');
  assert.equal(report.payment.cardFields, 'page');
  assert.deepEqual(facts.frames.map((f) => f.url), [`${SHOP}/card-frame.html`]);
  await page.close();
});

test('a form action switched to http:// after the first report is caught: F', async () => {
  // The page switches by itself 1.5 s after load; here it switches when told, once the first
  // report is in, so that a slow machine cannot make the first report come after the switch.
  const { page, tabId, report: first } = await judged('/late-action.html?manual');
  assert.notEqual(first.grade, 'F', 'the first report, before the switch, is not F (else this test shows nothing)');
  await page.evaluate(() => window.switchAction());
  const report = await reportOnceF(tabId, page, first);
  assertCardFormOverHttpFails(report, 'late action');
  await page.close();
});

test('a submit button whose formaction sends the card over http:// is caught at submit time: F', async () => {
  const { page, tabId, report: first } = await judged('/submitter-action.html');
  assert.notEqual(first.grade, 'F', 'before the submit the form posts over HTTPS (else this test shows nothing)');
  await page.click('button[formaction]');
  assert.equal(await page.evaluate(() => window.submitted), true);
  const report = await reportOnceF(tabId, page, first);
  assertCardFormOverHttpFails(report, 'submitter formaction');
  await page.close();
});

test('a CSP meta tag in <body> is not counted; one in <head> before every script is', async () => {
  const body = await judged('/body-csp.html');
  assert.equal(await body.page.evaluate(() => window.shopScriptRan), true, 'the browser ignored the body meta');
  assert.deepEqual(body.facts.metaCsp, [], 'body page: the ignored meta is not sent');
  assert.equal(body.report.payment.csp, 'missing');
  await body.page.close();
  const head = await judged('/head-csp.html');
  assert.deepEqual(head.facts.metaCsp, ["script-src 'none'"], `head page: the enforced meta is sent (${head.facts.url})`);
  assert.notEqual(head.report.payment.csp, 'missing');
  await head.page.close();
});
