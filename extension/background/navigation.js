// The navigation lifecycle of each tab, from what webRequest, tabs and the content script
// report: a new page starts (its state fresh, the badge "judging"), its main document and
// requests arrive, the content script's facts arrive (then it is judged), or the navigation
// turns out not to replace the page (a download, a 204, a stopped load, a prerender) and what
// we knew of the page still on screen is put back.
//
// The tab store, judging and the worker's caps are passed in, so node can import and test
// this module without a browser. The listeners are registered in ./listeners.js.

import { freshState } from './tab-store.js';

const clip = (s, max) => (typeof s === 'string' ? s.slice(0, max) : '');

// A navigation the user or the page stopped: Chrome's and Firefox's names for it.
const STOPPED = new Set(['net::ERR_ABORTED', 'NS_BINDING_ABORTED']);

/** Whether the browser runs content scripts on `url` (so ShopTrust can read the page). */
export function isReadable(url) {
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

/**
 * `caps`: the contract's `worker` caps (src/contract.rs): the most requests kept per page
 * and response headers, the longest URL, header name and value, and collector error text.
 */
export function createNavigation({ store, judging, caps }) {
  const seenRequests = new WeakMap(); // state -> Map of "type url" -> request, for dedupe
  const leaving = new Map(); // tabId -> state of the page being navigated away from
  const speculative = new Set(); // requestIds of prerender/prefetch navigations
  const prerendered = new Map(); // tabId -> main document of a page prerendered in it

  function startNavigation(tabId, url, navigationId) {
    const state = freshState(clip(url, caps.url));
    state.navigationId = navigationId;
    // Kept to put back if this navigation does not replace the page. Not cached after
    // a worker restart: read it back (the read runs before our own later write).
    const cached = store.isCached(tabId);
    const previous = cached ? store.cached(tabId) : store.readStored(tabId);
    leaving.set(tabId, previous);
    // Facts the page being left may still send must not be taken for the new page's.
    if (cached) state.leavingDocumentId = previous?.documentId ?? null;
    else previous.then((p) => { if (store.cached(tabId) === state) state.leavingDocumentId = p?.documentId ?? null; });
    judging.cancelRejudge(tabId);
    store.save(tabId, state);
    judging.setBadge(tabId, state);
  }

  function markUnreadable(tabId) {
    const state = freshState(null, 'unreadable');
    store.save(tabId, state);
    judging.setBadge(tabId, state);
  }

  async function addRequest(tabId, url, type, documentId, at) {
    const state = await store.load(tabId);
    if (!state || state.phase === 'unreadable') return;
    if (documentId && documentId === state.leavingDocumentId) return; // the page being left
    let seen = seenRequests.get(state);
    if (!seen) seenRequests.set(state, (seen = new Map(state.requests.map((r) => [`${r.type} ${r.url}`, r]))));
    url = clip(url, caps.url);
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
      if (answeredAt > 0 && previous <= answeredAt && at > answeredAt) judging.rejudgeSoon(tabId);
      return;
    }
    if (state.requests.length >= caps.requests) return;
    const request = { url, type, at };
    seen.set(id, request);
    state.requests.push(request);
    store.save(tabId, state);
    if (state.phase === 'done') judging.rejudgeSoon(tabId);
  }

  async function setMainDocument(tabId, details) {
    const headers = (details.responseHeaders || []).slice(0, caps.headers)
      .map((h) => ({ name: clip(h.name, caps.headerName), value: clip(h.value ?? '', caps.headerValue) }));
    const doc = { url: clip(details.url, caps.url), statusCode: details.statusCode, headers };
    if (speculative.has(details.requestId)) return void prerendered.set(tabId, doc); // kept for its activation
    const state = (await store.load(tabId)) ?? freshState(doc.url);
    if (state.phase === 'unreadable') return;
    // A download or an empty answer leaves the current page in place: not its document.
    const header = (name) => headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
    if (/^\s*attachment/i.test(header('content-disposition')) || /^application\/octet-stream/i.test(header('content-type')) ||
      details.statusCode === 204 || details.statusCode === 205) {
      pageStayed(tabId, details.requestId);
      return;
    }
    state.mainDocument = doc;
    store.save(tabId, state);
    if (state.phase === 'done') judging.rejudgeSoon(tabId);
  }

  // The navigation did not replace the page (download, 204, stopped, a prerender):
  // put back what we knew of the page still on screen.
  async function pageStayed(tabId, navigationId) {
    const state = await store.load(tabId);
    const previous = await leaving.get(tabId);
    if (!state || state.navigationId !== navigationId || store.cached(tabId) !== state) return; // superseded
    leaving.delete(tabId);
    if (previous) store.save(tabId, previous);
    else store.clear(tabId);
    judging.setBadge(tabId, previous);
  }

  // Any other failed navigation ends on the browser's error page, which no extension reads.
  async function navigationFailed(tabId, details) {
    if (speculative.delete(details.requestId)) return;
    if (STOPPED.has(details.error)) return pageStayed(tabId, details.requestId);
    const state = await store.load(tabId);
    if (state && state.navigationId === details.requestId) markUnreadable(tabId);
  }

  async function onFacts(tabId, documentId, message) {
    let state = await store.load(tabId);
    if (state && documentId && documentId === state.leavingDocumentId) return;
    if (!state || state.phase === 'unreadable' || (state.documentId && documentId && state.documentId !== documentId)) {
      // A document whose navigation we did not see (restored from the back/forward
      // cache, a prerender shown): only a prerender's own response may go with it.
      const doc = prerendered.get(tabId);
      state = freshState(null);
      if (doc && doc.url === message.facts?.url) state.mainDocument = doc;
      prerendered.delete(tabId);
    }
    state.documentId = documentId ?? null;
    leaving.delete(tabId);
    if (message.type === 'facts') {
      state.facts = message.facts ?? null;
      if (state.facts && state.frameFacts) state.facts = { ...state.facts, frames: Object.values(state.frameFacts) };
      state.factsError = null;
      state.url = clip(message.facts?.url, caps.url) || state.url;
    } else {
      state.facts = null;
      state.factsError = clip(String(message.error), caps.errorText);
    }
    store.adopt(tabId, state);
    await judging.judge(tabId, state);
  }

  // Facts from a sub-frame's content script: kept beside the top frame's, by frame, and
  // handed to the core inside them (`facts.frames`), where a frame's forms are judged with
  // the frame's own URL.
  async function onFrameFacts(tabId, frameId, message) {
    const state = await store.load(tabId);
    if (!state || state.phase === 'unreadable' || message.type !== 'facts' || !message.facts) return;
    state.frameFacts ??= {};
    if (!(frameId in state.frameFacts) && Object.keys(state.frameFacts).length >= caps.frames) return;
    state.frameFacts[frameId] = { ...message.facts, frames: [] };
    if (state.facts) state.facts = { ...state.facts, frames: Object.values(state.frameFacts) };
    store.save(tabId, state);
    if (state.phase === 'done') judging.rejudgeSoon(tabId);
  }

  // --- What each browser event means. Each returns the promise of its work (for tests).

  function onBeforeRequest(details) {
    if (details.tabId < 0) return undefined;
    if (details.type === 'main_frame') {
      // (A redirect of a known prerender comes back here with the same requestId.)
      if (details.frameId === 0 && !speculative.has(details.requestId)) {
        startNavigation(details.tabId, details.url, details.requestId);
      }
      return undefined;
    }
    // Prerendered, cached or unloading documents are not the page on screen.
    if (details.documentLifecycle && details.documentLifecycle !== 'active') return undefined;
    return addRequest(details.tabId, details.url, details.type, details.documentId, details.timeStamp);
  }

  // Speculation rules and the omnibox prerender pages in the same tab: such a request
  // is not the shopper leaving the page on screen, so put that page's state back.
  function onBeforeSendHeaders(details) {
    if (details.tabId < 0 || details.frameId !== 0) return undefined;
    const purpose = details.requestHeaders?.find((h) => h.name.toLowerCase() === 'sec-purpose')?.value ?? '';
    if (!/prefetch|prerender/i.test(purpose)) return undefined;
    if (speculative.size > 100) speculative.clear();
    speculative.add(details.requestId);
    return pageStayed(details.tabId, details.requestId);
  }

  function onHeadersReceived(details) {
    if (details.tabId >= 0 && details.frameId === 0) return setMainDocument(details.tabId, details);
    return undefined;
  }

  function onErrorOccurred(details) {
    if (details.tabId >= 0 && details.frameId === 0) return navigationFailed(details.tabId, details);
    return undefined;
  }

  // Facts from our own content script in a tab's frames. `extensionId`: ours.
  function onMessage(message, sender, extensionId) {
    const tabId = sender.tab?.id;
    if (sender.id !== extensionId || typeof tabId !== 'number' || tabId < 0 || !Number.isInteger(sender.frameId)) return undefined;
    if (message?.type !== 'facts' && message?.type !== 'facts-error') return undefined;
    if (sender.frameId === 0) return onFacts(tabId, sender.documentId, message);
    // A frame of a document being left or kept in the back/forward cache is not on screen.
    if (sender.documentLifecycle && sender.documentLifecycle !== 'active') return undefined;
    return onFrameFacts(tabId, sender.frameId, message);
  }

  // Without the "tabs" permission tab.url is only visible for http(s) pages (our host
  // permissions), so a missing URL also means a page ShopTrust cannot read.
  function onTabUpdated(tabId, changeInfo, tab) {
    if (('url' in changeInfo && !isReadable(changeInfo.url)) || (changeInfo.status === 'complete' && !isReadable(tab.url))) {
      markUnreadable(tabId);
    } else if (changeInfo.status === 'loading' || 'url' in changeInfo) {
      judging.restoreBadge(tabId);
    }
  }

  function onTabRemoved(tabId) {
    store.drop(tabId);
    judging.forget(tabId);
    leaving.delete(tabId);
    prerendered.delete(tabId);
  }

  return { onBeforeRequest, onBeforeSendHeaders, onHeadersReceived, onErrorOccurred, onMessage, onTabUpdated, onTabRemoved };
}
