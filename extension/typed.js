// ShopTrust "Data you type" watcher (issue 12). Runs in the isolated world of every frame
// and notes what the shopper types into personal-data fields, so the core can tell whether
// the page sent it elsewhere before (or after) they pressed a button.
//
// The values go ONLY to our own service worker, by runtime message, and live in memory
// there; nothing here stores, logs or shows them. Which inputs are watched is decided by a
// small filter below; what kind of data a field holds (and whether it counts at all) is the
// core's call (src/fields.rs `personal_kind`), from the attributes sent with the value.
//
// The page can dispatch events of its own: only trusted events count, and a submit only
// when the shopper really acted (user activation), so the page cannot make a leak look like
// it happened after the shopper sent the form.
(() => {
  'use strict';

  // Caps: the contract with the core (src/contract.rs, built into contract.js, which runs first).
  const CONTRACT = globalThis.ShopTrustContract;
  const { textMax: TEXT_MAX } = CONTRACT.collector;
  const { valueMax: VALUE_MAX, fieldsMax: FIELDS_MAX } = CONTRACT.typed;
  const SEND_AFTER_MS = 150;

  // Inputs that can hold personal data; buttons, boxes, search and hidden fields cannot.
  const TEXT_TYPES = new Set(['text', 'email', 'tel', 'password', 'number', '']);
  // Attribute words worth listening to, in the six languages (the core decides the kind).
  const WORDS = new RegExp([
    'mail', 'phone', 'tel', 'mobil', 'handy', 'portable', 'cellulare', 'name', 'nom', 'apellido', 'cognome',
    'naam', 'adres', 'address', 'dire', 'indirizzo', 'stra', 'street', 'calle', 'zip', 'post', 'plz', 'cap',
    'birth', 'geburt', 'naissance', 'nacimiento', 'nascita', 'geboorte', 'card', 'karte', 'carte', 'tarjeta',
    'carta', 'kaart', 'cc-', 'ccnum', 'pan', 'number', 'nummer', 'numero', 'número', 'bday',
  ].join('|'), 'i');

  const getAttr = (el, name) => Element.prototype.getAttribute.call(el, name);
  const on = (type, fn) => EventTarget.prototype.addEventListener.call(document, type, fn, true);
  const clip = (s, max) => (typeof s === 'string' ? s.replace(/\s+/g, ' ').trim().slice(0, max) : '');
  const now = () => performance.timeOrigin + performance.now();

  function labelOf(el) {
    let t = '';
    try {
      t = [...(el.labels || [])].map((l) => l.textContent).join(' ');
    } catch { /* detached */ }
    return clip(t || getAttr(el, 'aria-label') || '', TEXT_MAX);
  }

  /** The attributes the core classifies by (the shape of PageFacts' inputs). */
  function describe(el) {
    return {
      type: String(el.type || 'text').toLowerCase(),
      name: clip(getAttr(el, 'name'), TEXT_MAX),
      id: clip(el.id, TEXT_MAX),
      autocomplete: clip(getAttr(el, 'autocomplete'), TEXT_MAX),
      label: labelOf(el),
      placeholder: clip(getAttr(el, 'placeholder'), TEXT_MAX),
      visible: true,
      maxLength: el.maxLength > 0 ? el.maxLength : null,
      inputmode: clip(getAttr(el, 'inputmode'), 20).toLowerCase(),
    };
  }

  function watched(el) {
    if (!(el instanceof HTMLInputElement) || !TEXT_TYPES.has(String(el.type).toLowerCase())) return false;
    if (el.type === 'email' || el.type === 'tel' || el.type === 'password') return true;
    const d = describe(el);
    return WORDS.test([d.autocomplete, d.name, d.id, d.label, d.placeholder].join(' '));
  }

  const ids = new WeakMap(); // element -> its record
  const records = []; // { key, el, input, typedAtMs, submittedAtMs }
  const timers = new Map();
  let nextKey = 1;

  function send(record) {
    clearTimeout(timers.get(record.key));
    timers.delete(record.key);
    const value = String(record.el.value ?? '').slice(0, VALUE_MAX);
    chrome.runtime.sendMessage({
      type: 'typed',
      field: { key: record.key, input: record.input, value, typedAtMs: record.typedAtMs, submittedAtMs: record.submittedAtMs },
    }).catch(() => {});
  }

  function sendSoon(record) {
    if (timers.has(record.key)) return;
    timers.set(record.key, setTimeout(() => send(record), SEND_AFTER_MS));
  }

  function onTyping(event) {
    const el = event.target;
    if (!event.isTrusted || !watched(el)) return;
    let record = ids.get(el);
    if (!record) {
      if (records.length >= FIELDS_MAX) return;
      record = { key: nextKey++, el, input: describe(el), typedAtMs: now(), submittedAtMs: null };
      ids.set(el, record);
      records.push(record);
    }
    if (event.type === 'input') sendSoon(record);
    else send(record); // change, blur: the page's handlers run now, so the worker must know now
  }

  // The fields a submit or a button click belongs to: the form's, or for inputs outside any
  // form, those near the button (within a few levels up).
  function fieldsOf(form, button) {
    if (form) return records.filter((r) => r.el.form === form);
    let scope = button;
    for (let i = 0; i < 4 && scope?.parentElement; i++) scope = scope.parentElement;
    return records.filter((r) => !r.el.form && scope?.contains(r.el));
  }

  function submitted(list) {
    const at = now();
    for (const record of list) {
      if (record.submittedAtMs !== null) continue;
      record.submittedAtMs = at;
      send(record);
    }
  }

  on('input', onTyping);
  on('change', onTyping);
  on('blur', onTyping);
  on('submit', (event) => {
    if (event.isTrusted && navigator.userActivation?.isActive && event.target instanceof HTMLFormElement) {
      submitted(fieldsOf(event.target, null));
    }
  });
  on('click', (event) => {
    if (!event.isTrusted) return;
    const button = event.target instanceof Element ? event.target.closest('button, input[type="submit"], input[type="button"], input[type="image"], [role="button"]') : null;
    if (button) submitted(fieldsOf(button.form ?? null, button));
  });
})();
