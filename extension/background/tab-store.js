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
// What one tab may take of it. A page decides how much it gives us to store (its scripts'
// URLs and integrity attributes, its requests, its headers), so without a budget one page
// could fill the quota and push every other tab's report out. A tab over budget is stored
// as its report alone (./judging.js keeps its worst report then, and says so).
export const TAB_BUDGET_BYTES = 1_000_000;
// The report alone may not take more than this; past it, its lists and texts are cut.
export const REPORT_BUDGET_BYTES = 200_000;

const encoder = new TextEncoder();
/** The bytes `value` takes in storage (its JSON in UTF-8, as Chrome counts it). */
export const byteSize = (value) => encoder.encode(JSON.stringify(value ?? null)).length;

/** A tab's state when a page starts loading (phase 'judging') or cannot be read. */
export function freshState(url, phase = 'judging') {
  return {
    url, facts: null, factsError: null, mainDocument: null, documentCookies: null, requests: [], report: null,
    phase, updatedAt: Date.now(), documentId: null, leavingDocumentId: null, navigationId: null,
    requestsDropped: 0, overBudget: false,
    // How many of `requests` the report was judged with: fewer means a judgement is due
    // (judging.rejudgeSoon), so a caller waiting for the final report knows to keep waiting.
    judgedRequests: 0,
  };
}

/**
 * What is stored of a tab's state: all of it, or for a tab over its budget the report and
 * what identifies the page, without the page-supplied facts, requests and headers (marked
 * `reportOnly`: after a worker restart such a tab is not judged again from storage).
 */
export function storedForm(state) {
  if (!state?.overBudget) return state;
  return { ...state, facts: null, requests: [], mainDocument: null, reportOnly: true };
}

/**
 * The least that can be stored when even the report does not fit: the grade, the verdict
 * and why the rest is missing, never a better grade than the full report.
 */
export function minimalForm(state) {
  const r = state?.report;
  const report = r && {
    schemaVersion: r.schemaVersion, status: r.status, url: typeof r.url === 'string' ? r.url.slice(0, 300) : null,
    grade: r.grade ?? null, score: r.score ?? null, verdictKey: r.verdictKey, unknownReasonKey: r.unknownReasonKey ?? null,
    unknownDetail: null, concerns: [], findings: [], topTips: [], trackers: [], thirdParties: [],
    caveats: [{ key: 'caveat_truncated', detail: 'report: stored without its details (too large)' }],
  };
  return {
    url: typeof state?.url === 'string' ? state.url.slice(0, 300) : null, phase: state?.phase, report,
    facts: null, factsError: null, mainDocument: null, requests: [], updatedAt: state?.updatedAt ?? 0,
    documentId: state?.documentId ?? null, leavingDocumentId: null, navigationId: state?.navigationId ?? null,
    requestsDropped: 0, overBudget: true, reportOnly: true,
  };
}

/**
 * `onLost(tabId)`: a tab's state could not be stored at all (so the popup, which reads
 * storage, shows nothing for it): the badge must not show more than that either.
 */
export function createTabStore({ storage, tabKeyPrefix, flushMs = FLUSH_MS, tabBudgetBytes = TAB_BUDGET_BYTES, onLost = () => {} }) {
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
    const tabOfKey = new Map();
    for (const tabId of dirty) {
      if (!cache.get(tabId)) continue;
      items[key(tabId)] = storedForm(cache.get(tabId));
      tabOfKey.set(key(tabId), tabId);
    }
    dirty.clear();
    try {
      await storage.set(items);
    } catch {
      // Session storage is capped (QUOTA_BYTES, 10 MB). The popup reads only what is stored,
      // so the tabs being saved now (the ones in use) come first: make room, then try again.
      await makeRoom(items);
      await storage.set(items).catch(() => saveLeast(items, tabOfKey));
    }
  }

  // The last resort, tab by tab: the least form of each state; a tab that cannot have even
  // that is removed (an old stored report could be better than the one that did not fit).
  async function saveLeast(items, tabOfKey) {
    for (const [k, state] of Object.entries(items)) {
      try {
        await storage.set({ [k]: minimalForm(state) });
      } catch (e) {
        console.warn('ShopTrust: could not save tab state:', e);
        await storage.remove(k).catch(() => {});
        onLost(tabOfKey.get(k));
      }
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
    /** Every stored tab state, by tab id (for a look-up across tabs after a restart). */
    async readAllStored() {
      const items = await storage.get(null);
      const out = new Map();
      for (const [k, v] of Object.entries(items)) {
        const tabId = Number(k.slice(tabKeyPrefix.length));
        if (k.startsWith(tabKeyPrefix) && Number.isInteger(tabId)) out.set(tabId, v);
      }
      return out;
    },
    /** Whether `state` takes more than one tab's share of storage. */
    overBudget: (state) => byteSize(state) > tabBudgetBytes,
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
