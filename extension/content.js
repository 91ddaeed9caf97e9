// ShopTrust page reader. Runs in the isolated world of the top frame and only
// collects: it builds the bounded PageFacts object described in src/page.rs and
// hands it to the service worker, which does all the judging. It never changes
// the page, and an error here must never break the page.
(() => {
  'use strict';

  // Schema version and caps: the contract with the core (src/contract.rs, built into
  // contract.js, which runs first).
  const CONTRACT = globalThis.ShopTrustContract;
  const SCHEMA_VERSION = CONTRACT.factsSchemaVersion;
  const BUDGET_MS = 50;
  const DEBOUNCE_MS = 500;
  const CAPS = CONTRACT.collector.caps;
  const { urlMax: URL_MAX, textMax: TEXT_MAX, cspMax: CSP_MAX } = CONTRACT.collector;
  const WATCHED = 'form,input,select,textarea,iframe,script';
  // Payment: inline script text for the core's skimming check (per script and in total:
  // the per-script cap keeps one huge script from crowding out the rest), and elements that
  // may be wallet or redirect buttons (the core decides which are).
  const {
    inlineTextMax: INLINE_TEXT_MAX, inlineTextTotal: INLINE_TEXT_TOTAL,
    inlineTextsMax: INLINE_TEXTS_MAX, walletCandidatesMax: WALLET_CANDIDATES_MAX,
  } = CONTRACT.collector;
  const WALLET_WORDS = ['paypal', 'apple-pay', 'applepay', 'apple_pay', 'google-pay', 'googlepay', 'gpay', 'klarna'];
  // Named candidates first, so a page full of ordinary buttons cannot crowd them out.
  const WALLET_NAMED = ['apple-pay-button', 'google-pay-button', 'klarna-placement',
    ...WALLET_WORDS.flatMap((w) => [`[id*="${w}" i]`, `[class*="${w}" i]`, `a[href*="${w}" i]`, `img[alt*="${w}" i]`])].join(',');
  const WALLET_GENERIC = 'button,[role="button"],input[type="submit"],input[type="button"],input[type="image"]';

  // Named elements shadow DOM properties: an <input name="action"> replaces
  // form.action (even form.getAttribute), and <form name="forms"> or <img
  // name="cookie"> replace document.forms or document.cookie, in every world. So
  // read forms and the document through the prototypes, never through the instance.
  const getAttr = (el, name) => Element.prototype.getAttribute.call(el, name);
  const hasAttr = (el, name) => Element.prototype.hasAttribute.call(el, name);
  const getter = (proto, prop) => Object.getOwnPropertyDescriptor(proto, prop).get;
  const formElements = getter(HTMLFormElement.prototype, 'elements');
  const docGet = (prop) => {
    const d = Object.getOwnPropertyDescriptor(Document.prototype, prop);
    return d ? d.get.call(document) : undefined;
  };
  const baseURI = () => getter(Node.prototype, 'baseURI').call(document);
  const qsa = (selector) => Document.prototype.querySelectorAll.call(document, selector);
  const byId = (id) => Document.prototype.getElementById.call(document, id);
  const on = (target, type, fn, opts) => EventTarget.prototype.addEventListener.call(target, type, fn, opts);

  const clip = (s, max) => {
    s = typeof s === 'string' ? s : '';
    return s.length > max ? s.slice(0, max) : s;
  };
  const text = (s) => clip((s || '').replace(/\s+/g, ' ').trim(), TEXT_MAX);
  const resolve = (raw) => {
    try { return clip(new URL(raw, baseURI()).href, URL_MAX); } catch { return ''; }
  };

  // The element's own URL reflection (already resolved); SVG <a> and <script> have
  // an object there instead, so fall back to resolving the attribute.
  const href = (el, attr) => (typeof el[attr] === 'string' ? clip(el[attr], URL_MAX) : resolve(getAttr(el, attr)));

  // Has a layout box (not display:none, not in a hidden subtree) and is not visibility:hidden.
  function visible(el) {
    if (el.checkVisibility) return el.checkVisibility({ visibilityProperty: true, checkVisibilityCSS: true });
    return el.getClientRects().length > 0;
  }

  // input.labels rescans the whole document on every call (quadratic on big forms),
  // so index <label for> once per collection and look up enclosing labels directly.
  let labelsFor = new Map();
  function indexLabels() {
    labelsFor = new Map();
    let n = 0;
    for (const l of qsa('label[for]')) {
      if (++n > 2 * CAPS.inputs) break;
      const id = getAttr(l, 'for');
      labelsFor.set(id, (labelsFor.has(id) ? labelsFor.get(id) + ' ' : '') + l.textContent);
    }
  }

  function label(el) {
    const enclosing = el.closest('label');
    const parts = [
      el.id ? labelsFor.get(el.id) : '',
      enclosing && !hasAttr(enclosing, 'for') ? enclosing.textContent : '',
    ];
    let t = text(parts.filter(Boolean).join(' '));
    if (!t) t = text(getAttr(el, 'aria-label'));
    if (!t) {
      const ids = (getAttr(el, 'aria-labelledby') || '').split(/\s+/).filter(Boolean).slice(0, 5);
      t = text(ids.map((id) => byId(id)?.textContent || '').join(' '));
    }
    return t;
  }

  function inputFacts(el) {
    const tag = el.localName;
    return {
      type: tag === 'input' ? String(el.type || 'text').toLowerCase() : tag,
      name: text(getAttr(el, 'name')),
      id: text(el.id),
      autocomplete: text(getAttr(el, 'autocomplete')),
      label: label(el),
      placeholder: text(getAttr(el, 'placeholder')),
      visible: tag === 'input' && el.type === 'hidden' ? false : visible(el),
      maxLength: maxLength(el),
      inputmode: text(getAttr(el, 'inputmode')).toLowerCase(),
    };
  }

  function maxLength(el) {
    const raw = (getAttr(el, 'maxlength') || '').trim();
    return /^\d{1,7}$/.test(raw) ? Number(raw) : null;
  }

  // Where shops and payment SDKs name their buttons: id, class, labels, data-* names.
  function walletHint(el) {
    const data = Object.keys(el.dataset || {}).slice(0, 10).join(' ');
    const cls = typeof el.className === 'string' ? el.className : getAttr(el, 'class');
    return text([el.id, cls, getAttr(el, 'aria-label'), getAttr(el, 'title'), getAttr(el, 'name'), getAttr(el, 'alt'), data]
      .filter(Boolean).join(' '));
  }

  function formAction(form) {
    // Per HTML, a missing or empty action submits to the document's own URL.
    const raw = getAttr(form, 'action');
    return raw ? resolve(raw) : clip(docGet('URL'), URL_MAX);
  }

  function formMethod(form) {
    const m = (getAttr(form, 'method') || '').trim().toLowerCase();
    return m === 'post' || m === 'dialog' ? m : 'get';
  }

  const isControl = (el) => el.localName === 'input' || el.localName === 'select' || el.localName === 'textarea';
  const JS_TYPES = /^(|module|(text|application)\/(x-)?(java|ecma)script|text\/jscript|text\/livescript)$/;

  // Resource Timing keeps only 250 entries by default. Rather than resize the page's
  // buffer, keep our own deduplicated copy: what is buffered now, then an observer.
  const resources = [];
  const resourceUrls = new Set();
  let resourcesSeen = 0;
  const addResources = (entries) => {
    for (const e of entries) {
      if (resourceUrls.has(e.name)) continue;
      if (resourceUrls.size < 4 * CAPS.resources) resourceUrls.add(e.name); // bounded memory
      resourcesSeen++;
      if (resources.length < CAPS.resources) {
        resources.push({ url: clip(e.name, URL_MAX), initiatorType: e.initiatorType || '' });
      }
    }
  };
  try {
    addResources(performance.getEntriesByType('resource'));
    new PerformanceObserver((list) => addResources(list.getEntries())).observe({ type: 'resource' });
  } catch { /* no Resource Timing: the worker still sees requests */ }

  const utf8 = new TextEncoder();

  function collectWalletCandidates(out, outOfTime) {
    const taken = new Set();
    let seen = 0;
    for (const selector of [WALLET_NAMED, WALLET_GENERIC]) {
      for (const el of qsa(selector)) {
        if (taken.has(el)) continue;
        seen++;
        if (out.length >= WALLET_CANDIDATES_MAX || outOfTime()) continue;
        taken.add(el);
        out.push({
          tag: el.localName,
          text: text(el.localName === 'input' ? getAttr(el, 'value') || getAttr(el, 'alt') : el.textContent),
          hint: walletHint(el),
          href: el.localName === 'a' ? href(el, 'href') : '',
          visible: visible(el),
        });
      }
    }
    return seen;
  }

  function collect() {
    // Visibility checks need layout. The browser lays the page out anyway; do it
    // before starting the clock so a big page's layout does not eat the budget.
    docGet('documentElement')?.getBoundingClientRect();
    const start = performance.now();
    const facts = {
      schemaVersion: SCHEMA_VERSION,
      url: clip(location.href, URL_MAX),
      isSecureContext: window.isSecureContext,
      title: text(docGet('title')),
      lang: text(docGet('documentElement')?.lang),
      forms: [], looseInputs: [], iframes: [], scripts: [],
      payment: { walletCandidates: [], inlineScriptTexts: [] },
      inlineScripts: { count: 0, totalBytes: 0 },
      stylesheets: [], media: [], resources: [], metaCsp: [], links: [], cookieNames: [],
      truncated: [], timedOut: false, collectionMs: 0,
    };
    const seen = {};
    const kept = {};
    const outOfTime = () => {
      if (!facts.timedOut && performance.now() - start > BUDGET_MS) facts.timedOut = true;
      return facts.timedOut;
    };
    // Adds make(item) to `out` for each item, up to the list's cap, within the budget.
    const walk = (list, items, out, make) => {
      seen[list] = items.length;
      for (let i = 0; i < items.length && out.length < CAPS[list]; i++) {
        if (outOfTime()) return;
        out.push(make(items[i]));
      }
    };

    // Forms and their controls first: they matter most for payment.
    indexLabels();
    kept.inputs = 0;
    const addInput = (el, out) => {
      seen.inputs = (seen.inputs || 0) + 1;
      if (kept.inputs >= CAPS.inputs) return;
      kept.inputs++;
      out.push(inputFacts(el));
    };
    walk('forms', qsa('form'), facts.forms, (form) => {
      const f = { action: formAction(form), method: formMethod(form), inputs: [] };
      for (const el of formElements.call(form)) {
        if (outOfTime()) break;
        if (isControl(el)) addInput(el, f.inputs);
      }
      return f;
    });
    for (const el of qsa('input,select,textarea')) {
      if (outOfTime()) break;
      if (!el.form) addInput(el, facts.looseInputs);
    }
    walk('iframes', qsa('iframe'), facts.iframes, (el) => ({
      src: clip(el.src || (hasAttr(el, 'srcdoc') ? 'about:srcdoc' : ''), URL_MAX),
      name: text(getAttr(el, 'name')),
      visible: visible(el),
    }));
    walk('scripts', qsa('script[src]'), facts.scripts, (el) => ({
      src: href(el, 'src'),
      integrity: clip(getAttr(el, 'integrity') || '', CSP_MAX),
      type: text(getAttr(el, 'type')).toLowerCase(),
    }));
    let inlineTextSent = 0;
    let inlineTextCut = 0;
    for (const el of qsa('script:not([src])')) {
      if (outOfTime()) break;
      if (!JS_TYPES.test(text(getAttr(el, 'type')).toLowerCase())) continue; // JSON-LD, templates
      facts.inlineScripts.count++;
      const code = el.text;
      const bytes = utf8.encode(code).length;
      facts.inlineScripts.totalBytes += bytes;
      const texts = facts.payment.inlineScriptTexts;
      // Scripts cut short or not sent at all count as cut.
      if (texts.length < INLINE_TEXTS_MAX && inlineTextSent < INLINE_TEXT_TOTAL) {
        // Cut by UTF-16 units; the core's byte caps are at least four times these.
        const part = code.slice(0, Math.min(INLINE_TEXT_MAX, INLINE_TEXT_TOTAL - inlineTextSent));
        inlineTextSent += part.length;
        if (part.length < code.length) inlineTextCut++;
        texts.push({ text: part, bytes, nonce: Boolean(el.nonce || hasAttr(el, 'nonce')) });
      } else {
        inlineTextCut++;
      }
    }
    if (inlineTextCut) {
      const count = facts.inlineScripts.count;
      facts.truncated.push({ list: 'inlineScriptText', kept: count - inlineTextCut, seen: count });
    }
    const walletSeen = collectWalletCandidates(facts.payment.walletCandidates, outOfTime);
    if (walletSeen > facts.payment.walletCandidates.length) {
      facts.truncated.push({ list: 'walletCandidates', kept: facts.payment.walletCandidates.length, seen: walletSeen });
    }
    walk('stylesheets', qsa('link[rel~="stylesheet" i][href]'), facts.stylesheets, (el) => ({
      href: href(el, 'href'),
      integrity: clip(getAttr(el, 'integrity') || '', CSP_MAX),
    }));
    walk('metaCsp', qsa('meta[http-equiv="content-security-policy" i][content]'), facts.metaCsp, (el) =>
      clip(getAttr(el, 'content'), CSP_MAX));
    facts.resources = resources.slice(0, CAPS.resources);
    seen.resources = resourcesSeen;
    let cookies = '';
    try { cookies = docGet('cookie'); } catch { /* sandboxed or opaque origin */ }
    const names = cookies.split(';').map((c) => text(c.split('=', 1)[0])).filter(Boolean);
    walk('cookieNames', names, facts.cookieNames, (name) => name);
    // Least telling last: what a timeout cuts short first.
    walk('media', qsa(':is(img,video,audio,source)[src]:not([src=""])'), facts.media, (el) => ({
      tag: el.localName, src: href(el, 'src'),
    }));
    walk('links', qsa('a[href]'), facts.links, (el) => ({
      text: text(el.textContent || getAttr(el, 'aria-label')),
      href: href(el, 'href'),
    }));

    for (const list of Object.keys(CAPS)) {
      const k = kept[list] ?? facts[list].length;
      if ((seen[list] || 0) > k) facts.truncated.push({ list, kept: k, seen: seen[list] });
    }
    // The consent banner (consent.js, with autoconsent); null when that script did not load.
    try {
      const consent = globalThis.ShopTrustConsent?.facts();
      facts.consent = consent?.consent ?? null;
      facts.truncated.push(...(consent?.truncated ?? []));
    } catch { facts.consent = null; }
    facts.collectionMs = Math.round((performance.now() - start) * 10) / 10;
    return facts;
  }

  function send(message) {
    try {
      chrome.runtime.sendMessage(message).catch(() => {});
    } catch { /* extension reloaded or removed: this script is orphaned */ }
  }

  let lastSent = 0;
  let addedSinceSent = 0;
  function report() {
    lastSent = performance.now();
    addedSinceSent = 0;
    try {
      send({ type: 'facts', facts: collect() });
    } catch (e) {
      send({ type: 'facts-error', error: String(e) });
    }
  }

  // Re-collect at most once per DEBOUNCE_MS: the first trigger arms a timer, later
  // ones ride along, so a page that never stops changing is still reported.
  let timer = 0;
  function schedule() {
    if (timer) return;
    const wait = Math.max(DEBOUNCE_MS, lastSent + DEBOUNCE_MS - performance.now());
    timer = setTimeout(() => { timer = 0; report(); }, wait);
  }

  let lastUrl = location.href;
  function urlChanged() {
    if (location.href === lastUrl) return false;
    lastUrl = location.href;
    return true;
  }
  const onNavigation = () => { if (urlChanged()) schedule(); };

  function onMutations(records) {
    if (timer) return;
    if (urlChanged()) return schedule();
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (++addedSinceSent >= 20 || node.matches(WATCHED) || node.querySelector(WATCHED)) return schedule();
      }
    }
  }

  function start() {
    try { globalThis.ShopTrustConsent?.start(schedule); } catch { /* consent is judged unknown */ }
    // Let the page finish its own start-up work first.
    if (window.requestIdleCallback) requestIdleCallback(report, { timeout: 1000 });
    else setTimeout(report, 0);
    try {
      if (window.navigation) {
        on(navigation, 'navigatesuccess', onNavigation);
        on(navigation, 'currententrychange', onNavigation);
      }
      on(window, 'popstate', onNavigation);
      on(window, 'hashchange', onNavigation);
      // Restored from the back/forward cache: a different visit, report again.
      on(window, 'pageshow', (e) => { if (e.persisted) { lastUrl = location.href; schedule(); } });
      new MutationObserver((records) => {
        try { onMutations(records); } catch { /* never break the page */ }
      }).observe(document, { childList: true, subtree: true });
    } catch (e) {
      send({ type: 'facts-error', error: String(e) });
    }
  }

  try {
    // A prerendered page is not the one the shopper sees yet: wait until it is shown.
    if (docGet('prerendering')) {
      on(document, 'prerenderingchange', start, { once: true });
    } else {
      start();
    }
  } catch (e) {
    send({ type: 'facts-error', error: String(e) });
  }
})();
