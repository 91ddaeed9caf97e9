// ShopTrust page reader. Runs in the isolated world of every frame and only
// collects: it builds the bounded PageFacts object described in src/page.rs and
// hands it to the service worker, which does all the judging. It never changes
// the page, and an error here must never break the page. A sub-frame reports only
// what the core reads of frames (forms and fields, and what it could not see); the
// worker sends those facts to the core beside the top frame's, each with its URL.
(() => {
  'use strict';
  // The manifest injects this file into the top frame twice (after consent.js there,
  // and with the all-frames entry): the first copy collects.
  if (globalThis.ShopTrustCollector) return;
  globalThis.ShopTrustCollector = true;
  const IS_TOP = window === window.top;

  // Schema version and caps: the contract with the core (src/contract.rs, built into
  // contract.js, which runs first).
  const CONTRACT = globalThis.ShopTrustContract;
  const SCHEMA_VERSION = CONTRACT.factsSchemaVersion;
  // Most work a report may take in all, and in one go: the collection is cut into slices
  // so that the page's own work runs between them and no long task (> 50 ms) is ours.
  const BUDGET_MS = 50;
  const SLICE_MS = 6;
  // Loop iterations between two looks at the clock.
  const CHECK_EVERY = 32;
  const DEBOUNCE_MS = 500;
  const CAPS = CONTRACT.collector.caps;
  const { urlMax: URL_MAX, textMax: TEXT_MAX, cspMax: CSP_MAX } = CONTRACT.collector;
  const WATCHED = 'form,input,select,textarea,iframe,script';
  // Attributes that change where a form sends its data, what a field is, or what a frame
  // or script loads: a change re-sends the facts (a page may switch its form's action to
  // http:// after the first report).
  // (`form` moves a control into another form, whose action it then posts to.)
  const WATCHED_ATTRIBUTES = ['action', 'method', 'formaction', 'formmethod', 'form', 'src', 'srcdoc', 'type', 'autocomplete', 'name'];
  const HTML_NS = 'http://www.w3.org/1999/xhtml';
  // Asked of shadow-main.js (the page's world), which marks the hosts of the shadow roots
  // it saw being attached; see readShadowRoots().
  const ASK_SHADOW_HOSTS = 'shoptrust-shadow-hosts';
  const SHADOW_MARK = 'data-shoptrust-shadow-host';
  // Every query runs once per root read, so their number is bounded; the rest count as unseen.
  const MAX_SHADOW_ROOTS = 500;
  // Payment: inline script text for the core's skimming check (per script and in total:
  // the per-script cap keeps one huge script from crowding out the rest), and elements that
  // may be wallet or redirect buttons (the core decides which are).
  const {
    inlineTextMax: INLINE_TEXT_MAX, inlineTextTotal: INLINE_TEXT_TOTAL,
    inlineTextsMax: INLINE_TEXTS_MAX, walletCandidatesMax: WALLET_CANDIDATES_MAX,
  } = CONTRACT.collector;
  const WALLET_WORDS = ['paypal', 'apple-pay', 'applepay', 'apple_pay', 'google-pay', 'googlepay', 'gpay', 'klarna'];
  // Named candidates first, so a page full of ordinary buttons cannot crowd them out.
  const WALLET_TAGS = ['apple-pay-button', 'google-pay-button', 'klarna-placement'];
  // Elements whose id or class, or a link's href or an image's alt, names a wallet word.
  // Every word but "klarna" contains "pay", so the queries ask for those two stems, and the
  // exact words are checked on what they return. One query per kind, custom tags first: the
  // CSS engine finds the elements of one tag name fast, but tests every element against every
  // selector of a list (on the 10,005-element page the six kinds as one list took 2.5–3 ms,
  // as six queries 1.5 ms).
  const WALLET_STEMS = ['pay', 'klarna'];
  const stemsIn = (attribute) => WALLET_STEMS.map((w) => `[${attribute}*="${w}" i]`);
  const WALLET_NAMED = [...WALLET_TAGS, [...stemsIn('id'), ...stemsIn('class')].join(','),
    `a:is(${stemsIn('href')})`, `img:is(${stemsIn('alt')})`];
  const namesWallet = (value) => {
    if (!value) return false;
    const lower = value.toLowerCase();
    return WALLET_WORDS.some((w) => lower.includes(w));
  };
  const isWalletNamed = (el) => {
    const tag = localNameOf.call(el);
    return WALLET_TAGS.includes(tag) || namesWallet(getAttr(el, 'id')) || namesWallet(getAttr(el, 'class')) ||
      (tag === 'a' && namesWallet(getAttr(el, 'href'))) || (tag === 'img' && namesWallet(getAttr(el, 'alt')));
  };
  // Then buttons and what acts as one, again a query each (as one list: 0.7–1.2 ms more).
  const WALLET_GENERIC = ['button', '[role="button"]', 'input:is([type="submit"],[type="button"],[type="image"])'];
  // What each query's candidates must pass: the exact words, for the named ones.
  const WALLET_QUERIES = [...WALLET_NAMED.map((selector) => [selector, isWalletNamed]),
    ...WALLET_GENERIC.map((selector) => [selector, null])];

  // Named elements shadow DOM properties: an <input name="action"> replaces
  // form.action (even form.getAttribute), and <form name="forms"> or <img
  // name="cookie"> replace document.forms or document.cookie. In this Chromium the
  // isolated world sees those named properties as the page does, so read forms and the
  // document through the prototypes, never through the instance.
  const getAttr = (el, name) => Element.prototype.getAttribute.call(el, name);
  const hasAttr = (el, name) => Element.prototype.hasAttribute.call(el, name);
  const attributeNames = (el) => Element.prototype.getAttributeNames.call(el);
  const getter = (proto, prop) => Object.getOwnPropertyDescriptor(proto, prop).get;
  const formElements = getter(HTMLFormElement.prototype, 'elements');
  const namespaceOf = getter(Element.prototype, 'namespaceURI');
  const localNameOf = getter(Element.prototype, 'localName');
  const openShadowRoot = getter(Element.prototype, 'shadowRoot');
  const parentOf = getter(Node.prototype, 'parentNode');
  const connected = getter(Node.prototype, 'isConnected');
  // Elements of another namespace share tag names with HTML ones (<svg><form>, <svg><script>)
  // but none of their behaviour: an SVG "form" submits nothing.
  const isHtml = (el) => namespaceOf.call(el) === HTML_NS;
  const scriptText = getter(HTMLScriptElement.prototype, 'text');
  const docGet = (prop) => {
    const d = Object.getOwnPropertyDescriptor(Document.prototype, prop);
    return d ? d.get.call(document) : undefined;
  };
  const baseURI = () => getter(Node.prototype, 'baseURI').call(document);
  // Shadow roots the collector could open: their elements are part of the page too.
  let shadowRoots = [];
  const qsaIn = (root, selector) => (root === document
    ? Document.prototype.querySelectorAll.call(document, selector)
    : DocumentFragment.prototype.querySelectorAll.call(root, selector));
  const qsa = (selector) => {
    const inDocument = qsaIn(document, selector);
    if (!shadowRoots.length) return inDocument;
    const all = [...inDocument];
    for (const root of shadowRoots) all.push(...qsaIn(root, selector));
    return all;
  };
  const byId = (id) => Document.prototype.getElementById.call(document, id);
  const on = (target, type, fn, opts) => EventTarget.prototype.addEventListener.call(target, type, fn, opts);

  const clip = (s, max) => {
    s = typeof s === 'string' ? s : '';
    return s.length > max ? s.slice(0, max) : s;
  };
  // Most attributes read are absent: no regular expression for those.
  const text = (s) => (s ? clip(s.replace(/\s+/g, ' ').trim(), TEXT_MAX) : '');
  const resolve = (raw) => {
    try { return clip(new URL(raw, baseURI()).href, URL_MAX); } catch { return ''; }
  };

  // The element's own URL reflection (already resolved); SVG <a> and <script> have
  // an object there instead, so fall back to resolving the attribute.
  const href = (el, attr) => {
    const reflected = el[attr];
    return typeof reflected === 'string' ? clip(reflected, URL_MAX) : resolve(getAttr(el, attr));
  };

  // Has a layout box (not display:none, not in a hidden subtree) and is not visibility:hidden.
  // (Chrome 121 renamed the option; 105–120 know only checkVisibilityCSS. One options object
  // for every call: a call per control on a big form.)
  const VISIBILITY_CSS = Object.freeze({ visibilityProperty: true, checkVisibilityCSS: true });
  const checkVisibility = Element.prototype.checkVisibility;
  function visible(el) {
    if (checkVisibility) return checkVisibility.call(el, VISIBILITY_CSS);
    return Element.prototype.getClientRects.call(el).length > 0;
  }

  // input.labels rescans the whole document on every call (quadratic on big forms),
  // so index <label for> once per collection, and note which controls sit inside a
  // label: only those are asked for their enclosing one (a crossing per control saved).
  let labelsFor = new Map();
  let insideLabel = null; // null: too many to note, ask every control
  function* indexLabels() {
    labelsFor = new Map();
    labelEpoch++;
    labelsStale = false;
    let n = 0;
    const labels = qsa('label[for]');
    const count = labels.length;
    for (let i = 0; i < count; i++) {
      const l = labels[i];
      if (++n > 2 * CAPS.inputs) break;
      if (n % CHECK_EVERY === 0) yield;
      const id = getAttr(l, 'for');
      labelsFor.set(id, (labelsFor.has(id) ? labelsFor.get(id) + ' ' : '') + l.textContent);
    }
    yield;
    const enclosed = qsa('label :is(input,select,textarea)');
    insideLabel = enclosed.length > 2 * CAPS.inputs ? null : new WeakSet(enclosed);
  }

  // What a control says of itself is kept between reports, so a report after a change
  // reads only the controls that changed. The mutation observer (see noteChanges) forgets
  // a control whose attributes change and marks every label stale when label text may
  // have changed. Visibility is never kept: a style change anywhere may alter it.
  const controlCache = new WeakMap(); // control -> its facts but visibility, and how to label it
  let labelEpoch = 0; // which label index a kept label was read with
  let labelsStale = true;
  let labelledByUsed = false; // some control takes its label from other elements' text
  // Attributes a control's facts read besides WATCHED_ATTRIBUTES, and those that change
  // which text labels which control.
  const CONTROL_ATTRIBUTES = ['id', 'placeholder', 'maxlength', 'inputmode', 'aria-label', 'aria-labelledby', 'for'];
  const LABELLING_ATTRIBUTES = new Set(['id', 'for']);

  // What a report may take over from an earlier one, and the attributes it depends on: the
  // scripts, stylesheets, media and links lists whole (their facts hold no visibility, which a
  // style change anywhere may alter unseen); which elements the wallet queries found; and
  // which controls each form owns and which none does. The elements' facts are read again,
  // visibility among them (a control's own attributes come from the control cache). The
  // mutation observer watches these attributes too; a change to one, or any change of the
  // page's structure or text, counts against what depends on it (listChanges), and it is read
  // again when its count moved since it was read, or the base URL addresses are resolved
  // against, or the shadow roots read, differ. On a page whose form's action changes, the
  // links, images, buttons and form controls are then not queried again.
  const REUSABLE_LISTS = {
    scripts: ['src', 'integrity', 'type'],
    stylesheets: ['rel', 'href', 'integrity'],
    media: ['src'],
    links: ['href', 'aria-label'],
    walletCandidates: ['id', 'class', 'href', 'alt', 'role', 'type'],
    // A control's form attribute names its form by id; an <input type=image> is no form's.
    formControls: ['form', 'id', 'type'],
  };
  const LISTS_READING = new Map(); // attribute -> the reusable lists that read it
  for (const [list, attributes] of Object.entries(REUSABLE_LISTS)) {
    for (const a of attributes) LISTS_READING.set(a, [...(LISTS_READING.get(a) ?? []), list]);
  }
  const listChanges = Object.fromEntries(Object.keys(REUSABLE_LISTS).map((list) => [list, 0]));
  // list -> what its last whole read found ({ items }; for walletCandidates { elements }; for
  // formControls { forms, owned, loose }),
  // its `seen` count, and readStart(list) as it was before that read.
  const keptLists = new Map();
  const forgetKeptLists = () => { for (const list in listChanges) listChanges[list]++; };
  const sameRoots = (a, b) => a.length === b.length && a.every((root, i) => root === b[i]);
  // What a read of `list` depends on, taken before its query runs: a change while it is read
  // then makes the next report read it again.
  const readStart = (list) => ({ changes: listChanges[list], roots: shadowRoots });
  // The last whole read of `list`, when nothing it depends on has changed since.
  const keptIfUnchanged = (list) => {
    const last = keptLists.get(list);
    return observer && last && last.changes === listChanges[list] && sameRoots(last.roots, shadowRoots) ? last : null;
  };
  const OBSERVED_ATTRIBUTES = [...new Set([...WATCHED_ATTRIBUTES, ...CONTROL_ATTRIBUTES, ...LISTS_READING.keys()])];

  // `control`: what readControl() found of the control's attributes.
  function label(el, control) {
    const enclosing = !insideLabel || insideLabel.has(el) ? Element.prototype.closest.call(el, 'label') : null;
    const byFor = control.id ? labelsFor.get(control.id) : undefined;
    const around = enclosing && !hasAttr(enclosing, 'for') ? enclosing.textContent : '';
    let t = text(byFor && around ? `${byFor} ${around}` : byFor || around);
    if (!t) t = text(control.ariaLabel);
    if (!t) {
      const ids = (control.ariaLabelledBy || '').split(/\s+/).filter(Boolean).slice(0, 5);
      t = text(ids.map((id) => byId(id)?.textContent || '').join(' '));
    }
    return t;
  }

  // The input types the browser knows; any other type attribute (or none) makes a text
  // input. Matching the attribute here spares a crossing per control for `el.type`.
  const INPUT_TYPES = new Set(['button', 'checkbox', 'color', 'date', 'datetime-local', 'email', 'file', 'hidden',
    'image', 'month', 'number', 'password', 'radio', 'range', 'reset', 'search', 'submit', 'tel', 'text', 'time',
    'url', 'week']);
  const inputType = (attribute) => {
    const lower = attribute ? attribute.toLowerCase() : '';
    return INPUT_TYPES.has(lower) ? lower : 'text';
  };

  // Each DOM read once, and only of attributes the element has: from the isolated world
  // every read is a crossing into the browser, and one lists the attributes that are set
  // (most controls carry few of the ones the core reads). The record is the control's facts
  // but its visibility and label, plus what its label is made from.
  function readControl(el, tag) {
    const names = attributeNames(el);
    let id = '';
    let type = tag === 'input' ? 'text' : tag;
    let name = '';
    let autocomplete = '';
    let placeholder = '';
    let maxlength = null;
    let inputmode = '';
    let ariaLabel = null;
    let ariaLabelledBy = null;
    for (const attribute of names) {
      switch (attribute) {
        case 'id': id = getAttr(el, attribute) || ''; break;
        case 'type': if (tag === 'input') type = inputType(getAttr(el, attribute)); break;
        case 'name': name = text(getAttr(el, attribute)); break;
        case 'autocomplete': autocomplete = text(getAttr(el, attribute)); break;
        case 'placeholder': placeholder = text(getAttr(el, attribute)); break;
        case 'maxlength': maxlength = maxLength(getAttr(el, attribute)); break;
        case 'inputmode': inputmode = text(getAttr(el, attribute)).toLowerCase(); break;
        case 'aria-label': ariaLabel = getAttr(el, attribute); break;
        case 'aria-labelledby': ariaLabelledBy = getAttr(el, attribute); labelledByUsed = true; break;
        default: break;
      }
    }
    return {
      type, name, id, idText: text(id), autocomplete, placeholder, maxLength: maxlength, inputmode,
      ariaLabel, ariaLabelledBy, label: '', labelEpoch: -1,
    };
  }

  let controlsKept = false; // until a report keeps a control there is none to look up
  function inputFacts(el, tag) {
    let c = controlsKept ? controlCache.get(el) : undefined;
    if (!c) {
      c = readControl(el, tag);
      if (observer) {
        controlCache.set(el, c);
        controlsKept = true;
      }
    }
    if (c.labelEpoch !== labelEpoch) {
      c.label = label(el, c);
      c.labelEpoch = labelEpoch;
    }
    return {
      type: c.type,
      name: c.name,
      id: c.idText,
      autocomplete: c.autocomplete,
      label: c.label,
      placeholder: c.placeholder,
      visible: c.type === 'hidden' ? false : visible(el),
      maxLength: c.maxLength,
      inputmode: c.inputmode,
    };
  }

  function maxLength(attribute) {
    const raw = (attribute || '').trim();
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

  const isControlTag = (tag) => tag === 'input' || tag === 'select' || tag === 'textarea';
  // An HTML control is known by its interface, which costs no crossing (the page cannot
  // change the isolated world's prototypes); anything else is asked for its name.
  const controlTag = (el) => {
    if (el instanceof HTMLInputElement) return 'input';
    if (el instanceof HTMLSelectElement) return 'select';
    if (el instanceof HTMLTextAreaElement) return 'textarea';
    const tag = isHtml(el) ? localNameOf.call(el) : '';
    return isControlTag(tag) ? tag : '';
  };
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

  // The collection's long loops index their lists, reading a list's length once, rather than
  // use for-of, which reads it at every step (a crossing) and makes an object of each step,
  // more for the garbage collector: on the heavy page its scavenges took about
  // 6 of the 40 ms of a first and a later report, each scavenge the longer for every element
  // wrapper this world has made. For the same reason a control's read is not wrapped in
  // closures.
  // One element's read. An element of an unexpected kind or a getter the page broke must
  // never end the collection: the failure is counted in the facts and the element skipped.
  let readFailures = 0;
  const guarded = (make) => (el) => {
    try {
      return make(el);
    } catch {
      readFailures++;
      return undefined;
    }
  };

  // Shadow roots: open ones through element.shadowRoot, closed ones through the extension
  // API the isolated world has for them (chrome.dom.openOrClosedShadowRoot). The hosts come
  // from shadow-main.js, which saw attachShadow being called; the page can forge its marks,
  // so a mark is only a place to look, and a root that stays unreadable counts as unseen.
  const unseen = { shadowRoots: 0, cardTyping: 0 };
  const openOrClosed = globalThis.chrome?.dom?.openOrClosedShadowRoot;
  const rootOf = (host) => openShadowRoot.call(host) ||
    (openOrClosed ? openOrClosed.call(chrome.dom, host) : host.openOrClosedShadowRoot?.() ?? null);
  // Roots made without a call shadow-main.js sees (a declarative <template shadowrootmode>,
  // or attachShadow borrowed from a frame it never ran in) leave no mark. Focus moving into
  // one reaches our listener retargeted to its host, which this world can open; only the
  // browser's own (trusted) focus counts, so a page cannot steer the collector with events.
  const focusedHosts = new Set();
  function onFocusIn(event) {
    const host = event.target;
    if (!event.isTrusted || !(host instanceof Element) || focusedHosts.has(host)) return;
    if (focusedHosts.size >= MAX_SHADOW_ROOTS) return;
    const root = rootOf(host);
    if (!root || shadowRoots.includes(root)) return;
    focusedHosts.add(host);
    on(root, 'focusin', guardedFocusIn, true); // a root inside this one retargets to its host here
    schedule();
  }
  const guardedFocusIn = (event) => { try { onFocusIn(event); } catch { /* never break the page */ } };
  function readShadowRoots() {
    shadowRoots = [];
    unseen.shadowRoots = 0;
    unseen.cardTyping = 0;
    EventTarget.prototype.dispatchEvent.call(window, new Event(ASK_SHADOW_HOSTS));
    const taken = new Set();
    for (const host of focusedHosts) {
      try {
        const root = connected.call(host) ? rootOf(host) : null;
        if (!root || taken.has(root)) continue;
        if (shadowRoots.length >= MAX_SHADOW_ROOTS) { unseen.shadowRoots++; continue; }
        taken.add(root); shadowRoots.push(root); observe(root);
      } catch {
        readFailures++;
      }
    }
    // Breadth first: a root's own elements may be hosts of further roots.
    for (let i = -1; i < shadowRoots.length; i++) {
      const scope = i < 0 ? document : shadowRoots[i];
      for (const host of qsaIn(scope, `[${SHADOW_MARK}]`)) {
        try {
          const mark = getAttr(host, SHADOW_MARK) || '';
          Element.prototype.removeAttribute.call(host, SHADOW_MARK);
          // Chrome's extension API, else Firefox's content-script method on the element.
          const root = rootOf(host);
          if (root && shadowRoots.length >= MAX_SHADOW_ROOTS) {
            unseen.shadowRoots++; // past what one collection reads: unseen, never ignored
          } else if (root) {
            if (!taken.has(root)) { taken.add(root); shadowRoots.push(root); observe(root); }
          } else if (mark.startsWith('closed')) {
            unseen.shadowRoots++;
            unseen.cardTyping += Math.min(1000, Number(mark.slice(7)) || 0);
          }
        } catch {
          readFailures++;
        }
      }
    }
  }

  const readCandidate = guarded((el) => ({
    tag: el.localName,
    text: text(el.localName === 'input' ? getAttr(el, 'value') || getAttr(el, 'alt') : el.textContent),
    hint: walletHint(el),
    href: el.localName === 'a' ? href(el, 'href') : '',
    visible: visible(el),
  }));

  function* collectWalletCandidates(out, outOfTime, counted) {
    // Which elements are candidates may be taken over (REUSABLE_LISTS); their facts are read.
    const last = keptIfUnchanged('walletCandidates');
    if (last) {
      for (let i = 0; i < last.elements.length && !outOfTime(); i++) {
        if (i % CHECK_EVERY === 0) yield;
        const candidate = readCandidate(last.elements[i]);
        if (candidate) out.push(candidate);
      }
      counted(last.seen);
      return;
    }
    const start = readStart('walletCandidates');
    const taken = new Set();
    const elements = []; // those whose candidate is in `out`
    let seen = 0;
    let whole = true;
    for (const [selector, wanted] of WALLET_QUERIES) {
      yield;
      let n = 0;
      const passes = wanted && guarded(wanted);
      const found = qsa(selector);
      const count = found.length;
      for (let i = 0; i < count; i++) {
        const el = found[i];
        if (++n % CHECK_EVERY === 0) yield;
        // An element several queries find (a link whose id and href both name PayPal, a
        // PayPal <button>) is one candidate, counted once.
        if (taken.has(el)) continue;
        if (passes && !passes(el)) continue;
        seen++;
        taken.add(el);
        if (out.length >= WALLET_CANDIDATES_MAX) continue;
        if (outOfTime()) {
          whole = false;
          continue;
        }
        const candidate = readCandidate(el);
        if (candidate) {
          out.push(candidate);
          elements.push(el);
        }
      }
    }
    if (whole) keptLists.set('walletCandidates', { ...start, elements, seen });
    else keptLists.delete('walletCandidates');
    counted(seen);
  }

  // A meta CSP is enforced only as a child of <head>, and only for what loads after it:
  // count it when it stands there before every script (a page may add one the browser
  // ignores, in <body>, to look protected).
  function enforcedMetaCsp(el) {
    if (parentOf.call(el) !== docGet('head')) return false;
    const firstScript = Document.prototype.querySelector.call(document, 'script');
    return !firstScript || Boolean(Node.prototype.compareDocumentPosition.call(el, firstScript) & Node.DOCUMENT_POSITION_FOLLOWING);
  }

  // Where a submitted form really sent its data (the submitter's formaction wins over the
  // form's action): from then on that is the destination the core judges for the form.
  const submittedTo = new WeakMap(); // form -> action at submit time
  const reportedActions = new WeakMap(); // form -> the action last reported for it
  function onSubmit(event) {
    const form = event.target;
    if (!(form instanceof HTMLFormElement)) return;
    const submitter = event.submitter;
    const own = submitter && hasAttr(submitter, 'formaction') ? resolve(getAttr(submitter, 'formaction')) : '';
    const action = own || formAction(form);
    submittedTo.set(form, action);
    // Not what the worker last heard: report at once, before the page unloads.
    if (reportedActions.get(form) === action) return;
    clearTimeout(timer);
    timer = 0;
    reportNow();
  }

  // Cookie names. document.cookie is a synchronous call to the browser's cookie store: on a
  // fresh 10,005-element page it held the collection up 1–12 ms. Where the asynchronous
  // Cookie Store API is (secure pages in Chromium), a collection asks it when it starts and
  // takes the answer near its end; the page runs while it waits, and waiting is not work.
  // Both list the cookies a script of the page can read; a nameless cookie shows in
  // document.cookie as its value alone, so here too its value stands for its name.
  const cookieStore = globalThis.cookieStore;
  function askCookieNames() {
    try {
      if (!cookieStore || !window.isSecureContext) return null;
      return cookieStore.getAll().then((list) => list.map((c) => c.name || c.value), () => null);
    } catch {
      return null;
    }
  }
  function cookieNamesNow() {
    let cookies = '';
    try { cookies = docGet('cookie'); } catch { /* sandboxed or opaque origin */ }
    return cookies.split(';').map((c) => c.split('=', 1)[0]);
  }

  // The collection, as steps: it yields at points where it may pause (every CHECK_EVERY
  // elements of a list, and between lists), and yields a promise where it needs an answer
  // (only when `canWait`); `clock` says how much work it has done.
  function* collectSteps(clock, done, canWait) {
    // Visibility checks need layout. The browser lays the page out anyway; do it
    // before starting the clock so a big page's layout does not eat the budget.
    docGet('documentElement')?.getBoundingClientRect();
    clock.start();
    readFailures = 0;
    const cookieNamesAsked = canWait && IS_TOP ? askCookieNames() : null;
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
      if (!facts.timedOut && clock.worked() > BUDGET_MS) facts.timedOut = true;
      return facts.timedOut;
    };
    // Adds make(item) to `out` for each item, up to the list's cap, within the budget;
    // items whose read fails are counted and left out. True when it read the whole list (up
    // to the cap), false when it ran out of time.
    function* walk(list, items, out, make) {
      yield;
      const count = items.length;
      seen[list] = count;
      const read = guarded(make);
      for (let i = 0; i < count && out.length < CAPS[list]; i++) {
        if (i % CHECK_EVERY === 0) {
          yield;
          if (outOfTime()) return false;
        }
        const item = read(items[i]);
        if (item !== undefined) out.push(item);
      }
      return true;
    }
    // A list of REUSABLE_LISTS: what the last whole read of it found when nothing it reads
    // has changed since and addresses resolve against the same base URL, else
    // walk(list, select(), out, make).
    function* readList(list, select, out, make) {
      const base = baseURI();
      const last = keptIfUnchanged(list);
      if (last && last.base === base) {
        for (const item of last.items) out.push(item);
        seen[list] = last.seen;
        return;
      }
      const start = readStart(list);
      if (yield* walk(list, select(), out, make)) keptLists.set(list, { ...start, base, items: out.slice(), seen: seen[list] });
      else keptLists.delete(list);
    }
    const htmlOnly = (items) => Array.prototype.filter.call(items, guarded(isHtml));

    try { readShadowRoots(); } catch { readFailures++; }

    // Forms and their controls first: they matter most for payment.
    if (labelsStale || !observer) yield* indexLabels();
    kept.inputs = 0;
    const addInput = (el, tag, out) => {
      seen.inputs = (seen.inputs || 0) + 1;
      if (kept.inputs >= CAPS.inputs) return;
      let input;
      try {
        input = inputFacts(el, tag);
      } catch {
        readFailures++;
        return;
      }
      kept.inputs++;
      out.push(input);
    };
    // Which controls each form owns, and which no form does, may be taken over (REUSABLE_LISTS);
    // else they are found, and kept for the next report when all were read. Either way as
    // [control, tag, control, tag, ...], which makes no object per control.
    const last = keptIfUnchanged('formControls');
    const start = readStart('formControls');
    const forms = last ? last.forms : htmlOnly(qsa('form'));
    const owned = []; // form index -> its controls, when they were found now
    let whole = true;
    const addInputs = function* (found, out) {
      for (let j = 0; j < found.length; j += 2) {
        if (j > 0 && j % (2 * CHECK_EVERY) === 0) {
          yield;
          if (outOfTime()) return;
        }
        addInput(found[j], found[j + 1], out);
      }
    };
    const inForms = new Set();
    seen.forms = forms.length;
    for (let i = 0; i < forms.length && facts.forms.length < CAPS.forms; i++) {
      yield;
      if (outOfTime()) {
        whole = false;
        break;
      }
      const form = forms[i];
      let f;
      try {
        const action = submittedTo.get(form) ?? formAction(form);
        reportedActions.set(form, action);
        f = { action, method: formMethod(form), inputs: [] };
      } catch {
        readFailures++;
        whole = false;
        continue;
      }
      facts.forms.push(f);
      // (A form the last read did not reach, past a form it could not read now, is read anew.)
      if (last?.owned[i]) {
        yield* addInputs(last.owned[i], f.inputs);
        continue;
      }
      const found = (owned[i] = []);
      let n = 0;
      // A live list: its length is read again after each pause, when the page may have run.
      const elements = formElements.call(form);
      let count = elements.length;
      for (let j = 0; j < count; j++) {
        const el = elements[j];
        if (++n % CHECK_EVERY === 0) {
          yield;
          if (outOfTime()) {
            whole = false;
            break;
          }
          count = elements.length;
        }
        const tag = controlTag(el);
        if (!tag) continue;
        inForms.add(el);
        found.push(el, tag);
        addInput(el, tag, f.inputs);
      }
    }
    // Loose controls: those no form owns. The ones just read from a form need no second look,
    // and when they are all there is (every form's controls are in the same tree as the
    // form, so in what qsa reads), none is loose. They are counted a tag at a time, which the
    // CSS engine answers fast (0.25 ms on the heavy page, against 0.6–0.8 ms for the three
    // tags as one list); the list itself, in document order, is asked only when some is loose.
    if (last) {
      yield* addInputs(last.loose, facts.looseInputs);
    } else {
      const controlCount = qsa('input').length + qsa('select').length + qsa('textarea').length;
      const controls = controlCount === inForms.size ? [] : qsa('input,select,textarea');
      const loose = [];
      let n = 0;
      for (const el of controls) {
        if (++n % CHECK_EVERY === 0) {
          yield;
          if (outOfTime()) {
            whole = false;
            break;
          }
        }
        if (inForms.has(el)) continue;
        try {
          const tag = controlTag(el);
          if (tag && !el.form) {
            loose.push(el, tag);
            addInput(el, tag, facts.looseInputs);
          }
        } catch {
          readFailures++;
          whole = false;
        }
      }
      if (whole) keptLists.set('formControls', { ...start, forms, owned, loose });
      else keptLists.delete('formControls');
    }
    yield* walk('iframes', htmlOnly(qsa('iframe')), facts.iframes, (el) => ({
      src: clip(el.src || (hasAttr(el, 'srcdoc') ? 'about:srcdoc' : ''), URL_MAX),
      name: text(getAttr(el, 'name')),
      visible: visible(el),
    }));
    facts.unseen = { ...unseen };
    if (!IS_TOP) return done(finish(facts, seen, kept, clock));

    yield* readList('scripts', () => qsa('script[src]'), facts.scripts, (el) => ({
      src: href(el, 'src'),
      integrity: clip(getAttr(el, 'integrity') || '', CSP_MAX),
      type: text(getAttr(el, 'type')).toLowerCase(),
    }));
    let inlineTextSent = 0;
    let inlineTextCut = 0;
    yield;
    for (const el of qsa('script:not([src])')) {
      yield;
      if (outOfTime()) break;
      try {
        if (!JS_TYPES.test(text(getAttr(el, 'type')).toLowerCase())) continue; // JSON-LD, templates
        // An SVG <script> runs too, but has no .text of its own.
        const code = isHtml(el) ? scriptText.call(el) : el.textContent;
        if (typeof code !== 'string') throw new TypeError('script without text');
        facts.inlineScripts.count++;
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
      } catch {
        readFailures++;
      }
    }
    if (inlineTextCut) {
      const count = facts.inlineScripts.count;
      facts.truncated.push({ list: 'inlineScriptText', kept: count - inlineTextCut, seen: count });
    }
    let walletSeen = 0;
    yield* collectWalletCandidates(facts.payment.walletCandidates, outOfTime, (n) => { walletSeen = n; });
    if (walletSeen > facts.payment.walletCandidates.length) {
      facts.truncated.push({ list: 'walletCandidates', kept: facts.payment.walletCandidates.length, seen: walletSeen });
    }
    yield* readList('stylesheets', () => qsa('link[rel~="stylesheet" i][href]'), facts.stylesheets, (el) => ({
      href: href(el, 'href'),
      integrity: clip(getAttr(el, 'integrity') || '', CSP_MAX),
    }));
    const metas = Array.prototype.filter.call(
      Document.prototype.querySelectorAll.call(document, 'meta[http-equiv="content-security-policy" i][content]'),
      guarded(enforcedMetaCsp));
    yield* walk('metaCsp', metas, facts.metaCsp, (el) => clip(getAttr(el, 'content'), CSP_MAX));
    facts.resources = resources.slice(0, CAPS.resources);
    seen.resources = resourcesSeen;
    const rawNames = (cookieNamesAsked && (yield cookieNamesAsked)) || cookieNamesNow();
    const names = rawNames.map(text).filter(Boolean);
    yield* walk('cookieNames', names, facts.cookieNames, (name) => name);
    // Least telling last: what a timeout cuts short first.
    // An <img> is known by its interface, which costs no crossing (the page cannot
    // change the isolated world's prototypes).
    yield* readList('media', () => qsa(':is(img,video,audio,source)[src]:not([src=""])'), facts.media, (el) => ({
      tag: el instanceof HTMLImageElement ? 'img' : localNameOf.call(el), src: href(el, 'src'),
    }));
    yield* readList('links', () => qsa('a[href]'), facts.links, (el) => ({
      text: text(el.textContent || getAttr(el, 'aria-label')),
      href: href(el, 'href'),
    }));
    done(finish(facts, seen, kept, clock));
  }

  function finish(facts, seen, kept, clock) {
    for (const list of Object.keys(CAPS)) {
      const k = kept[list] ?? facts[list].length;
      if ((seen[list] || 0) > k) facts.truncated.push({ list, kept: k, seen: seen[list] });
    }
    // The consent banner (consent.js, with autoconsent); null when that script did not load.
    try {
      const consent = IS_TOP ? globalThis.ShopTrustConsent?.facts() : null;
      facts.consent = consent?.consent ?? null;
      facts.truncated.push(...(consent?.truncated ?? []));
    } catch { facts.consent = null; }
    facts.readFailures = readFailures;
    // The collector's own work, in all slices, not the page's work between them.
    facts.collectionMs = Math.round(clock.worked() * 10) / 10;
    return facts;
  }

  // Work time across slices: counted while a slice runs, not while the page runs between.
  function workClock() {
    let worked = 0;
    let sliceStart = 0;
    return {
      start() { sliceStart = performance.now(); },
      pause() { worked += performance.now() - sliceStart; },
      inSlice: () => performance.now() - sliceStart,
      worked: () => worked + performance.now() - sliceStart,
    };
  }

  const yieldToPage = () => (globalThis.scheduler?.yield
    ? globalThis.scheduler.yield()
    : new Promise((resolve) => setTimeout(resolve, 0)));

  // Runs the collection in slices of SLICE_MS, letting the page run between them.
  async function collectInSlices() {
    const clock = workClock();
    let facts = null;
    const steps = collectSteps(clock, (f) => { facts = f; }, true);
    for (let step = steps.next(); !step.done;) {
      if (step.value instanceof Promise) {
        clock.pause();
        const answer = await step.value;
        clock.start();
        step = steps.next(answer);
        continue;
      }
      if (clock.inSlice() >= SLICE_MS) {
        clock.pause();
        await yieldToPage();
        clock.start();
      }
      step = steps.next();
    }
    return facts;
  }

  // Runs the collection at once (at submit time the page is about to go).
  function collectNow() {
    const clock = workClock();
    let facts = null;
    for (const _ of collectSteps(clock, (f) => { facts = f; }, false)) { /* no pause, no wait */ }
    return facts;
  }

  function send(message) {
    try {
      chrome.runtime.sendMessage(message).catch(() => {});
    } catch { /* extension reloaded or removed: this script is orphaned */ }
  }

  let lastSent = 0;
  let addedSinceSent = 0;
  let collecting = 0; // the sequence number of the collection under way, else 0
  let sequence = 0;
  function sendFacts(facts) {
    for (const root of shadowRoots) observe(root);
    send({ type: 'facts', facts });
  }
  async function report() {
    lastSent = performance.now();
    addedSinceSent = 0;
    const mine = (collecting = ++sequence);
    try {
      const facts = await collectInSlices();
      if (collecting !== mine) return; // a newer collection (at submit time) took over
      sendFacts(facts);
    } catch (e) {
      send({ type: 'facts-error', error: String(e) });
    } finally {
      if (collecting === mine) collecting = 0;
    }
  }
  function reportNow() {
    lastSent = performance.now();
    addedSinceSent = 0;
    collecting = ++sequence;
    try {
      sendFacts(collectNow());
    } catch (e) {
      send({ type: 'facts-error', error: String(e) });
    } finally {
      collecting = 0;
    }
  }

  // Re-collect at most once per DEBOUNCE_MS: the first trigger arms a timer, later
  // ones ride along, so a page that never stops changing is still reported.
  // Before the first report starts there is nothing to re-collect: it reads the whole page,
  // and the consent facts last, so a change before it (the consent scripts' first look finds
  // the banner at load) is in it. Requests the page makes after it need no collection either:
  // the worker sees them and judges again (judging.rejudgeSoon).
  let timer = 0;
  function schedule() {
    if (timer || sequence === 0) return; // no report has started yet
    const wait = Math.max(DEBOUNCE_MS, lastSent + DEBOUNCE_MS - performance.now());
    timer = setTimeout(() => {
      timer = 0;
      // One collection at a time: a change during one is picked up by the next.
      if (collecting) schedule();
      else report();
    }, wait);
  }

  let lastUrl = location.href;
  function urlChanged() {
    if (location.href === lastUrl) return false;
    lastUrl = location.href;
    return true;
  }
  const onNavigation = () => { if (urlChanged()) schedule(); };

  const WATCHED_TAGS = new Set(['form', 'input', 'select', 'textarea', 'button', 'iframe', 'frame', 'script']);
  const WATCHED_ATTRIBUTE_SET = new Set(WATCHED_ATTRIBUTES);
  const isElement = (node) => node.nodeType === 1;
  const holdsLabel = (node) => isElement(node) && (localNameOf.call(node) === 'label' || Boolean(Element.prototype.querySelector.call(node, 'label')));
  // Keeps the control cache true to the page: forgets what changed (see controlCache).
  function noteChanges(records) {
    let structural = false; // elements or text came or went
    for (const r of records) {
      const target = r.target;
      if (r.type === 'attributes') {
        controlCache.delete(target);
        if (LABELLING_ATTRIBUTES.has(r.attributeName)) labelsStale = true;
        const readers = LISTS_READING.get(r.attributeName);
        if (readers) for (const list of readers) listChanges[list]++;
        continue;
      }
      structural = true;
      if (labelsStale) continue;
      // Text or children changed: inside a label, or a label came or went, or some control
      // is labelled by other elements' text (which may be any text on the page).
      const parent = isElement(target) ? target : parentOf.call(target);
      if (labelledByUsed || (parent && isElement(parent) && Element.prototype.closest.call(parent, 'label')) ||
        Array.prototype.some.call(r.addedNodes, holdsLabel) || Array.prototype.some.call(r.removedNodes, holdsLabel)) {
        labelsStale = true;
      }
    }
    if (structural) forgetKeptLists();
  }

  function onMutations(records) {
    noteChanges(records);
    if (timer) return;
    if (urlChanged()) return schedule();
    for (const r of records) {
      if (r.type === 'attributes') {
        if (WATCHED_ATTRIBUTE_SET.has(r.attributeName) && WATCHED_TAGS.has(localNameOf.call(r.target))) return schedule();
        continue;
      }
      if (r.type !== 'childList') continue;
      for (const node of r.addedNodes) {
        if (node.nodeType !== 1) continue;
        if (++addedSinceSent >= 20 || node.matches(WATCHED) || node.querySelector(WATCHED)) return schedule();
      }
    }
  }

  // Watches a tree (the document, and each shadow root the collector opened) for new
  // elements and for changes to the attributes that decide where data goes.
  let observer = null;
  const observed = new WeakSet();
  function observe(root) {
    if (!observer || observed.has(root)) return;
    observed.add(root);
    observer.observe(root, {
      childList: true, subtree: true, characterData: true,
      attributes: true, attributeFilter: OBSERVED_ATTRIBUTES,
    });
  }

  function start() {
    try { if (IS_TOP) globalThis.ShopTrustConsent?.start(schedule); } catch { /* consent is judged unknown */ }
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
      observer = new MutationObserver((records) => {
        try {
          onMutations(records);
        } catch {
          labelsStale = true; // never break the page; and trust nothing kept
          forgetKeptLists();
          for (const r of records) controlCache.delete(r.target);
        }
      });
      observe(document);
      // At submit time, where the form really sends: a destination changed since the last
      // report is reported at once, before the page unloads.
      on(window, 'focusin', guardedFocusIn, true);
      on(window, 'submit', (event) => {
        try { onSubmit(event); } catch { /* never break the page */ }
      }, true);
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
