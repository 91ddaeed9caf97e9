// The consent collector (extension/consent.js) on its own, in a plain headless Chromium page:
// no extension, no autoconsent (without it the collector relies on its own look). What it
// finds is read from `ShopTrustConsent.facts()`, the object content.js sends.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { CHROMIUM, ROOT } from '../../xtask/js/chromium.mjs';
import { loadCore } from '../../xtask/js/wasm-node.mjs';

// The collector sends raw observations (sizes, times); what they mean the core decides
// (src/consent/observed.rs), here the node build of it.
const core = loadCore(ROOT);
const decided = (consent) => JSON.parse(core.consentDecisions(JSON.stringify(consent)));

// consent.js reads its caps and event names from the contract the build writes.
const SCRIPTS = ['dist/chromium/contract.js', 'extension/consent-detector.js', 'extension/consent.js'].map((f) => path.join(ROOT, f));
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

/** The collector's consent facts once its detection has its answer, with the time it took. */
async function settledFacts(html) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  try {
    await page.setContent(html, { waitUntil: 'load' });
    for (const file of SCRIPTS) await page.addScriptTag({ path: file });
    return await page.evaluate(async () => {
      const started = performance.now();
      globalThis.ShopTrustConsent.start(() => {});
      for (;;) {
        const consent = globalThis.ShopTrustConsent.facts().consent;
        if (consent.detectionDone) return { consent, ms: performance.now() - started };
        await new Promise((r) => setTimeout(r, 100));
      }
    });
  } finally {
    await page.close();
  }
}

const SHOP = (extra) => `<!doctype html><html lang="en"><body><header style="position:sticky;top:0;background:#fff">
  <a href="/">Shop</a> <a href="/privacy">Privacy</a> <a href="/cookies">Cookie settings</a> <a href="/cart">Basket</a></header>
  <main style="height:2000px"><h1>Linen shirt</h1><button>Add to basket</button></main>
  <footer><a href="/privacy">Privacy policy</a> · <a href="/cookies">Cookie policy</a> · <a href="/terms">Terms</a></footer>
  ${extra}</body></html>`;

test('a banner drawn in an open shadow root is found, with its buttons', async () => {
  const html = SHOP(`<div id="pc-root"></div><script>
    document.getElementById('pc-root').attachShadow({ mode: 'open' }).innerHTML =
      '<div style="position:fixed;right:20px;bottom:20px;width:360px;padding:16px;background:#fff">' +
      '<p>We use cookies to measure visits.</p><button>Reject all</button> <button>Accept all</button></div>';
  </script>`);
  const consent = await consentFacts(html);
  assert.equal(consent.bannerFound, true);
  assert.equal(consent.foundBy, 'detector');
  assert.deepEqual(consent.buttons.map((b) => b.label), ['Reject all', 'Accept all']);
  assert.ok(consent.buttons.every((b) => b.width > 0 && b.height > 0));
  assert.match(consent.text, /We use cookies/);
});

test('a sticky header, footer privacy links, a chat bubble and a delivery bar are no banner; "none" comes within 5 s of load', async () => {
  const chat = `<div style="position:fixed;right:16px;bottom:16px;width:300px;background:#fff">
    <p>Questions? Chat with us. By chatting you accept our <a href="/privacy">privacy policy</a>.</p></div>`;
  const delivery = `<div style="position:fixed;left:0;right:0;bottom:0;background:#eef">
    <p>Free delivery over €50, with a tracking number by email.</p><button>Shop now</button><button>Close</button></div>`;
  const { consent, ms } = await settledFacts(SHOP(chat + delivery));
  assert.equal(consent.bannerFound, false, JSON.stringify(consent.buttons));
  assert.equal(consent.detectionDone, true);
  assert.ok(ms < 5000, `${ms} ms`);
});

test('a centre modal with scroll lock is found as blocking the page', async () => {
  const html = SHOP(`<style>html{overflow:hidden}</style><div style="position:fixed;inset:0;display:grid;place-items:center;background:rgba(0,0,0,.5)">
    <div role="dialog" aria-modal="true" style="width:420px;background:#fff;padding:20px"><p>Utilizziamo i cookie per statistiche.</p>
    <button>Rifiuta</button> <button>Accetta</button></div></div>`);
  const consent = await consentFacts(html);
  assert.equal(consent.bannerFound, true);
  assert.equal(decided(consent).modal, true);
  assert.equal(consent.scrollLocked, true);
  assert.deepEqual(consent.buttons.map((b) => b.label), ['Rifiuta', 'Accetta']);
});

// The heavy page of xtask/js/bench.mjs: 2,000 product cards of five elements each.
const HEAVY = (extra) => {
  const cards = Array.from({ length: 2000 }, (_, i) =>
    `<div class="card"><h3>Product ${i}</h3><img src="data:," alt=""><label for="q${i}">Qty</label><input id="q${i}" name="qty_${i}" type="number"></div>`);
  return `<!doctype html><html lang="en"><body><form action="/cart" method="post">${cards.join('')}</form>${extra}</body></html>`;
};

test('on a 10,005-element page the detector answers at once with a banner, and within 5 s of load without one', async () => {
  const banner = '<div id="notice" style="position:fixed;bottom:0;left:0;right:0;background:#fff;padding:1rem">' +
    '<p>Wir verwenden Cookies für Statistik.</p><button>Alle akzeptieren</button><button>Alle ablehnen</button></div>';
  const found = await settledFacts(HEAVY(banner));
  assert.equal(found.consent.bannerFound, true);
  assert.ok(found.ms < 1000, `${found.ms} ms`);
  const none = await settledFacts(HEAVY(''));
  assert.equal(none.consent.bannerFound, false);
  assert.ok(none.ms < 5000, `${none.ms} ms`);
});
