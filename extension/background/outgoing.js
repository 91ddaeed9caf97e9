// "Data you type" (issue 12), the worker's half: what the shopper typed (from ../typed.js)
// and what the tab sent to other sites, with bodies, kept IN MEMORY per tab and handed to
// the core at judge time (`inputsFor`). Never written to chrome.storage, never in a report:
// the values and bodies are dropped when the tab navigates or closes, and a worker restart
// loses them (the page is then judged without them, never better for it).
//
// Observe-only webRequest, like the rest of the worker. No browser objects are held: the
// listeners are registered by `registerOutgoing`, so node can test `createOutgoing`.

// Bodies kept per tab in all: past it, requests are kept without their body (and say so).
const BODIES_MAX = 8 * 1024 * 1024;

const hostOf = (url) => {
  try { return new URL(url).hostname; } catch { return ''; }
};

/** The request body as text, cut at `cap` bytes: form data as `name=value&…`, raw bytes as UTF-8. */
export function bodyText(requestBody, cap) {
  if (!requestBody) return { body: null, truncated: false };
  if (requestBody.formData) {
    const parts = [];
    for (const [name, values] of Object.entries(requestBody.formData)) {
      for (const value of values) parts.push(`${encodeURIComponent(name)}=${encodeURIComponent(value)}`);
    }
    const text = parts.join('&');
    return { body: text.slice(0, cap), truncated: text.length > cap };
  }
  if (Array.isArray(requestBody.raw)) {
    const chunks = [];
    let size = 0;
    let truncated = false;
    for (const part of requestBody.raw) {
      if (!part.bytes) { truncated = true; continue; } // a file: not read
      const bytes = new Uint8Array(part.bytes);
      const room = cap - size;
      if (bytes.length > room) truncated = true;
      chunks.push(bytes.subarray(0, Math.max(0, room)));
      size += Math.min(bytes.length, Math.max(0, room));
      if (size >= cap) break;
    }
    const all = new Uint8Array(size);
    let at = 0;
    for (const c of chunks) { all.set(c, at); at += c.length; }
    return { body: new TextDecoder('utf-8', { fatal: false }).decode(all), truncated };
  }
  return { body: null, truncated: Boolean(requestBody.error) };
}

/**
 * `caps`: the contract's `typed` caps (src/contract.rs): no more than the core reads.
 * `onChange(tabId)`: the shopper typed something new (judge the tab again).
 * `uiLanguage`: the browser's UI language (its country gives the calling code of a phone
 * typed without one, on a shop with a generic domain).
 * `scrub(typedJson, json) -> json`: the core's `scrubTyped`, for `redactUrl`.
 */
export function createOutgoing({ caps, onChange = () => {}, uiLanguage = null, scrub = null }) {
  const {
    bodyMax: BODY_CAP, requestsMax: REQUESTS_MAX, fieldsMax: FIELDS_MAX, valueMax: VALUE_MAX, urlMax: URL_MAX,
    headerMax: HEADER_MAX,
  } = caps;
  const tabs = new Map(); // tabId -> { pageHost, fields: Map, requests: [], byId: Map }
  const leaving = new Map(); // tabId -> the page's data while a navigation may still not replace it

  const tab = (tabId) => {
    let t = tabs.get(tabId);
    if (!t) { t = { pageHost: '', fields: new Map(), requests: [], byId: new Map(), bodyBytes: 0 }; tabs.set(tabId, t); }
    return t;
  };

  function onBeforeRequest(details) {
    if (details.tabId < 0) return;
    if (details.type === 'main_frame') {
      if (details.frameId !== 0) return;
      // A new page in the tab: drop what the old one held (kept aside only until we know
      // the navigation was not a prefetch or prerender).
      leaving.set(details.tabId, tabs.get(details.tabId));
      tabs.delete(details.tabId);
      tab(details.tabId).pageHost = hostOf(details.url);
      return;
    }
    if (details.documentLifecycle && details.documentLifecycle !== 'active') return;
    const t = tab(details.tabId);
    // The shop's own host is never a leak (the core checks the registrable domain too).
    if (hostOf(details.url) === t.pageHost || t.requests.length >= REQUESTS_MAX) return;
    let { body, truncated } = bodyText(details.requestBody, BODY_CAP);
    if (body !== null && t.bodyBytes + body.length > BODIES_MAX) {
      body = null;
      truncated = true;
    }
    t.bodyBytes += body?.length ?? 0;
    const request = {
      url: String(details.url).slice(0, URL_MAX),
      method: String(details.method || 'GET'),
      type: String(details.type || 'other'),
      headers: [],
      body,
      bodyTruncated: truncated,
      timeStamp: Number(details.timeStamp) || Date.now(),
    };
    t.requests.push(request);
    t.byId.set(details.requestId, request);
  }

  // Referer (a URL with the value in it, sent on by the browser) from the request headers.
  function onBeforeSendHeaders(details) {
    if (details.tabId < 0) return;
    if (details.frameId === 0 && details.type === 'main_frame') {
      const purpose = details.requestHeaders?.find((h) => h.name.toLowerCase() === 'sec-purpose')?.value ?? '';
      if (/prefetch|prerender/i.test(purpose) && leaving.has(details.tabId)) {
        const previous = leaving.get(details.tabId);
        if (previous) tabs.set(details.tabId, previous); else tabs.delete(details.tabId);
      }
      return;
    }
    const request = tabs.get(details.tabId)?.byId.get(details.requestId);
    const referer = details.requestHeaders?.find((h) => h.name.toLowerCase() === 'referer');
    if (request && referer && request.headers.length === 0) {
      request.headers.push({ name: 'Referer', value: String(referer.value).slice(0, HEADER_MAX) });
    }
  }

  // A value from our own content script. The frame's URL comes from the browser (sender),
  // never from the message.
  function onMessage(message, sender, extensionId) {
    if (message?.type !== 'typed' || sender.id !== extensionId) return false;
    const tabId = sender.tab?.id;
    const field = message.field;
    if (typeof tabId !== 'number' || tabId < 0 || !field || typeof field.value !== 'string') return false;
    const t = tab(tabId);
    const key = `${sender.frameId ?? 0}:${sender.documentId ?? ''}:${Number(field.key)}`;
    if (!t.fields.has(key) && t.fields.size >= FIELDS_MAX) return false;
    t.fields.set(key, {
      input: field.input && typeof field.input === 'object' ? field.input : {},
      value: field.value.slice(0, VALUE_MAX),
      typedAtMs: Number(field.typedAtMs) || Date.now(),
      submittedAtMs: Number.isFinite(field.submittedAtMs) ? field.submittedAtMs : null,
      frameUrl: sender.frameId ? String(sender.url || '') || null : null,
    });
    onChange(tabId);
    return false;
  }

  return {
    onBeforeRequest,
    onBeforeSendHeaders,
    onMessage,
    /** What the core reads for this tab, or undefined when nothing was typed. In memory only. */
    inputsFor(tabId) {
      const t = tabs.get(tabId);
      if (!t || t.fields.size === 0) return undefined;
      return { fields: [...t.fields.values()], requests: t.requests, uiLanguage, pageHost: t.pageHost || null };
    },
    /**
     * `url` with what the shopper typed in this tab redacted (by the core), for the tab's
     * state before it is stored: no stored request URL ever carries a typed value, not even
     * until the next judgement. When the core cannot redact, only the URL's origin is kept.
     */
    redactUrl(tabId, url) {
      const t = tabs.get(tabId);
      if (!t || t.fields.size === 0) return url;
      try {
        const typed = { fields: [...t.fields.values()], uiLanguage, pageHost: t.pageHost || null };
        const clean = JSON.parse(scrub(JSON.stringify(typed), JSON.stringify(url)));
        if (typeof clean === 'string') return clean;
      } catch { /* below */ }
      try { return `${new URL(url).origin}/`; } catch { return ''; }
    },
    forget(tabId) {
      tabs.delete(tabId);
      leaving.delete(tabId);
    },
  };
}

/**
 * Registers the listeners, synchronously (see ./listeners.js). Chrome hides Referer unless
 * asked with 'extraHeaders'; Firefox has no such option.
 */
export function registerOutgoing(chrome, outgoing) {
  const { webRequest, runtime, tabs } = chrome;
  const ALL = { urls: ['<all_urls>'] };
  webRequest.onBeforeRequest.addListener((d) => { outgoing.onBeforeRequest(d); }, ALL, ['requestBody']);
  const extra = webRequest.OnBeforeSendHeadersOptions?.EXTRA_HEADERS;
  webRequest.onBeforeSendHeaders.addListener((d) => { outgoing.onBeforeSendHeaders(d); }, ALL,
    extra ? ['requestHeaders', extra] : ['requestHeaders']);
  runtime.onMessage.addListener((message, sender) => { outgoing.onMessage(message, sender, runtime.id); });
  tabs.onRemoved.addListener((tabId) => { outgoing.forget(tabId); });
}
