// ShopTrust service worker: joins what the content script saw with what the
// network layer saw, asks the wasm core for a report, and shows it on the badge.
// It only observes (webRequest without blocking) and sends nothing anywhere.
//
// Chrome stops this worker often. Every listener is registered synchronously
// below; per-tab state lives in chrome.storage.session (key `tab:<id>`) and the
// in-memory copy is only a cache, rebuilt lazily after a restart.
import init, { evaluate, trackerDbLoad } from './pkg/shoptrust.js';

// The core, then the tracker data (compiled at build time, shipped in the package). Without
// the data the core still judges the connection and says tracking was not judged.
const ready = init().then(async () => {
  try {
    const response = await fetch(chrome.runtime.getURL('data/trackerdb.tdb'));
    trackerDbLoad(new Uint8Array(await response.arrayBuffer()));
  } catch (e) {
    console.warn('ShopTrust: tracker data not loaded:', e);
  }
});
ready.catch(() => {}); // reported per evaluation as unknown_core_failed

const FLUSH_MS = 300;
const REEVALUATE_MS = 500;
const MAX_REQUESTS = 5000;
const MAX_HEADERS = 500;
const URL_MAX = 2048;
const VALUE_MAX = 8192;
const GREY = '#6e7781';
const COLOURS = { A: '#1a7f37', B: '#4d7c0f', C: '#9a6700', D: '#bc4c00', F: '#cf222e' };

const cache = new Map(); // tabId -> state, or null when storage has none
const loading = new Map(); // tabId -> pending storage read
const dirty = new Set();
const seenRequests = new WeakMap(); // state -> Set of "type url", for dedupe
const timers = new Map(); // tabId -> pending re-evaluation
const badges = new Map(); // tabId -> what the badge shows now
const leaving = new Map(); // tabId -> state of the page being navigated away from
const speculative = new Set(); // requestIds of prerender/prefetch navigations
const prerendered = new Map(); // tabId -> main document of a page prerendered in it
let flushTimer = 0;

const key = (tabId) => `tab:${tabId}`;
const clip = (s, max) => (typeof s === 'string' ? s.slice(0, max) : '');
const msg = (name, subs) => chrome.i18n.getMessage(name, subs) || name;

function fresh(url, phase = 'judging') {
  return {
    url, facts: null, factsError: null, mainDocument: null, requests: [], report: null,
    phase, updatedAt: Date.now(), documentId: null, leavingDocumentId: null, navigationId: null,
  };
}

async function load(tabId) {
  if (cache.has(tabId)) return cache.get(tabId);
  if (!loading.has(tabId)) {
    loading.set(tabId, chrome.storage.session.get(key(tabId)).then((items) => {
      loading.delete(tabId);
      if (!cache.has(tabId)) cache.set(tabId, items[key(tabId)] ?? null);
      return cache.get(tabId);
    }));
  }
  return loading.get(tabId);
}

function save(tabId, state) {
  state.updatedAt = Date.now();
  cache.set(tabId, state);
  dirty.add(tabId);
  if (!flushTimer) flushTimer = setTimeout(flush, FLUSH_MS);
}

async function flush() {
  flushTimer = 0;
  const items = {};
  for (const tabId of dirty) if (cache.get(tabId)) items[key(tabId)] = cache.get(tabId);
  dirty.clear();
  try {
    await chrome.storage.session.set(items);
  } catch {
    // Session storage is capped (QUOTA_BYTES, 10 MB). The popup reads only what is stored,
    // so the tabs being saved now (the ones in use) come first: make room, then try again.
    await makeRoom(items);
    await chrome.storage.session.set(items).catch((e) => console.warn('ShopTrust: could not save tab state:', e));
  }
}

// Removes the stored state of the tabs updated longest ago, never one being saved, until
// what is being saved fits with a quarter of the quota to spare. Such a tab keeps its badge;
// its popup asks for a reload until the page is judged again.
async function makeRoom(saving) {
  const size = (k, v) => k.length + JSON.stringify(v ?? null).length;
  const quota = chrome.storage.session.QUOTA_BYTES ?? 10485760;
  const stored = await chrome.storage.session.get(null);
  let used = Object.entries(stored).reduce((n, [k, v]) => n + size(k, v), 0);
  used += Object.entries(saving).reduce((n, [k, v]) => n + size(k, v) - (k in stored ? size(k, stored[k]) : 0), 0);
  const oldestFirst = Object.entries(stored)
    .filter(([k]) => k.startsWith('tab:') && !(k in saving))
    .sort(([, a], [, b]) => (a?.updatedAt ?? 0) - (b?.updatedAt ?? 0));
  const evict = [];
  for (const [k, v] of oldestFirst) {
    if (used <= quota * 0.75) break;
    evict.push(k);
    used -= size(k, v);
  }
  await chrome.storage.session.remove(evict).catch(() => {});
}

function isReadable(url) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    // Chrome runs no content script in the Web Store.
    return !(u.hostname === 'chromewebstore.google.com' ||
      (u.hostname === 'chrome.google.com' && u.pathname.startsWith('/webstore')));
  } catch {
    return false;
  }
}

function unknownReport(reasonKey, detail) {
  return {
    status: 'unknown', verdictKey: 'verdict_unknown', unknownReasonKey: reasonKey,
    unknownDetail: clip(detail, 1000), grade: null, score: null,
    concerns: [], findings: [], topTips: [], caveats: [],
  };
}

function setBadge(tabId, state) {
  let text = '';
  let color = GREY;
  let title = msg('actionTitle');
  if (state?.phase === 'judging') {
    text = '?';
    title = msg('badge_title_judging');
  } else if (state?.phase === 'done') {
    const report = state.report;
    if (report?.status === 'judged' && COLOURS[report.grade]) {
      text = report.grade;
      color = COLOURS[report.grade];
      title = msg('badge_title_graded', [report.grade, msg(report.verdictKey)]);
    } else {
      text = '?';
      title = msg('badge_title_unknown');
    }
  }
  const shown = `${text}|${color}|${title}`;
  if (badges.get(tabId) === shown) return;
  badges.set(tabId, shown);
  Promise.all([
    chrome.action.setBadgeText({ tabId, text }),
    chrome.action.setBadgeBackgroundColor({ tabId, color }),
    chrome.action.setBadgeTextColor({ tabId, color: '#ffffff' }),
    chrome.action.setTitle({ tabId, title }),
  ]).catch(() => badges.delete(tabId)); // the tab went away meanwhile
}

async function judge(tabId, state) {
  cancelRejudge(tabId);
  let report;
  if (state.factsError !== null) {
    report = unknownReport('unknown_collector_failed', state.factsError);
  } else {
    try {
      await ready;
      report = JSON.parse(evaluate(JSON.stringify({ facts: state.facts, mainDocument: state.mainDocument, requests: state.requests })));
      if (!report || typeof report !== 'object') throw new Error('the core returned no report');
    } catch (e) {
      report = unknownReport('unknown_core_failed', String(e));
    }
  }
  if (cache.get(tabId) !== state) return; // the tab navigated while we waited
  state.report = report;
  state.phase = 'done';
  save(tabId, state);
  setBadge(tabId, state);
}

function cancelRejudge(tabId) {
  clearTimeout(timers.get(tabId));
  timers.delete(tabId);
}

// New requests or headers after a report: judge again, at most every REEVALUATE_MS.
function rejudgeSoon(tabId) {
  if (timers.has(tabId)) return;
  timers.set(tabId, setTimeout(async () => {
    timers.delete(tabId);
    const state = await load(tabId);
    if (state?.phase === 'done') judge(tabId, state);
  }, REEVALUATE_MS));
}

function startNavigation(tabId, url, navigationId) {
  const state = fresh(clip(url, URL_MAX));
  state.navigationId = navigationId;
  // Kept to put back if this navigation does not replace the page. Not cached after
  // a worker restart: read it back (the read runs before our own later write).
  const cached = cache.has(tabId);
  const previous = cached ? cache.get(tabId)
    : chrome.storage.session.get(key(tabId)).then((items) => items[key(tabId)] ?? null, () => null);
  leaving.set(tabId, previous);
  // Facts the page being left may still send must not be taken for the new page's.
  if (cached) state.leavingDocumentId = previous?.documentId ?? null;
  else previous.then((p) => { if (cache.get(tabId) === state) state.leavingDocumentId = p?.documentId ?? null; });
  cancelRejudge(tabId);
  save(tabId, state);
  setBadge(tabId, state);
}

function markUnreadable(tabId) {
  const state = fresh(null, 'unreadable');
  save(tabId, state);
  setBadge(tabId, state);
}

async function addRequest(tabId, url, type, documentId, at) {
  const state = await load(tabId);
  if (!state || state.phase === 'unreadable') return;
  if (documentId && documentId === state.leavingDocumentId) return; // the page being left
  let seen = seenRequests.get(state);
  if (!seen) seenRequests.set(state, (seen = new Map(state.requests.map((r) => [`${r.type} ${r.url}`, r]))));
  url = clip(url, URL_MAX);
  at = Number.isFinite(at) ? Math.round(at) : 0;
  const id = `${type} ${url}`;
  const known = seen.get(id);
  if (known) {
    // A repeat is listed once; its latest time tells the core whether a tracker ran again
    // after the shopper's consent answer. That changes the report only for the first repeat
    // after the answer, so only that one is judged (and saved) again.
    const previous = known.lastAt || known.at || 0;
    if (!(at > previous)) return;
    known.lastAt = at;
    if (state.phase !== 'done') return;
    const answeredAt = Math.max(0, ...(state.facts?.consent?.choices ?? []).map((c) => Number(c?.at) || 0));
    if (answeredAt > 0 && previous <= answeredAt && at > answeredAt) rejudgeSoon(tabId);
    return;
  }
  if (state.requests.length >= MAX_REQUESTS) return;
  const request = { url, type, at };
  seen.set(id, request);
  state.requests.push(request);
  save(tabId, state);
  if (state.phase === 'done') rejudgeSoon(tabId);
}

async function setMainDocument(tabId, details) {
  const headers = (details.responseHeaders || []).slice(0, MAX_HEADERS)
    .map((h) => ({ name: clip(h.name, 256), value: clip(h.value ?? '', VALUE_MAX) }));
  const doc = { url: clip(details.url, URL_MAX), statusCode: details.statusCode, headers };
  if (speculative.has(details.requestId)) return void prerendered.set(tabId, doc); // kept for its activation
  const state = (await load(tabId)) ?? fresh(doc.url);
  if (state.phase === 'unreadable') return;
  // A download or an empty answer leaves the current page in place: not its document.
  const header = (name) => headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
  if (/^\s*attachment/i.test(header('content-disposition')) || /^application\/octet-stream/i.test(header('content-type')) ||
    details.statusCode === 204 || details.statusCode === 205) {
    pageStayed(tabId, details.requestId);
    return;
  }
  state.mainDocument = doc;
  save(tabId, state);
  if (state.phase === 'done') rejudgeSoon(tabId);
}

// The navigation did not replace the page (download, 204, stopped, a prerender):
// put back what we knew of the page still on screen.
async function pageStayed(tabId, navigationId) {
  const state = await load(tabId);
  const previous = await leaving.get(tabId);
  if (!state || state.navigationId !== navigationId || cache.get(tabId) !== state) return; // superseded
  leaving.delete(tabId);
  if (previous) {
    save(tabId, previous);
  } else {
    cache.set(tabId, null);
    dirty.delete(tabId);
    chrome.storage.session.remove(key(tabId)).catch(() => {});
  }
  setBadge(tabId, previous);
}

// Any other failed navigation ends on Chrome's error page, which no extension reads.
async function navigationFailed(tabId, details) {
  if (speculative.delete(details.requestId)) return;
  if (details.error === 'net::ERR_ABORTED') return pageStayed(tabId, details.requestId);
  const state = await load(tabId);
  if (state && state.navigationId === details.requestId) markUnreadable(tabId);
}

async function onFacts(tabId, documentId, message) {
  let state = await load(tabId);
  if (state && documentId && documentId === state.leavingDocumentId) return;
  if (!state || state.phase === 'unreadable' || (state.documentId && documentId && state.documentId !== documentId)) {
    // A document whose navigation we did not see (restored from the back/forward
    // cache, a prerender shown): only a prerender's own response may go with it.
    const doc = prerendered.get(tabId);
    state = fresh(null);
    if (doc && doc.url === message.facts?.url) state.mainDocument = doc;
    prerendered.delete(tabId);
  }
  state.documentId = documentId ?? null;
  leaving.delete(tabId);
  if (message.type === 'facts') {
    state.facts = message.facts ?? null;
    state.factsError = null;
    state.url = clip(message.facts?.url, URL_MAX) || state.url;
  } else {
    state.facts = null;
    state.factsError = clip(String(message.error), 1000);
  }
  cache.set(tabId, state);
  await judge(tabId, state);
}

chrome.webRequest.onBeforeRequest.addListener((details) => {
  if (details.tabId < 0) return;
  if (details.type === 'main_frame') {
    // (A redirect of a known prerender comes back here with the same requestId.)
    if (details.frameId === 0 && !speculative.has(details.requestId)) {
      startNavigation(details.tabId, details.url, details.requestId);
    }
    return;
  }
  // Prerendered, cached or unloading documents are not the page on screen.
  if (details.documentLifecycle && details.documentLifecycle !== 'active') return;
  addRequest(details.tabId, details.url, details.type, details.documentId, details.timeStamp);
}, { urls: ['<all_urls>'] });

// Speculation rules and the omnibox prerender pages in the same tab: such a request
// is not the shopper leaving the page on screen, so put that page's state back.
chrome.webRequest.onBeforeSendHeaders.addListener((details) => {
  if (details.tabId < 0 || details.frameId !== 0) return;
  const purpose = details.requestHeaders?.find((h) => h.name.toLowerCase() === 'sec-purpose')?.value ?? '';
  if (!/prefetch|prerender/i.test(purpose)) return;
  if (speculative.size > 100) speculative.clear();
  speculative.add(details.requestId);
  pageStayed(details.tabId, details.requestId);
}, { urls: ['<all_urls>'], types: ['main_frame'] }, ['requestHeaders']);

chrome.webRequest.onHeadersReceived.addListener((details) => {
  if (details.tabId >= 0 && details.frameId === 0) setMainDocument(details.tabId, details);
}, { urls: ['<all_urls>'], types: ['main_frame'] }, ['responseHeaders', 'extraHeaders']);

chrome.webRequest.onErrorOccurred.addListener((details) => {
  if (details.tabId >= 0 && details.frameId === 0) navigationFailed(details.tabId, details);
}, { urls: ['<all_urls>'], types: ['main_frame'] });

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  const tabId = sender.tab?.id;
  if (sender.id !== chrome.runtime.id || typeof tabId !== 'number' || tabId < 0) return;
  // A consent banner seen in a sub-frame (consent-frame.js): handed as it is, with the origin
  // Chrome vouches for, to the top frame's collector, which decides whether it is the page's.
  // The answer says whether it got there (the top frame's script may not run yet: the frame
  // then sends again).
  if (message?.type === 'consent-frame' && sender.frameId > 0) {
    const { showing, text, buttons, buttonsSeen, choice } = message;
    chrome.tabs.sendMessage(tabId, { type: 'consent-frame', origin: sender.origin, showing, text, buttons, buttonsSeen, choice },
      { frameId: 0 }).then(() => sendResponse(true), () => sendResponse(false));
    return true;
  }
  if (sender.frameId !== 0) return;
  if (message?.type === 'facts' || message?.type === 'facts-error') onFacts(tabId, sender.documentId, message);
});

// Without the "tabs" permission tab.url is only visible for http(s) pages (our host
// permissions), so a missing URL also means a page ShopTrust cannot read.
chrome.tabs.onUpdated.addListener((tabId, changeInfo, tab) => {
  if (('url' in changeInfo && !isReadable(changeInfo.url)) || (changeInfo.status === 'complete' && !isReadable(tab.url))) {
    markUnreadable(tabId);
  } else if (changeInfo.status === 'loading' || 'url' in changeInfo) {
    // Chrome clears a tab's badge when it commits a new document: put ours back.
    badges.delete(tabId);
    load(tabId).then((state) => state && setBadge(tabId, state));
  }
});

chrome.tabs.onRemoved.addListener((tabId) => {
  cache.delete(tabId);
  dirty.delete(tabId);
  badges.delete(tabId);
  leaving.delete(tabId);
  prerendered.delete(tabId);
  cancelRejudge(tabId);
  chrome.storage.session.remove(key(tabId)).catch(() => {});
});
