// ShopTrust's generic consent-banner detector, for banners no autoconsent rule knows (home-made
// themes, open-source libraries, CMPs drawing in shadow DOM or frames). Runs in the isolated
// world of the top frame (consent.js) and of sub-frames (consent-frame.js), and gives them
// `globalThis.ShopTrustConsentDetector`:
//   find({ frame })   the consent banner on screen now, or null: an element that floats over
//                     the page (fixed, sticky, a dialog or modal), also inside open shadow
//                     roots, whose text speaks of cookies or consent (or of privacy, with
//                     choices) in EN/DE/FR/ES/IT/NL, with buttons or links. In a sub-frame the
//                     frame's own body may be the banner (its parent decides whether the frame
//                     floats).
//   buttons(root)     its visible first-layer controls: [{ el, label }], innermost only.
//   visible(el), floats(el), label(el), deepAll(root, selector, cap), frames()
// It finds and measures only: what a button means is the core's judgement (src/consent/labels.rs).
(() => {
  'use strict';
  if (globalThis.ShopTrustConsentDetector) return;

  const BUTTONS = 'button,input[type="button"],input[type="submit"],a[href],[role="button"],[role="link"][tabindex]';
  // Attribute names consent UIs give themselves, and the elements that float by nature.
  const NAMED = [
    '[id*="cookie" i]', '[class*="cookie" i]', '[id*="consent" i]', '[class*="consent" i]',
    '[id*="gdpr" i]', '[class*="gdpr" i]', '[id*="privacy" i]', '[class*="privacy" i]',
    '[id*="cmp" i]', '[class*="cmp-" i]', '[id*="tarteaucitron" i]',
    'dialog[open]', '[role="dialog"]', '[role="alertdialog"]', '[aria-modal="true"]',
  ].join(',');
  // Cookies or consent, in the six languages: enough on its own.
  const CONSENT_WORDS = new RegExp([
    'cookie', 'consent', 'tracking', 'tracker', 'gdpr',
    'einwillig', 'zustimm', 'dsgvo',
    'consentement', 'traceur', 'rgpd', 'témoin',
    'consentimiento', 'rastreo',
    'consenso', 'tracciament',
    'toestemming', 'tracking',
  ].join('|'), 'i');
  // Privacy: only with at least two controls (a chat widget's "privacy policy" link is not a banner).
  const PRIVACY_WORDS = /privacy|datenschutz|privatsphäre|confidentialité|vie privée|privacidad|privacità|riservatezza|persoonsgegevens|gegevens/i;
  // A banner's text is short; a fixed app shell holding the whole page is not a banner.
  const MAX_TEXT = 8000;
  const MAX_CONTROLS = 40;
  // Where a floating banner sits in the window, as fractions of its width and height.
  const PROBES = [
    [0.5, 0.97], [0.15, 0.97], [0.85, 0.97], [0.5, 0.88], [0.15, 0.88], [0.85, 0.88],
    [0.5, 0.5], [0.5, 0.3], [0.5, 0.7], [0.3, 0.5], [0.7, 0.5],
    [0.5, 0.03], [0.15, 0.03], [0.85, 0.03], [0.5, 0.12],
  ];
  const NAMED_CAP = 300;
  const SHADOW_HOSTS_CAP = 200;

  const text = (s, max = 120) => {
    s = String(s || '').replace(/\s+/g, ' ').trim();
    return s.length > max ? s.slice(0, max) : s;
  };

  // Chrome 121 renamed checkVisibility's options; 112–120 know only the first names.
  function visible(el) {
    try {
      if (!el || !el.isConnected) return false;
      if (el.checkVisibility && !el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true, opacityProperty: true, checkOpacity: true })) {
        return false;
      }
      const rect = el.getBoundingClientRect();
      return rect.width > 0 && rect.height > 0;
    } catch {
      return false;
    }
  }

  // The parent across a shadow boundary: a shadow root's host.
  const up = (node) => node.parentElement || (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);

  const isDialog = (node) => node.localName === 'dialog' ||
    /^(alert)?dialog$/.test(node.getAttribute('role') || '') || node.getAttribute('aria-modal') === 'true';

  // The nearest element, from `el` up (across shadow roots), that floats over the page:
  // position fixed or sticky, or a dialog. A footer's privacy links do not float.
  function floating(el) {
    for (let node = el, depth = 0; node && depth < 25; node = up(node), depth++) {
      if (node === document.body || node === document.documentElement) return null;
      if (isDialog(node)) return node;
      if (/fixed|sticky/.test(getComputedStyle(node).position)) return node;
    }
    return null;
  }
  const floats = (el) => floating(el) !== null;

  function label(el) {
    return text(el.innerText || el.value || el.getAttribute('aria-label') || el.getAttribute('title') || el.textContent);
  }

  // querySelectorAll through open shadow roots below `root` (closed ones cannot be read).
  function deepAll(root, selector, cap = 500) {
    const out = [];
    const walk = (scope) => {
      for (const el of scope.querySelectorAll(selector)) {
        if (out.length >= cap) return;
        out.push(el);
      }
      let hosts = 0;
      for (const el of scope.querySelectorAll('*')) {
        if (out.length >= cap || ++hosts > 3000) return;
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    if (root.shadowRoot) walk(root.shadowRoot);
    walk(root);
    return out;
  }

  // Visible controls with a label, innermost only (a link wrapping a button is one control).
  function buttons(root, cap = 300) {
    const all = deepAll(root, BUTTONS, cap).filter((b) => visible(b) && label(b));
    return all.filter((b) => !all.some((o) => o !== b && b.contains(o))).map((el) => ({ el, label: label(el) }));
  }

  // Speaks of consent, has choices, is not the whole page.
  function looksLikeConsent(el) {
    const raw = el.textContent || '';
    if (raw.length > MAX_TEXT && el !== document.body) return false;
    const said = el.innerText || raw;
    const strong = CONSENT_WORDS.test(said);
    if (!strong && !PRIVACY_WORDS.test(said)) return false;
    const controls = buttons(el, MAX_CONTROLS + 1);
    if (!controls.length || controls.length > MAX_CONTROLS) return false;
    return strong || controls.length >= 2;
  }

  // Elements stacked at a point, top first, descending into open shadow roots.
  function stackAt(scope, x, y, out, depth = 0) {
    let hits = [];
    try { hits = scope.elementsFromPoint(x, y); } catch { return; }
    for (const el of hits.slice(0, 6)) {
      if (el === document.body || el === document.documentElement) break;
      if (el.shadowRoot && depth < 4) stackAt(el.shadowRoot, x, y, out, depth + 1);
      out.push(el);
    }
  }

  // Candidates: what floats at the probe points, elements named like consent UI (in the
  // document and in the open shadow roots of <body>'s children, where CMPs mount theirs).
  function candidates() {
    const out = [];
    const w = innerWidth;
    const h = innerHeight;
    if (w > 0 && h > 0) {
      const stack = [];
      for (const [fx, fy] of PROBES) stackAt(document, fx * w, fy * h, stack);
      for (const el of stack) {
        const f = floating(el);
        if (f && !out.includes(f)) out.push(f);
      }
    }
    let n = 0;
    for (const el of document.querySelectorAll(NAMED)) {
      if (++n > NAMED_CAP) break;
      out.push(el);
    }
    n = 0;
    for (const el of document.body?.children ?? []) {
      if (++n > SHADOW_HOSTS_CAP) break;
      if (el.shadowRoot) for (const inner of el.shadowRoot.querySelectorAll(`${NAMED},div,section,aside`)) {
        if (floats(inner)) { out.push(inner); break; }
      }
    }
    return out;
  }

  // The banner: the outermost candidate that floats, is visible and looks like consent UI.
  function find({ frame = false } = {}) {
    if (!document.body) return null;
    let best = null;
    for (const el of candidates()) {
      if (el === document.body || el === document.documentElement) continue;
      if (best && (best === el || best.contains(el))) continue;
      if (!visible(el) || !floats(el) || !looksLikeConsent(el)) continue;
      if (best && !el.contains(best)) continue; // the first found stays, unless this holds it
      best = el;
    }
    // A consent manager's own frame: the frame's page is the banner.
    if (!best && frame && visible(document.body) && looksLikeConsent(document.body)) best = document.body;
    return best;
  }

  // Frames of the page, with those inside open shadow roots of <body>'s children.
  function frames(cap = 50) {
    const out = [...document.querySelectorAll('iframe,frame')].slice(0, cap);
    let n = 0;
    for (const el of document.body?.children ?? []) {
      if (++n > SHADOW_HOSTS_CAP || out.length >= cap) break;
      if (el.shadowRoot) out.push(...deepAll(el.shadowRoot, 'iframe', cap - out.length));
    }
    return out;
  }

  globalThis.ShopTrustConsentDetector = { find, buttons, visible, floats, floating, label, deepAll, frames, BUTTONS };
})();
