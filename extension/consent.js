// ShopTrust consent collector. Runs in the isolated world of the top frame, before
// content.js, and gives it `globalThis.ShopTrustConsent`:
//   start(onChange)  starts DuckDuckGo's autoconsent (vendor/autoconsent.js) in detection-
//                    only mode — it never clicks anything on its own — and ShopTrust's own
//                    generic detector (consent-detector.js) for banners no rule knows, and
//                    calls onChange whenever there is something new to report;
//   facts()          the bounded `consent` part of PageFacts (src/consent/mod.rs).
// It only collects: which consent manager autoconsent recognised, the banner's buttons,
// purpose switches and looks when first seen, and when the shopper (trusted clicks only) or
// ShopTrust's "Reject for me" answered. A banner drawn in a sub-frame is seen there by
// consent-frame.js, whose report the service worker hands to this script. What any of it
// means is decided in the core.
// "Reject for me" runs autoconsent's opt-out only when the popup asks, after the shopper's click.
(() => {
  'use strict';

  // Caps and event names: the contract with the core (src/contract.rs, built into
  // contract.js, which runs first).
  const CONTRACT = globalThis.ShopTrustContract;
  const CAPS = CONTRACT.consentCollector.caps;
  const { cmpNameMax: CMP_NAME_MAX, cookieNameMax: COOKIE_NAME_MAX, signalIdsMax: SIGNAL_IDS_MAX, signalTextMax: SIGNAL_TEXT_MAX } =
    CONTRACT.consentCollector;
  const HEURISTIC = CONTRACT.consentCollector.heuristicCmpPrefix; // autoconsent's heuristic, no known manager
  const ROOTS_MAX = 5; // consent UI containers remembered
  const DETECT_RETRIES = 10;
  // After autoconsent recognises a consent manager, how long its banner may take to show
  // (the core reads "no banner by then" as "chosen on an earlier visit"): report again then.
  const POPUP_WAIT_MS = CONTRACT.consentCollector.popupWaitMs;
  // How long the look for a consent manager may run before "none found" is the answer.
  // autoconsent's own retries wait for the page to change between tries, so on a quiet page
  // they end only after a minute; a later find still updates the facts.
  const DETECT_LIMIT_MS = 6000;
  // Re-collect after an answer, to see what the page does next.
  const AFTER_ANSWER_MS = [1000, 3000, 8000];
  const SWITCHES = 'input[type="checkbox"],[role="switch"],[role="checkbox"]';
  // The generic detector has its answer (a banner, or none) this long after the load event,
  // so "trackers but no banner" is judged within 5 s of it: content.js reports at most every
  // 500 ms, then the worker judges, and on a busy 10,005-element page on a loaded machine that
  // took up to 1.2 s more. It looks again every LOOK_EVERY_MS until then; a banner that comes
  // later is still recorded when it comes.
  const DETECT_WITHIN_MS = 3000;
  const LOOK_EVERY_MS = 500;
  const FRESH_LOOKS_MS = [DETECT_WITHIN_MS - 100];
  // After that, a page that keeps changing is looked at again at most this often: a full look
  // costs 10–40 ms on a 10,005-element page, and content.js asks on every report.
  const LATE_LOOK_EVERY_MS = 5000;
  const FRAME_REPORT = 'consent-frame';
  const detector = globalThis.ShopTrustConsentDetector;
  const BUTTONS = detector.BUTTONS;
  // Named with the per-page secret consent-channel.js handed the main-world helper: the page
  // can neither send nor read these. Without the channel nothing from the main world is taken.
  const NO_CHANNEL = { signals: '', eval: '', evalResult: '' };
  const { signals: SIGNALS_EVENT, eval: EVAL_EVENT, evalResult: EVAL_RESULT_EVENT } = globalThis.ShopTrustConsentChannel ?? NO_CHANNEL;

  const clip = (s, max) => (typeof s === 'string' ? (s.length > max ? s.slice(0, max) : s) : '');
  const text = (s, max = CAPS.label) => clip(String(s || '').replace(/\s+/g, ' ').trim(), max);
  const on = (target, type, fn, opts) => EventTarget.prototype.addEventListener.call(target, type, fn, opts);
  // (Passes checkVisibility both Chrome 121's option names and the 112–120 ones.)
  const visible = detector.visible;
  // `counter`: the `seen` entry that records how many there were before the cap.
  const cookieNames = (counter) => {
    let all = '';
    try { all = Object.getOwnPropertyDescriptor(Document.prototype, 'cookie').get.call(document); } catch { /* opaque origin */ }
    const names = all.split(';').map((c) => text(c.split('=', 1)[0], COOKIE_NAME_MAX)).filter(Boolean);
    seen[counter] = names.length;
    return names.slice(0, CAPS.cookies);
  };

  const state = {
    detectionDone: false, cmp: '', bannerFound: false, bannerSeenAt: 0, blocking: null, scrollLocked: false,
    text: '', buttons: [], purposes: [], cmpDetectedAt: 0, popupFoundAt: 0, clickedAt: 0, choices: [], cookiesAtLoad: [], cookiesAtAnswer: [],
    tcf: null, gpp: null,
    // Who first put the banner on record: `rule` (autoconsent's rule or heuristic),
    // `detector` (the generic detector, in this page or its open shadow roots), `frame`
    // (the generic detector in a sub-frame), or empty.
    foundBy: '',
  };
  let instance = null;
  let popupWaitOver = false; // the wait after the first detection ran out: its time stands
  let purposesTouched = false;
  let onChange = () => {};
  const roots = []; // consent UI containers seen, newest last
  const seen = { buttons: 0, purposes: 0, choices: 0, cookies: 0, cookiesAtLoad: 0 }; // before the caps, for `truncated`
  const changed = () => { try { onChange(); } catch { /* never break the page */ } };

  // --- Where the banner is.

  // The element autoconsent's rule looks at for "popup open", when the rule is declarative.
  function ruleRoot() {
    const cmp = instance?.foundCmp;
    if (!cmp) return null;
    // Its heuristic keeps the element it found; a banner removed after the answer is gone.
    if (Array.isArray(cmp.popups) && cmp.popups[0]?.element) return visible(cmp.popups[0].element) ? cmp.popups[0].element : null;
    const steps = Array.isArray(cmp.config?.detectPopup) ? cmp.config.detectPopup : [];
    for (const step of steps) {
      const selector = step?.visible ?? step?.exists;
      if (typeof selector !== 'string') continue;
      try {
        const el = document.querySelector(selector);
        if (visible(el)) return el;
      } catch { /* a selector this engine does not know */ }
    }
    return null;
  }

  // The generic detector's banner: the one it found while it is on screen, else a new look
  // (at most once per LOOK_EVERY_MS: facts() runs on every batch of page changes; the detector
  // itself looks again only when the page changed, unless `fresh`).
  let detected = null;
  let lookedAt = -Infinity;
  let detectorDone = false; // the detection window after the load event is over
  function detectedRoot(fresh = false) {
    if (detected && visible(detected)) return detected;
    if (!fresh && performance.now() - lookedAt < (detectorDone ? LATE_LOOK_EVERY_MS : LOOK_EVERY_MS)) return null;
    lookedAt = performance.now();
    detected = detector.find({ fresh });
    return detected;
  }

  // A banner a sub-frame reported (consent-frame.js, through the service worker): { origin,
  // showing, text, buttons, buttonsSeen, frame }. It counts while a frame of that origin
  // floats over this page, visible.
  let framed = null;
  function framedBanner() {
    if (!framed?.showing) return null;
    const fits = (f) => f?.isConnected && frameOrigin(f) === framed.origin && visible(f) && detector.floats(f);
    if (!fits(framed.frame)) framed.frame = detector.frames().find(fits) ?? null;
    return framed.frame ? framed : null;
  }

  // The banner's outermost box below <body> (across shadow roots): its preferences layer
  // usually lives there too.
  function containerOf(el) {
    let node = el;
    for (;;) {
      const parent = node.parentElement || (node.parentNode instanceof ShadowRoot ? node.parentNode.host : null);
      if (!parent || parent === document.body || parent === document.documentElement) return node;
      node = parent;
    }
  }

  function remember(container) {
    if (roots.includes(container)) return;
    roots.push(container);
    if (roots.length > ROOTS_MAX) roots.shift();
  }

  // Through shadow roots: the event's path, not its (retargeted) target.
  const insideConsentUi = (event) => event.composedPath().some((node) => roots.includes(node));
  const controlOf = (event) => event.composedPath().find((n) => n instanceof Element && n.matches(BUTTONS)) ?? null;

  // --- What the banner looks like.

  const labelOf = detector.label;

  const buttonStyles = (style) => ({
    backgroundColor: text(style.backgroundColor, CAPS.label), backgroundImage: !!style.backgroundImage && style.backgroundImage !== 'none',
    borderWidth: parseFloat(style.borderTopWidth) || 0, borderStyle: text(style.borderTopStyle, CAPS.label),
    borderColor: text(style.borderTopColor, CAPS.label),
  });

  function buttonFacts(el) {
    const rect = el.getBoundingClientRect();
    const style = getComputedStyle(el);
    return {
      label: labelOf(el),
      width: Math.round(rect.width),
      height: Math.round(rect.height),
      fontSize: parseFloat(style.fontSize) || 0,
      // Raw computed styles: whether they show (filled, outlined) is the core's call.
      ...buttonStyles(style),
    };
  }

  function firstLayerButtons(root) {
    const controls = detector.buttons(root, 10 * CAPS.buttons);
    seen.buttons = controls.length;
    return controls.slice(0, CAPS.buttons).map(({ el }) => buttonFacts(el));
  }

  function switchState(el) {
    const checked = el.localName === 'input' ? el.checked : el.getAttribute('aria-checked') === 'true';
    const disabled = el.localName === 'input' ? el.disabled : el.getAttribute('aria-disabled') === 'true';
    return { checked: !!checked, disabled: !!disabled };
  }

  function switchLabel(el) {
    const byFor = el.id ? document.querySelector(`label[for="${CSS.escape(el.id)}"]`) : null;
    const enclosing = el.closest('label');
    return text(byFor?.textContent || enclosing?.textContent || el.getAttribute('aria-label') ||
      el.parentElement?.textContent || el.getAttribute('name'));
  }

  function switches() {
    const out = [];
    for (const root of roots) {
      if (!root.isConnected) continue;
      for (const el of detector.deepAll(root, SWITCHES, CAPS.purposes + 1)) {
        seen.purposes = Math.max(seen.purposes, out.length + 1);
        if (out.length >= CAPS.purposes) return out;
        out.push({ el, ...switchState(el) });
      }
    }
    return out;
  }

  // Purposes as the page set them, before the shopper touched any.
  function notePurposes() {
    if (purposesTouched || state.purposes.length) return;
    state.purposes = switches().map(({ el, checked, disabled }) => ({ label: switchLabel(el), checked, disabled }));
  }

  // What tells whether the banner blocks the page (the core decides, src/consent/observed.rs):
  // a native modal dialog, the window's size, the banner's area if it takes clicks, and the
  // largest fixed element of its own (first 300) that does.
  function blockingSizes(root, container) {
    try {
      const area = (el) => {
        if (getComputedStyle(el).pointerEvents === 'none' || !visible(el)) return null;
        const rect = el.getBoundingClientRect();
        return rect.width * rect.height;
      };
      let largestFixedArea = null;
      let n = 0;
      for (const el of [container, ...container.querySelectorAll('*')]) {
        if (++n > 300) break;
        if (getComputedStyle(el).position !== 'fixed') continue;
        const fixed = area(el);
        if (fixed !== null && (largestFixedArea === null || fixed > largestFixedArea)) largestFixedArea = fixed;
      }
      return {
        dialogModal: root.matches('dialog:modal') || root.querySelector('dialog:modal') !== null,
        viewportWidth: innerWidth, viewportHeight: innerHeight, bannerArea: area(root), largestFixedArea,
      };
    } catch {
      return null;
    }
  }

  function scrollLocked() {
    const hidden = (el) => el && /hidden|clip/.test(getComputedStyle(el).overflowY);
    return hidden(document.documentElement) || hidden(document.body);
  }

  function firstSight(root, container, foundBy, framedFacts = null) {
    state.bannerFound = true;
    state.foundBy = foundBy;
    state.bannerSeenAt = Date.now();
    if (framedFacts) {
      state.text = framedFacts.text;
      state.buttons = framedFacts.buttons;
      seen.buttons = framedFacts.buttonsSeen;
    } else {
      state.text = text(detector.drawnText(root), CAPS.text);
      state.buttons = firstLayerButtons(root);
    }
    state.blocking = blockingSizes(root, container);
    state.scrollLocked = scrollLocked();
  }

  // Finds the banner now; on first sight, records how it looked. Returns whether it shows.
  function lookAtBanner(fresh = false) {
    let root = ruleRoot();
    let foundBy = 'rule';
    if (!root && (root = detectedRoot(fresh))) foundBy = 'detector';
    const inFrame = root ? null : framedBanner();
    if (inFrame) {
      root = inFrame.frame;
      foundBy = 'frame';
    }
    if (!root) return false;
    const container = containerOf(root);
    remember(container);
    if (!state.bannerFound) firstSight(root, container, foundBy, inFrame);
    notePurposes();
    return true;
  }

  // The generic detector's first answer: a banner, or "none" DETECT_WITHIN_MS after the
  // load event (unless autoconsent recognised a consent manager, whose banner it awaits).
  // Between, it looks whenever the page changed, and afresh at the end whatever happened
  // (a banner can appear by a CSS animation alone).
  function detectUntilSure() {
    const nav = performance.getEntriesByType?.('navigation')?.[0];
    const loadedAt = nav?.loadEventEnd > 0 ? nav.loadEventEnd : performance.now();
    const freshLooks = [0, ...FRESH_LOOKS_MS];
    const look = () => {
      if (state.bannerFound) return;
      lookedAt = -Infinity;
      let fresh = false;
      while (freshLooks.length && performance.now() - loadedAt >= freshLooks[0]) fresh = freshLooks.shift() >= 0;
      let shows = false;
      try {
        shows = lookAtBanner(fresh);
      } catch { /* a page this look cannot read: "none" when the time is up, unless a rule finds it */ }
      if (shows) {
        state.detectionDone = true;
        changed();
      } else if (performance.now() - loadedAt >= DETECT_WITHIN_MS) {
        detectorDone = true;
        if (!state.cmp) {
          state.detectionDone = true;
          changed();
        }
      } else {
        setTimeout(look, Math.min(LOOK_EVERY_MS, Math.max(0, loadedAt + DETECT_WITHIN_MS - performance.now())));
      }
    };
    if (document.readyState === 'complete') look();
    else on(window, 'load', () => detectUntilSure(), { once: true });
  }

  // A sub-frame's report (the worker names the frame's origin): the banner as it saw it,
  // that it went away, or the shopper's click on it.
  function noteFramedBanner(report) {
    if (report.choice) {
      if (framed && typeof report.choice.label === 'string') {
        noteChoice({ by: 'shopper', label: text(report.choice.label), at: Date.now(), purposesOn: 0, purposesOff: 0 });
      }
      return;
    }
    if (report.showing !== true) {
      if (framed?.origin === report.origin) framed.showing = false;
      changed();
      return;
    }
    const buttons = Array.isArray(report.buttons) ? report.buttons.slice(0, CAPS.buttons).map((b) => ({
      label: text(b?.label), width: num(b?.width), height: num(b?.height), fontSize: num(b?.fontSize),
      backgroundColor: text(b?.backgroundColor, CAPS.label), backgroundImage: b?.backgroundImage === true,
      borderWidth: num(b?.borderWidth), borderStyle: text(b?.borderStyle, CAPS.label), borderColor: text(b?.borderColor, CAPS.label),
    })) : [];
    framed = {
      origin: report.origin, showing: true, text: text(report.text, CAPS.text), buttons, frame: null,
      buttonsSeen: Number.isInteger(report.buttonsSeen) && report.buttonsSeen >= buttons.length ? report.buttonsSeen : buttons.length,
    };
    if (lookAtBanner()) state.detectionDone = true;
    changed();
  }
  const num = (n) => (Number.isFinite(n) && n >= 0 ? Math.min(n, 100000) : 0);
  // The origin a frame's document has: its src's, or (about:blank, srcdoc) this page's.
  function frameOrigin(frame) {
    try {
      const src = frame.getAttribute('src') || '';
      const url = new URL(src || 'about:blank', location.href);
      return url.protocol === 'about:' || url.protocol === 'javascript:' ? location.origin : url.origin;
    } catch {
      return '';
    }
  }

  // --- Answers.

  function noteChoice(choice) {
    seen.choices++;
    if (state.choices.length >= CAPS.choices) return;
    state.choices.push(choice);
    state.cookiesAtAnswer = cookieNames('cookies');
    for (const ms of AFTER_ANSWER_MS) setTimeout(changed, ms);
    changed();
  }

  // A named consent manager replaces the heuristic's guess, never the other way round.
  function noteCmp(name) {
    if (!state.cmp || state.cmp.startsWith(HEURISTIC)) state.cmp = text(name, CMP_NAME_MAX);
  }

  // Capture phase, before the banner's own handlers run: the cookies are still those set
  // before the answer. Only the shopper's own clicks count (scripts' clicks are untrusted).
  on(document, 'pointerdown', (event) => {
    if (event.isTrusted && insideConsentUi(event)) notePurposes();
  }, true);
  on(document, 'click', (event) => {
    try {
      // The shopper's last click before the banner showed: did they reopen it? (the core decides)
      if (event.isTrusted && !state.bannerFound) state.clickedAt = Date.now();
      if (!event.isTrusted || !insideConsentUi(event)) return;
      const target = event.composedPath()[0];
      if (!(target instanceof Element)) return;
      if (target.closest(SWITCHES) || target.closest('label')?.querySelector(SWITCHES)) {
        purposesTouched = true;
        return;
      }
      const control = controlOf(event);
      if (!control) return;
      notePurposes();
      purposesTouched = true;
      const now = switches();
      const free = now.filter((s) => !s.disabled);
      noteChoice({
        by: 'shopper', label: labelOf(control), at: Date.now(),
        purposesOn: free.filter((s) => s.checked).length, purposesOff: free.filter((s) => !s.checked).length,
      });
    } catch { /* never break the page */ }
  }, true);

  // --- The page's main world: TCF/GPP signals and autoconsent's snippets (consent-main.js).

  if (SIGNALS_EVENT) on(document, SIGNALS_EVENT, (event) => noteSignals(event.detail));
  // The latest signals the helper sent before this script started (consent-channel.js).
  if (typeof globalThis.ShopTrustConsentChannel?.lastSignals === 'string') noteSignals(globalThis.ShopTrustConsentChannel.lastSignals);
  function noteSignals(detail) {
    try {
      const signals = JSON.parse(detail);
      const tcf = signals?.tcf;
      const gpp = signals?.gpp;
      const ints = (list, max) => (Array.isArray(list) ? list.filter(Number.isInteger).slice(0, max) : []);
      if (tcf && typeof tcf === 'object') {
        state.tcf = {
          cmpId: Number.isInteger(tcf.cmpId) ? tcf.cmpId : 0, eventStatus: text(tcf.eventStatus, SIGNAL_TEXT_MAX),
          gdprApplies: typeof tcf.gdprApplies === 'boolean' ? tcf.gdprApplies : null,
          purposeConsents: ints(tcf.purposeConsents, SIGNAL_IDS_MAX).filter((n) => n >= 0),
          vendorConsents: Number.isInteger(tcf.vendorConsents) && tcf.vendorConsents >= 0 ? tcf.vendorConsents : 0,
          loadedWithChoice: tcf.loadedWithChoice === true,
        };
      }
      if (gpp && typeof gpp === 'object') {
        state.gpp = {
          cmpId: Number.isInteger(gpp.cmpId) && gpp.cmpId >= 0 ? gpp.cmpId : 0, signalStatus: text(gpp.signalStatus, SIGNAL_TEXT_MAX),
          applicableSections: ints(gpp.applicableSections, SIGNAL_IDS_MAX),
        };
      }
      changed();
    } catch { /* not ours, or malformed */ }
  }

  if (EVAL_RESULT_EVENT) on(document, EVAL_RESULT_EVENT, (event) => {
    try {
      const { id, result } = JSON.parse(event.detail);
      if (typeof id === 'string') instance?.receiveMessageCallback({ type: 'evalResp', id, result: result === true });
    } catch { /* not ours */ }
  });

  // --- autoconsent.

  let cmpTimer = 0;
  async function fromAutoconsent(message) {
    switch (message?.type) {
      case 'eval':
        // Only autoconsent's own snippets run, by id, in the main world; never code. The
        // answer may come back at once, so ask after autoconsent has registered the request.
        await new Promise((resolve) => setTimeout(resolve, 0));
        if (EVAL_EVENT) document.dispatchEvent(new CustomEvent(EVAL_EVENT, { detail: JSON.stringify({ id: message.id, snippetId: message.snippetId ?? '' }) }));
        break;
      case 'cmpDetected':
        noteCmp(message.cmp);
        if (!popupWaitOver) state.cmpDetectedAt = Date.now();
        clearTimeout(cmpTimer);
        cmpTimer = setTimeout(() => {
          popupWaitOver = true;
          state.detectionDone = true;
          changed();
        }, POPUP_WAIT_MS);
        changed();
        break;
      case 'popupFound':
        if (!state.popupFoundAt) state.popupFoundAt = Date.now();
        state.detectionDone = true;
        noteCmp(message.cmp);
        lookAtBanner();
        changed();
        break;
      case 'report':
        // "No banner" once the generic detector has had its look too.
        if (message.state?.lifecycle === 'nothingDetected' && !state.detectionDone && detectorDone) {
          state.detectionDone = true;
          changed();
        }
        break;
      default:
        break; // optOutResult is awaited in rejectForMe; the rest is not needed here
    }
  }

  function startAutoconsent() {
    const lib = globalThis.ShopTrustAutoconsent;
    if (!lib) return; // without the library, only the generic detector looks
    const rules = { autoconsent: [], compact: lib.rulesForPage(location.href) };
    instance = new lib.AutoConsent(fromAutoconsent, {
      enabled: true,
      autoAction: null, // detection only: opt-out runs when the shopper asks, never by itself
      enablePrehide: false, // never hide anything on the page
      enableCosmeticRules: false, // hiding a banner is not rejecting it
      enableGeneratedRules: true,
      // Its heuristic popup search walks the whole page reading every element's style, again
      // on every other try, and cuts itself off after a time limit (so on a big page it may
      // never reach the banner); ShopTrust's generic detector (consent-detector.js) looks once
      // for the same kind of element (fixed, sticky or a dialog, speaking of cookies, with
      // buttons) in six languages, reading styles only above controls. As in Ghostery's
      // extension, it is off.
      heuristicMode: 'off',
      // Its text patterns read the whole page's innerText on every try, for statistics only.
      enableHeuristicDetection: false,
      detectRetries: DETECT_RETRIES,
      isMainWorld: false,
      logs: { lifecycle: false, rulesteps: false, detectionsteps: false, evals: false, errors: false, messages: false, waits: false },
    }, rules);
    // Before its first pass (it starts when the page is idle): its ~200 generic rules' selectors
    // each walked the whole page, most of the consent scripts' cost on a big page.
    lib.quickenSelectors?.(instance);
  }

  // "Reject for me": the popup asks (only after the shopper's click there).
  async function rejectForMe() {
    const cmp = instance?.foundCmp;
    if (!cmp || cmp.name.startsWith(HEURISTIC)) return { ok: false, error: 'no known consent manager on this page' };
    const choice = { by: 'shoptrust', label: 'Reject for me', at: Date.now(), succeeded: null };
    noteChoice(choice);
    let ok = false;
    try {
      ok = await instance.doOptOut();
    } catch (e) {
      choice.succeeded = false;
      changed();
      return { ok: false, error: String(e) };
    }
    choice.succeeded = !!ok;
    changed();
    return { ok: !!ok, error: ok ? '' : 'the banner did not accept the reject' };
  }

  try {
    // Only ShopTrust's popup may ask. Told apart by its URL, not by a missing sender.tab:
    // Firefox sets sender.tab for a popup page shown in a tab.
    const popupUrl = chrome.runtime.getURL('popup.html');
    chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
      if (sender.id !== chrome.runtime.id) return;
      // A banner seen in a sub-frame, relayed by the worker with the frame's origin.
      if (message?.type === FRAME_REPORT && !sender.tab && typeof message.origin === 'string') {
        try { noteFramedBanner(message); } catch { /* never break the page */ }
        return;
      }
      const fromPopup = typeof sender.url === 'string' && sender.url.startsWith(popupUrl);
      if (!fromPopup || message?.type !== 'consent-reject-for-me') return;
      rejectForMe().then(sendResponse, (e) => sendResponse({ ok: false, error: String(e) }));
      return true;
    });
  } catch { /* orphaned script */ }

  globalThis.ShopTrustConsent = {
    start(callback) {
      onChange = callback;
      // Before the shopper can answer on this page. The worker replaces this with the names
      // the page request carried (the page's script can write document.cookie first).
      state.cookiesAtLoad = cookieNames('cookiesAtLoad');
      try {
        startAutoconsent();
      } catch {
        state.detectionDone = true;
      }
      try {
        detectUntilSure();
      } catch { /* the rule-based look goes on */ }
      setTimeout(() => {
        // A recognised manager has its own wait (POPUP_WAIT_MS) for the banner to show.
        if (state.detectionDone || state.cmp) return;
        state.detectionDone = true;
        changed();
      }, DETECT_LIMIT_MS);
    },
    // { consent: the PageFacts `consent` object, truncated: lists cut at their caps }.
    facts() {
      const showing = lookAtBanner();
      const consent = {
        ...state,
        bannerShowing: showing,
        collectedAt: Date.now(),
        choices: state.choices.map((c) => ({ ...c })),
      };
      const truncated = [
        ['consent.buttons', consent.buttons.length, seen.buttons],
        ['consent.purposes', consent.purposes.length, seen.purposes],
        ['consent.choices', consent.choices.length, seen.choices],
        ['consent.cookiesAtLoad', consent.cookiesAtLoad.length, seen.cookiesAtLoad],
        ['consent.cookiesAtAnswer', consent.cookiesAtAnswer.length, seen.cookies],
      ].filter(([, kept, all]) => all > kept).map(([list, kept, all]) => ({ list, kept, seen: all }));
      return { consent, truncated };
    },
  };
})();
