// ShopTrust consent collector for sub-frames. Big consent managers draw their banner in a
// frame of their own, often cross-origin, where the top frame's collector cannot look. This
// script runs in every sub-frame (the manifest's all_frames, with about:blank and srcdoc
// frames by their parent's origin) in the isolated world, looks with the generic detector
// (consent-detector.js) and sends a small report to the service worker, which hands it to
// the top frame's consent.js; that one decides whether the frame floats over the page.
// Report: { type: 'consent-frame', showing, text, buttons, buttonsSeen, choice? }.
(() => {
  'use strict';
  if (window === window.top) return;
  const detector = globalThis.ShopTrustConsentDetector;
  if (!detector) return;

  // The same caps as the top frame's banner (src/contract.rs, consent collector).
  const CAPS = globalThis.ShopTrustContract.consentCollector.caps;
  const DETECT_WITHIN_MS = 3000;
  const LOOK_EVERY_MS = 500;
  const AFTER_ANSWER_MS = [500, 1500, 4000];
  const on = (target, type, fn, opts) => EventTarget.prototype.addEventListener.call(target, type, fn, opts);
  const clip = (s, max) => {
    s = String(s || '').replace(/\s+/g, ' ').trim();
    return s.length > max ? s.slice(0, max) : s;
  };

  const SEND_TRIES = 10;
  const RESEND_MS = 500;
  let root = null;
  let lastSent = '';
  let sending = 0; // the report being sent; a newer one ends the tries of the older

  // Sends a report until the top frame's collector has it (it starts at the top page's
  // document_idle, which can come after this frame's).
  async function send(report) {
    const message = { type: 'consent-frame', ...report };
    const key = JSON.stringify(message);
    if (key === lastSent) return;
    lastSent = key;
    const mine = ++sending;
    for (let i = 0; i < SEND_TRIES && mine === sending; i++) {
      let delivered = false;
      try {
        delivered = await chrome.runtime.sendMessage(message);
      } catch { return; /* orphaned script */ }
      if (delivered) return;
      await new Promise((resolve) => setTimeout(resolve, RESEND_MS));
    }
  }

  // The same raw observations consent.js makes of a button.
  function buttonFacts({ el, label }) {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      label: clip(label, CAPS.label),
      width: Math.round(rect.width),
      height: Math.round(rect.height),
      fontSize: parseFloat(style.fontSize) || 0,
      // Raw computed styles: whether they show (filled, outlined) is the core's call.
      backgroundColor: clip(style.backgroundColor, CAPS.label),
      backgroundImage: !!style.backgroundImage && style.backgroundImage !== 'none',
      borderWidth: parseFloat(style.borderTopWidth) || 0,
      borderStyle: clip(style.borderTopStyle, CAPS.label),
      borderColor: clip(style.borderTopColor, CAPS.label),
    };
  }

  // Looks for the banner; reports it on first sight and when it goes away. Returns whether it shows.
  // `fresh`: look even if the frame's page did not change since the last look (its banner may
  // be drawn by styles alone); otherwise the detector looks again only after a change.
  function look(fresh = true) {
    if (root && detector.visible(root)) return true;
    const wasShowing = root !== null;
    root = detector.find({ frame: true, fresh });
    if (root) {
      const controls = detector.buttons(root, 10 * CAPS.buttons);
      send({
        showing: true, text: clip(detector.drawnText(root), CAPS.text),
        buttons: controls.slice(0, CAPS.buttons).map(buttonFacts), buttonsSeen: controls.length,
      });
      return true;
    }
    if (wasShowing) send({ showing: false });
    return false;
  }

  function lookUntilSure() {
    const start = performance.now();
    let first = true;
    const again = () => {
      try {
        // Afresh the first and the last time; between, only after the frame's page changed
        // (every frame of a page runs this, ad and video frames too).
        const last = performance.now() - start >= DETECT_WITHIN_MS;
        if (look(first || last) || last) return;
        first = false;
      } catch { return; }
      setTimeout(again, LOOK_EVERY_MS);
    };
    again();
  }

  // The shopper's own clicks on the banner's controls (scripts' clicks are untrusted).
  on(document, 'click', (event) => {
    try {
      if (!event.isTrusted || !root) return;
      const path = event.composedPath();
      if (!path.includes(root)) return;
      const control = path.find((n) => n instanceof Element && n.matches(detector.BUTTONS));
      if (!control) return;
      lastSent = '';
      send({ showing: true, choice: { label: detector.label(control) } });
      for (const ms of AFTER_ANSWER_MS) setTimeout(() => { try { look(); } catch { /* never break the page */ } }, ms);
    } catch { /* never break the page */ }
  }, true);

  try {
    if (document.readyState === 'complete') lookUntilSure();
    else on(window, 'load', lookUntilSure, { once: true });
  } catch { /* never break the page */ }
})();
