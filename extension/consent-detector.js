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
//   drawnText(el)     its text as drawn, slotted content included
//   visible(el), floats(el), label(el), deepAll(root, selector, cap), frames()
// It finds and measures only: what a button means is the core's judgement (src/consent/labels.rs).
(() => {
  'use strict';
  if (globalThis.ShopTrustConsentDetector) return;

  const BUTTONS = 'button,input[type="button"],input[type="submit"],a[href],[role="button"],[role="link"][tabindex]';
  // Names consent UIs give themselves (ids and classes).
  const NAME_WORDS = /cookie|consent|gdpr|privacy|cmp|tarteaucitron/i;
  // Cookies or consent, in the six languages: enough on its own. ("Tracking" is not: a shop's
  // sticky bar speaks of parcel tracking.)
  const CONSENT_WORDS = new RegExp([
    'cookie', 'consent', 'gdpr',
    'einwillig', 'zustimm', 'dsgvo',
    'consentement', 'traceur', 'rgpd', 'témoin',
    'consentimiento',
    'consenso',
    'toestemming',
  ].join('|'), 'i');
  // Privacy or personal data: only with at least two controls (a chat widget's "privacy policy"
  // line is not a banner).
  const PRIVACY_WORDS = /privacy|personal (data|information)|datenschutz|privatsphäre|persönliche[n]? (daten|informationen)|confidentialité|vie privée|données personnelles|privacidad|datos personales|privacità|riservatezza|dati personali|persoonsgegevens/i;
  // A banner's text is short; a fixed app shell holding the whole page is not a banner.
  const MAX_TEXT = 8000;
  const MAX_CONTROLS = 40;
  // Elements whose position one look reads, open shadow roots it enters, named elements it tries.
  const SCAN_BUDGET = 20000;
  const SHADOW_ROOTS_CAP = 50;
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

  // The text drawn in `el`: its innerText, and what the page slots into the shadow DOM below
  // it (a web component's banner text lives in the page, outside both its innerText and
  // textContent).
  function drawnText(el, raw) {
    let said = el.innerText || raw;
    for (const slot of deepAll(el, 'slot', 20)) {
      for (const node of slot.assignedNodes({ flatten: true })) said += ' ' + (node.innerText ?? node.textContent ?? '');
    }
    return said;
  }

  // Speaks of consent in its own words (not only in a link: a sticky header's "Privacy" or
  // "Cookie settings" link is no banner), has choices, is not the whole page.
  function looksLikeConsent(el) {
    const raw = el.textContent || '';
    if (raw.length > MAX_TEXT && el !== document.body) return false;
    const said = drawnText(el, raw);
    if (!CONSENT_WORDS.test(said) && !PRIVACY_WORDS.test(said)) return false;
    const controls = buttons(el, MAX_CONTROLS + 1);
    if (!controls.length || controls.length > MAX_CONTROLS) return false;
    let prose = said;
    for (const { label: l } of controls) prose = prose.split(l).join(' ');
    if (CONSENT_WORDS.test(prose)) return true;
    return PRIVACY_WORDS.test(prose) && controls.length >= 2;
  }

  // Candidates: every element positioned fixed or sticky, then elements named like consent UI
  // or marked as dialogs, in the page and in open shadow roots, within a budget of elements
  // looked at. Reading an element's computed position is the costly part (hit-testing the
  // window at a few points was worse: several ms per point on the 10,005-element page), so it
  // is read only where a banner could be: a banner holds its controls, so only an element with
  // a control below it (across shadow roots) can be one. Marking the controls' ancestors takes
  // one selector query per scope and spares the style read on most elements of a big page.
  // When the look is cut short by its caps, every element with children stays a candidate.
  function candidates() {
    const scopes = [document.body];
    const lists = []; // [elements, how many of them are looked at]
    let budget = SCAN_BUDGET;
    let complete = true;
    for (let s = 0; s < scopes.length && budget > 0; s++) {
      if (s >= SHADOW_ROOTS_CAP) { complete = false; break; }
      const all = scopes[s].querySelectorAll('*');
      const n = Math.min(all.length, budget);
      if (n < all.length) complete = false;
      budget -= n;
      lists.push([all, n]);
      for (let i = 0; i < n; i++) if (all[i].shadowRoot) scopes.push(all[i].shadowRoot);
    }
    let holdsControl = null;
    if (complete) {
      holdsControl = new Set();
      for (const scope of scopes) {
        for (const control of scope.querySelectorAll(BUTTONS)) {
          for (let node = up(control); node && !holdsControl.has(node); node = up(node)) holdsControl.add(node);
        }
      }
    }
    const floating = [];
    const named = [];
    for (const [all, n] of lists) {
      for (let i = 0; i < n; i++) {
        const el = all[i];
        if (holdsControl ? !holdsControl.has(el) : !el.firstElementChild && !el.shadowRoot) continue;
        const position = getComputedStyle(el).position;
        if (position === 'fixed' || position === 'sticky') floating.push(el);
        else if (named.length < NAMED_CAP && (isDialog(el) || NAME_WORDS.test(el.id) || NAME_WORDS.test(el.getAttribute('class') || ''))) named.push(el);
      }
    }
    return floating.concat(named);
  }

  // The banner: the outermost candidate that floats, is visible and looks like consent UI.
  function look(frame) {
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

  // A new look only when the page changed since the last (or when `fresh`): on a page that
  // stays as it is, the answer does too, and looking is the costly part.
  let changed = true;
  let last = null;
  try {
    new MutationObserver(() => { changed = true; }).observe(document, {
      subtree: true, childList: true, attributes: true, attributeFilter: ['class', 'style', 'hidden', 'open', 'aria-hidden', 'aria-modal'],
    });
  } catch { /* then every call looks */ }
  function find({ frame = false, fresh = false } = {}) {
    if (!document.body) return null;
    if (!changed && !fresh) return last && visible(last) ? last : null;
    changed = false;
    last = look(frame);
    return last;
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

  globalThis.ShopTrustConsentDetector = { find, buttons, visible, floats, floating, label, deepAll, frames, BUTTONS, drawnText: (el) => drawnText(el, el.textContent || '') };
})();
