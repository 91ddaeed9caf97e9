// The consent collector (extension/consent.js) on its own, in a plain headless Chromium page:
// no extension, no autoconsent (without it the collector relies on its own look). What it
// finds is read from `ShopTrustConsent.facts()`, the object content.js sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, ROOT } from '../../xtask/js/chromium.mjs';

const SCRIPTS = ['extension/consent.js'].map((f) => path.join(ROOT, f));
let browser;
before(async () => {
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--headless=new', '--no-sandbox', '--disable-gpu'] });
});
after(async () => browser?.close());

/** The collector's consent facts for `html`, after `init` ran in the page first. */
async function consentFacts(html, { init } = {}) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.setContent(html, { waitUntil: 'load' });
    if (init) await page.evaluate(init);
    for (const file of SCRIPTS) await page.addScriptTag({ path: file });
    return await page.evaluate(() => {
      globalThis.ShopTrustConsent.start(() => {});
      return globalThis.ShopTrustConsent.facts().consent;
    });
  } finally {
    await page.close();
  }
}

// Chrome 112–120 (the manifest allows 112) know checkVisibility's first option names only
// (`checkOpacity`, `checkVisibilityCSS`); 121 added `opacityProperty`, `visibilityProperty`.
function asChrome112() {
  const native = Element.prototype.checkVisibility;
  Element.prototype.checkVisibility = function (options = {}) {
    return native.call(this, { checkOpacity: !!options.checkOpacity, checkVisibilityCSS: !!options.checkVisibilityCSS });
  };
}

const HIDDEN_BANNER = (style) => `<!doctype html><html lang="en"><body><main><h1>Shop</h1></main>
  <div class="cookie-banner" style="position:fixed;bottom:0;left:0;right:0;padding:20px;background:#fff;${style}">
    We use cookies to improve your visit.
    <button>Accept all</button> <button>Reject all</button>
  </div></body></html>`;

test('a banner hidden with visibility or opacity is not on screen, on Chrome 112 as on today\'s', async () => {
  for (const style of ['visibility:hidden', 'opacity:0']) {
    for (const init of [undefined, asChrome112]) {
      const consent = await consentFacts(HIDDEN_BANNER(style), { init });
      assert.equal(consent.bannerFound, false, `${style}, ${init ? 'Chrome 112' : 'this Chromium'}`);
    }
  }
  const shown = await consentFacts(HIDDEN_BANNER(''), { init: asChrome112 });
  assert.equal(shown.bannerFound, true, 'the same banner, shown, is found');
});
