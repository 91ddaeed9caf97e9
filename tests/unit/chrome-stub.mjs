// A small hand-written stand-in for the parts of the `chrome` extension API the service
// worker's modules use, for node's test runner (as DuckDuckGo tests its extension): session
// storage with a quota, the action badge calls, i18n, and event registries for webRequest,
// runtime and tabs that tests can fire.

/** An event: addListener records (listener, filter, extraInfoSpec); fire calls every listener. */
export class FakeEvent {
  constructor({ knownOptions = null } = {}) {
    this.registrations = [];
    this.knownOptions = knownOptions;
  }

  addListener(listener, filter, extraInfoSpec) {
    // Browsers reject an extraInfoSpec they do not know, and the throw ends the caller.
    for (const option of extraInfoSpec ?? []) {
      if (this.knownOptions && !this.knownOptions.includes(option)) {
        throw new Error(`Type error for parameter extraInfoSpec: Invalid enumeration value "${option}"`);
      }
    }
    this.registrations.push({ listener, filter, extraInfoSpec });
  }

  get listenerCount() {
    return this.registrations.length;
  }

  /** Calls every listener; returns what they returned. */
  fire(...args) {
    return this.registrations.map(({ listener }) => listener(...args));
  }
}

const sizeOf = (key, value) => key.length + JSON.stringify(value ?? null).length;

/** chrome.storage.session: a Map behind the promise API, refusing writes over QUOTA_BYTES. */
export class FakeStorageArea {
  constructor({ quotaBytes = 10485760 } = {}) {
    this.QUOTA_BYTES = quotaBytes;
    this.items = new Map();
    this.writes = 0;
  }

  get bytesInUse() {
    let n = 0;
    for (const [k, v] of this.items) n += sizeOf(k, v);
    return n;
  }

  async get(keys) {
    const out = {};
    const wanted = keys === null || keys === undefined ? [...this.items.keys()]
      : typeof keys === 'string' ? [keys]
        : Array.isArray(keys) ? keys : Object.keys(keys);
    for (const k of wanted) if (this.items.has(k)) out[k] = structuredClone(this.items.get(k));
    return out;
  }

  async set(items) {
    let after = this.bytesInUse;
    for (const [k, v] of Object.entries(items)) {
      after += sizeOf(k, v) - (this.items.has(k) ? sizeOf(k, this.items.get(k)) : 0);
    }
    if (after > this.QUOTA_BYTES) throw new Error('Session storage quota bytes exceeded. Values were not stored.');
    for (const [k, v] of Object.entries(items)) this.items.set(k, structuredClone(v));
    this.writes++;
  }

  async remove(keys) {
    for (const k of typeof keys === 'string' ? [keys] : keys) this.items.delete(k);
  }
}

/** chrome.action: records every badge call; a closed tab makes them reject. */
export class FakeAction {
  constructor() {
    this.calls = [];
    this.badges = new Map(); // tabId -> { text, color, textColor, title }
    this.closedTabs = new Set();
  }

  #record(name, tabId, field, value) {
    this.calls.push({ name, tabId, value });
    if (this.closedTabs.has(tabId)) return Promise.reject(new Error(`No tab with id: ${tabId}.`));
    this.badges.set(tabId, { ...this.badges.get(tabId), [field]: value });
    return Promise.resolve();
  }

  setBadgeText({ tabId, text }) { return this.#record('setBadgeText', tabId, 'text', text); }
  setBadgeBackgroundColor({ tabId, color }) { return this.#record('setBadgeBackgroundColor', tabId, 'color', color); }
  setBadgeTextColor({ tabId, color }) { return this.#record('setBadgeTextColor', tabId, 'textColor', color); }
  setTitle({ tabId, title }) { return this.#record('setTitle', tabId, 'title', title); }
}

/**
 * The whole stand-in. `browser: 'chrome'` lists webRequest's EXTRA_HEADERS option and accepts
 * it; `browser: 'firefox'` has no such option and throws on it, as Firefox does.
 */
export function fakeChrome({ browser = 'chrome', quotaBytes } = {}) {
  const headerOptions = browser === 'chrome'
    ? ['blocking', 'responseHeaders', 'extraHeaders'] : ['blocking', 'responseHeaders'];
  const requestOptions = browser === 'chrome'
    ? ['blocking', 'requestHeaders', 'extraHeaders'] : ['blocking', 'requestHeaders'];
  const webRequest = {
    onBeforeRequest: new FakeEvent({ knownOptions: ['blocking', 'requestBody'] }),
    onBeforeSendHeaders: new FakeEvent({ knownOptions: requestOptions }),
    onHeadersReceived: new FakeEvent({ knownOptions: headerOptions }),
    onResponseStarted: new FakeEvent({ knownOptions: ['responseHeaders', 'extraHeaders'] }),
    onErrorOccurred: new FakeEvent({ knownOptions: [] }),
  };
  if (browser === 'chrome') {
    webRequest.OnHeadersReceivedOptions = {
      BLOCKING: 'blocking', RESPONSE_HEADERS: 'responseHeaders', EXTRA_HEADERS: 'extraHeaders',
    };
    webRequest.OnBeforeSendHeadersOptions = {
      BLOCKING: 'blocking', REQUEST_HEADERS: 'requestHeaders', EXTRA_HEADERS: 'extraHeaders',
    };
  }
  return {
    storage: { session: new FakeStorageArea({ quotaBytes }) },
    action: new FakeAction(),
    i18n: { getMessage: (name, subs) => (subs ? `${name}(${[].concat(subs).join(',')})` : name) },
    webRequest,
    runtime: { id: 'shoptrust-test-id', onMessage: new FakeEvent(), getURL: (p) => `chrome-extension://shoptrust-test-id/${p}` },
    tabs: { onUpdated: new FakeEvent(), onRemoved: new FakeEvent() },
  };
}

/** Lets every pending promise callback run. */
export const settle = () => new Promise((resolve) => setImmediate(resolve));
