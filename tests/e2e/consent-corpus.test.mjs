// The consent corpus (www/shops/consent-corpus.json) in real Chromium with the built extension:
// real open-source banner libraries from npm and hand-made banners in the patterns large consent
// managers use (open shadow root, cross-origin frame, bottom bar, centre modal with scroll lock),
// in six languages. Every banner must be found, by an autoconsent rule or ShopTrust's generic
// detector, and every first-layer accept and reject read as such by the core.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { useRig } from './rig.mjs';
import { CORPUS, judgeSetup } from '../../xtask/js/consent-corpus.mjs';

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
