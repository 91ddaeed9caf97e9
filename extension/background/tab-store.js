// Per-tab state of the service worker. Chrome stops the worker often, so the state lives
// in chrome.storage.session (one item per tab, under the contract's tab key) and the map
// here is only a cache, filled lazily after a restart. Writes are batched: save() marks a
// tab dirty and one flush a little later writes every dirty tab at once.
//
// Everything from the browser is passed in (`storage` is chrome.storage.session), so node
// can import and test this module without one.

const FLUSH_MS = 300;
// chrome.storage.session's documented quota, for a browser that does not say.
const DEFAULT_QUOTA_BYTES = 10485760;

/** A tab's state when a page starts loading (phase 'judging') or cannot be read. */
export function freshState(url, phase = 'judging') {
  return {
    url, facts: null, factsError: null, mainDocument: null, requests: [], report: null,
    phase, updatedAt: Date.now(), documentId: null, leavingDocumentId: null, navigationId: null,
  };
}

export function createTabStore({ storage, tabKeyPrefix, flushMs = FLUSH_MS }) {
  const cache = new Map(); // tabId -> state, or null when storage has none
  const loading = new Map(); // tabId -> pending storage read
  const dirty = new Set();
  let flushTimer = 0;

  const key = (tabId) => `${tabKeyPrefix}${tabId}`;

  /** The tab's state (null when none is stored), from the cache or else from storage. */
  async function load(tabId) {
    if (cache.has(tabId)) return cache.get(tabId);
    if (!loading.has(tabId)) {
      loading.set(tabId, storage.get(key(tabId)).then((items) => {
        loading.delete(tabId);
        if (!cache.has(tabId)) cache.set(tabId, items[key(tabId)] ?? null);
        return cache.get(tabId);
      }));
    }
    return loading.get(tabId);
  }

  /** What storage holds for the tab, bypassing the cache (null when nothing or unreadable). */
  function readStored(tabId) {
    return storage.get(key(tabId)).then((items) => items[key(tabId)] ?? null, () => null);
  }

  function save(tabId, state) {
    state.updatedAt = Date.now();
    cache.set(tabId, state);
    dirty.add(tabId);
    if (!flushTimer) flushTimer = setTimeout(flush, flushMs);
  }

  async function flush() {
    flushTimer = 0;
    const items = {};
    for (const tabId of dirty) if (cache.get(tabId)) items[key(tabId)] = cache.get(tabId);
    dirty.clear();
    try {
      await storage.set(items);
    } catch {
      // Session storage is capped (QUOTA_BYTES, 10 MB). The popup reads only what is stored,
      // so the tabs being saved now (the ones in use) come first: make room, then try again.
      await makeRoom(items);
      await storage.set(items).catch((e) => console.warn('ShopTrust: could not save tab state:', e));
    }
  }

  // Removes the stored state of the tabs updated longest ago, never one being saved, until
  // what is being saved fits with a quarter of the quota to spare. Such a tab keeps its badge;
  // its popup asks for a reload until the page is judged again.
  async function makeRoom(saving) {
    const size = (k, v) => k.length + JSON.stringify(v ?? null).length;
    const quota = storage.QUOTA_BYTES ?? DEFAULT_QUOTA_BYTES;
    const stored = await storage.get(null);
    let used = Object.entries(stored).reduce((n, [k, v]) => n + size(k, v), 0);
    used += Object.entries(saving).reduce((n, [k, v]) => n + size(k, v) - (k in stored ? size(k, stored[k]) : 0), 0);
    const oldestFirst = Object.entries(stored)
      .filter(([k]) => k.startsWith(tabKeyPrefix) && !(k in saving))
      .sort(([, a], [, b]) => (a?.updatedAt ?? 0) - (b?.updatedAt ?? 0));
    const evict = [];
    for (const [k, v] of oldestFirst) {
      if (used <= quota * 0.75) break;
      evict.push(k);
      used -= size(k, v);
    }
    await storage.remove(evict).catch(() => {});
  }

  return {
    load,
    readStored,
    save,
    flush,
    /** Whether the cache knows the tab (its state, or that storage has none). */
    isCached: (tabId) => cache.has(tabId),
    /** The cached state: undefined when not cached, null when storage has none. */
    cached: (tabId) => cache.get(tabId),
    /** Makes `state` the tab's current state in memory; the next save() stores it. */
    adopt: (tabId, state) => void cache.set(tabId, state),
    /** The tab has no state any more (its page is gone): not in memory, not stored. */
    clear(tabId) {
      cache.set(tabId, null);
      dirty.delete(tabId);
      storage.remove(key(tabId)).catch(() => {});
    },
    /** The tab was closed: forget it entirely. */
    drop(tabId) {
      cache.delete(tabId);
      dirty.delete(tabId);
      storage.remove(key(tabId)).catch(() => {});
    },
  };
}
