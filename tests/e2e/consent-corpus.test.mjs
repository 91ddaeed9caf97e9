// The consent corpus (www/shops/consent-corpus.json) in real Chromium with the built extension:
// real open-source banner libraries from npm and hand-made banners in the patterns large consent
// managers use (open shadow root, cross-origin frame, bottom bar, centre modal with scroll lock),
// in six languages. Every banner must be found, by an autoconsent rule or ShopTrust's generic
// detector, and every first-layer accept and reject read as such by the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRig } from './rig.mjs';
import { CORPUS, judgeSetup } from '../../xtask/js/consent-corpus.mjs';
import { tabState } from '../../xtask/js/chromium.mjs';

const rig = useRig();

test('the corpus has at least 12 setups, 6 more open-source libraries and the four CMP patterns, in 3+ languages', () => {
  assert.ok(CORPUS.length >= 12, `${CORPUS.length} setups`);
  const libraries = new Set(CORPUS.map((s) => s.library.split(' ')[0]).filter((l) => l !== 'hand-made'));
  assert.ok(libraries.size >= 8, [...libraries].join(', ')); // vanilla-cookieconsent and Klaro, and 6 more
  for (const kind of ['opt-in', 'info', 'opt-out']) assert.ok(CORPUS.some((s) => s.kind === kind), kind);
  for (const pattern of ['shadow root', 'cross-origin frame', 'bottom bar', 'centre modal']) {
    assert.ok(CORPUS.some((s) => s.setup.includes(pattern)), pattern);
  }
  assert.ok(new Set(CORPUS.map((s) => s.lang)).size >= 3);
});

for (const setup of CORPUS) {
  test(`${setup.setup} (${setup.library}, ${setup.lang}): found, accept and reject recognised`, async () => {
    const result = await judgeSetup(rig.browser.ctx, setup);
    const seen = JSON.stringify({ found: result.found, buttons: result.buttons });
    assert.notEqual(result.found, 'missed', seen);
    assert.equal(result.recognised.accept, true, seen);
    if (setup.reject) assert.equal(result.recognised.reject, true, seen);
    if (setup.settings) assert.equal(result.recognised.settings, true, seen);
    // The verdict follows from what is on the first layer.
    if (!setup.reject) assert.equal(result.checks['reject-first-layer'], 'fail', seen);
    else assert.equal(result.checks['reject-first-layer'], 'pass', seen);
  });
}

test('how each pattern is found: the frame through its own content script, shadow roots and home-made banners by the detector', async () => {
  const byUrl = (part) => CORPUS.find((s) => s.url.includes(part));
  const frame = await judgeSetup(rig.browser.ctx, byUrl('iframe-banner-shop'));
  assert.equal(frame.found, 'generic detector (frame)');
  const shadow = await judgeSetup(rig.browser.ctx, byUrl('shadow-banner-shop'));
  assert.equal(shadow.found, 'generic detector');
  // The modal locks scrolling and blocks the page, yet offers a reject: no cookie wall.
  const modal = await judgeSetup(rig.browser.ctx, byUrl('modal-banner-shop'));
  assert.equal(modal.checks['no-cookie-wall'], 'pass');
});

// The heavy page of xtask/js/bench.mjs (2,000 product cards of five elements each, 10,005
// elements with the page's own) with Google Analytics, with and without a banner.
function heavyPage(banner) {
  const cards = Array.from({ length: 2000 }, (_, i) =>
    `<div class="card"><h3>Product ${i}</h3><img src="data:," alt=""><label for="q${i}">Qty</label><input id="q${i}" name="qty_${i}" type="number"></div>`);
  return '<!doctype html><html lang="en"><head><title>Heavy catalogue</title>' +
    '<script async src="https://www.google-analytics.com/analytics.js"></script></head><body>' +
    `<form action="/cart" method="post">${cards.join('')}</form>${banner}</body></html>`;
}

/** Loads `html` as https://heavy-consent.test/ and returns the first facts with detection done, and when. */
async function detectionOnHeavyPage(html) {
  const ctx = rig.browser.ctx;
  await ctx.route('https://heavy-consent.test/**', (route) => route.fulfill({ status: 200, contentType: 'text/html', body: html }));
  const { page, tabId } = await rig.open('https://heavy-consent.test/');
  try {
    const loadEnd = await page.evaluate(() => performance.timeOrigin + performance.getEntriesByType('navigation')[0].loadEventEnd);
    for (let i = 0; i < 200; i++) {
      const state = await tabState(ctx, tabId).catch(() => null);
      const consent = state?.facts?.consent;
      if (consent?.detectionDone && state.phase === 'done') {
        // The collector stamps nothing for "done": the report is at most this late, an upper bound.
        return { consent, report: state.report, afterLoadMs: state.updatedAt - loadEnd, elements: await page.evaluate(() => document.getElementsByTagName('*').length) };
      }
      await new Promise((r) => setTimeout(r, 100));
    }
    throw new Error('detection never finished on the heavy page');
  } finally {
    await page.close();
    await ctx.unroute('https://heavy-consent.test/**');
  }
}

test('on the 10,005-element page detection has its answer within 5 s of load, and "trackers but no banner" is judged', async (t) => {
  const none = await detectionOnHeavyPage(heavyPage(''));
  assert.ok(none.elements >= 10005, `${none.elements} elements`);
  assert.equal(none.consent.bannerFound, false);
  t.diagnostic(`no banner: judged ${Math.round(none.afterLoadMs)} ms after load`);
  assert.ok(none.afterLoadMs < 5000, `${Math.round(none.afterLoadMs)} ms after load`);
  assert.ok(none.report.findings.some((f) => f.id === 'consent.no-banner'), none.report.findings.map((f) => f.id).join());

  const banner = '<div style="position:fixed;bottom:0;left:0;right:0;background:#fff;padding:1rem">' +
    '<p>Wij gebruiken cookies voor statistieken.</p><button>Alles weigeren</button><button>Alles accepteren</button></div>';
  const found = await detectionOnHeavyPage(heavyPage(banner));
  assert.equal(found.consent.bannerFound, true);
  t.diagnostic(`banner: judged ${Math.round(found.afterLoadMs)} ms after load`);
  assert.ok(found.afterLoadMs < 5000, `${Math.round(found.afterLoadMs)} ms after load`);
  assert.deepEqual(found.report.consent.buttons.map((b) => b.role), ['reject', 'accept']);
});

test('a banner in a cross-origin frame: the shopper\'s "Tout refuser" there is their answer, and it is respected', async () => {
  const { page, tabId } = await rig.open('https://iframe-banner-shop.test/');
  try {
    const until = async (ready, what) => {
      for (let i = 0; i < 100; i++) {
        const state = await tabState(rig.browser.ctx, tabId).catch(() => null);
        if (state?.phase === 'done' && state.report?.consent && ready(state)) return state;
        await new Promise((r) => setTimeout(r, 200));
      }
      throw new Error(`never: ${what}`);
    };
    await until((s) => s.facts.consent.bannerFound, 'the framed banner found');
    await page.frameLocator('#cmp-frame').locator('button.refuse').click();
    const state = await until((s) => s.report.consent.answer === 'reject' &&
      s.report.consent.checks.find((c) => c.id === 'choice-respected')?.status !== 'unknown', 'the reject judged');
    assert.equal(state.facts.consent.choices[0].label, 'Tout refuser');
    assert.equal(state.report.consent.answeredBy, 'shopper');
    assert.equal(state.report.consent.checks.find((c) => c.id === 'choice-respected').status, 'pass');
    assert.equal(state.report.consent.bannerShowing, false, 'the frame was removed');
  } finally {
    await page.close();
  }
});
