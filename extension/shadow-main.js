// ShopTrust, in the page's own (MAIN) world from document_start, in every frame: remembers
// which elements were given a shadow root, so the collector (content.js, isolated world)
// can find roots it has no selector for, and counts card-like typing inside closed roots.
//
// The page shares this world and can forge or read anything here, so content.js treats
// what comes from it as untrusted: a claimed host is only a place to look, and a claimed
// closed root or typed card number can only make the page look worse, never better.
(() => {
  'use strict';
  // content.js asks by dispatching this event; the answer is this attribute on each host,
  // set synchronously inside that dispatch and removed by content.js right after.
  const ASK = 'shoptrust-shadow-hosts';
  const MARK = 'data-shoptrust-shadow-host';
  // Hosts kept; past that, every later root counts as unseen (marked on <html>, which can
  // never have one), so a page cannot hide a root behind thousands of others.
  const MAX_HOSTS = 10000;
  let overflow = false;

  // Our own copies, taken before any page script runs: later changes by the page do not
  // reach them.
  const apply = Reflect.apply;
  const attach = Element.prototype.attachShadow;
  const setAttr = Element.prototype.setAttribute;
  const listen = EventTarget.prototype.addEventListener;
  const stop = Event.prototype.stopImmediatePropagation;
  const isConnected = Object.getOwnPropertyDescriptor(Node.prototype, 'isConnected').get;
  const localName = Object.getOwnPropertyDescriptor(Element.prototype, 'localName').get;
  const getAttr = Element.prototype.getAttribute;
  const documentElement = Object.getOwnPropertyDescriptor(Document.prototype, 'documentElement').get;
  const valueOf = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').get;
  const replace = String.prototype.replace;
  const test = RegExp.prototype.test;
  const CARD_TOKEN = /^cc-(number|csc|exp)/i;
  const CARD_DIGITS = /^\d{12,19}$/;

  const hosts = []; // [{ host, closed, typed }]
  const typedIn = new WeakSet();

  function watchTyping(root, entry) {
    apply(listen, root, ['input', (event) => {
      try {
        const el = event.target;
        if (typedIn.has(el) || apply(localName, el, []) !== 'input') return;
        const digits = apply(replace, apply(valueOf, el, []) || '', [/[\s-]/g, '']);
        if (apply(test, CARD_TOKEN, [apply(getAttr, el, ['autocomplete']) || '']) || apply(test, CARD_DIGITS, [digits])) {
          typedIn.add(el);
          entry.typed++;
        }
      } catch { /* never break the page */ }
    }, true]);
  }

  Element.prototype.attachShadow = function attachShadow(init) {
    const root = apply(attach, this, arguments);
    try {
      if (hosts.length < MAX_HOSTS) {
        const entry = { host: this, closed: init?.mode === 'closed', typed: 0 };
        hosts.push(entry);
        if (entry.closed) watchTyping(root, entry);
      } else {
        overflow = true;
      }
    } catch { /* never break the page */ }
    return root;
  };

  // Registered before any page script, so it runs first and the page never hears the
  // question (and cannot answer in our place before us).
  apply(listen, window, [ASK, (event) => {
    apply(stop, event, []);
    if (overflow) {
      try { apply(setAttr, apply(documentElement, document, []), [MARK, 'closed 0']); } catch { /* no document element */ }
    }
    for (const { host, closed, typed } of hosts) {
      try {
        if (apply(isConnected, host, [])) apply(setAttr, host, [MARK, closed ? `closed ${typed}` : 'open']);
      } catch { /* a host the page broke: skipped */ }
    }
  }, true]);
})();
