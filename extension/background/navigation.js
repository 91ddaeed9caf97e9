// The navigation lifecycle of each tab, from what webRequest, tabs and the content script
// report: a navigation starts (nothing changes yet: the page on screen is still the one
// shown and judged), the new document's response arrives (it replaces the page: its state
// starts fresh, the badge says "judging"), its requests arrive, the content script's facts
// arrive (then it is judged). A navigation that never gets a response, is stopped, turns
// out to be a download, a 204 or a prerender leaves the page on screen and its grade alone.
//
// Everything the page controls is distrusted: messages are taken only from our own content
// script in the tab's top frame, for the document they claim; the request list is bounded
// so that a flood cannot push trackers out (./request-budget.js); requests a page's service
// worker makes for it are counted against the page.
//
// The tab store, judging, the worker's caps and the core's request classifier are passed
// in, so node can import and test this module without a browser. The listeners are
// registered in ./listeners.js.

import { freshState } from './tab-store.js';
import { RequestBudget } from './request-budget.js';

const clip = (s, max) => (typeof s === 'string' ? s.slice(0, max) : '');

// A navigation the user or the page stopped: Chrome's and Firefox's names for it.
const STOPPED = new Set(['net::ERR_ABORTED', 'NS_BINDING_ABORTED']);

// Firefox shows extensions neither the pages nor the requests of these Mozilla sites (its
// default extensions.webextensions.restrictedDomains); elsewhere they are ordinary pages.
const FIREFOX_RESTRICTED_HOSTS = new Set([
  'accounts-static.cdn.mozilla.net', 'accounts.firefox.com', 'addons.cdn.mozilla.net', 'addons.mozilla.org',
  'api.accounts.firefox.com', 'content.cdn.mozilla.net', 'discovery.addons.mozilla.org', 'install.mozilla.org',
  'oauth.accounts.firefox.com', 'profile.accounts.firefox.com', 'support.mozilla.org', 'sync.services.mozilla.com',
]);

// A redirect's response is not the document: the navigation goes on to the Location.
const REDIRECTS = new Set([301, 302, 303, 307, 308]);

// Request URLs are clipped below the contract's URL cap: a page can make thousands, each
// is stored, and what identifies a tracker (host and path) sits at the start.
const REQUEST_URL_MAX = 1024;

/** Whether the browser runs content scripts on `url` (so ShopTrust can read the page). */
export function isReadable(url, { firefox = false } = {}) {
  try {
    const u = new URL(url);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return false;
    if (firefox) return !FIREFOX_RESTRICTED_HOSTS.has(u.hostname);
    // Chrome runs no content script in the Web Store.
    return !(u.hostname === 'chromewebstore.google.com' ||
      (u.hostname === 'chrome.google.com' && u.pathname.startsWith('/webstore')));
  } catch {
    return false;
  }
}

const originOf = (url) => {
  try {
    const u = new URL(url);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.origin : null;
  } catch {
    return null;
  }
};

/**
 * Why a runtime message must be ignored, or null when it is our content script's report on
 * the document it runs in. Only our extension can send to onMessage (a web page has no
 * runtime API, and no `externally_connectable` is declared), but a page controls what our
 * content script reads, so every claim is checked against what the browser says of the
 * sender: our id, a tab, the top frame (no message type is meant for sub-frames yet), an
 * active document with an id (Chrome always gives one; Firefox gives neither field), and
 * facts about the sender's own origin.
 */
export function rejectMessage(message, sender, extensionId) {
  if (!sender || sender.id !== extensionId) return 'not our extension';
  const tabId = sender.tab?.id;
  if (!Number.isInteger(tabId) || tabId < 0) return 'not from a tab';
  if (sender.frameId !== 0) return 'not the top frame';
  if (sender.documentLifecycle !== undefined && sender.documentLifecycle !== 'active') return 'not the document on screen';
  if (sender.documentLifecycle !== undefined && (typeof sender.documentId !== 'string' || !sender.documentId)) return 'no document id';
  if (!message || typeof message !== 'object') return 'not a message';
  if (message.type === 'facts') {
    if (!message.facts || typeof message.facts !== 'object' || Array.isArray(message.facts)) return 'no facts';
    const claimed = originOf(message.facts.url);
    if (!claimed || (sender.url !== undefined && claimed !== originOf(sender.url))) return 'facts about another origin';
    return null;
  }
  if (message.type === 'facts-error') return null;
  return 'unknown message type';
}

/**
 * Why a sub-frame's message must be ignored, or null. A frame's content script sends only
 * its forms and fields, about its own document and origin; they are added to the page's as
 * the frames' (src/frames.rs), never taken for the page's own facts.
 */
export function rejectFrameMessage(message, sender, extensionId) {
  if (!sender || sender.id !== extensionId) return 'not our extension';
  const tabId = sender.tab?.id;
  if (!Number.isInteger(tabId) || tabId < 0) return 'not from a tab';
  if (!Number.isInteger(sender.frameId) || sender.frameId <= 0) return 'not a sub-frame';
  // A frame of a document being left or kept in the back/forward cache is not on screen.
  if (sender.documentLifecycle !== undefined && sender.documentLifecycle !== 'active') return 'not the document on screen';
  if (!message || typeof message !== 'object' || message.type !== 'facts') return 'not frame facts';
  if (!message.facts || typeof message.facts !== 'object' || Array.isArray(message.facts)) return 'no facts';
  const claimed = originOf(message.facts.url);
  if (!claimed || (sender.url !== undefined && claimed !== originOf(sender.url))) return 'facts about another origin';
  return null;
}

/**
 * `caps`: the contract's `worker` caps (src/contract.rs): the most requests kept per page
 * and response headers, the longest URL, header name and value, and collector error text.
 * `classify(url, type, pageUrl)` -> { tracker, thirdParty } | null: the core's classifier.
 */
/**
 * The names of the cookies a request carried (its `Cookie` header), at most `max`, each
 * clipped to `nameMax`, and how many there were. Names only: values are never kept.
 */
export function requestCookieNames(requestHeaders, { max, nameMax }) {
  const header = (requestHeaders || []).filter((h) => h?.name?.toLowerCase() === 'cookie').map((h) => h.value ?? '').join('; ');
  const names = header.split(';').map((c) => c.split('=', 1)[0].trim().slice(0, nameMax)).filter(Boolean);
  return { names: names.slice(0, max), seen: names.length };
}

/**
 * The page's facts with the cookie names the browser sent with its document request in
 * `consent.cookiesAtLoad` (`cookies`: `requestCookieNames`' answer, or null when the worker
 * did not see that request): a consent answer stored on an earlier visit is sent with the
 * page request, while a cookie the page's own script writes is not. The collector's own
 * reading (document.cookie) is page-controlled and never taken.
 */
export function withCookiesAtLoad(facts, cookies) {
  if (!facts?.consent || typeof facts.consent !== 'object') return facts;
  const names = cookies?.names ?? [];
  const truncated = (Array.isArray(facts.truncated) ? facts.truncated : []).filter((t) => t?.list !== 'consent.cookiesAtLoad');
  if (cookies && cookies.seen > names.length) truncated.push({ list: 'consent.cookiesAtLoad', kept: names.length, seen: cookies.seen });
  return { ...facts, consent: { ...facts.consent, cookiesAtLoad: names }, truncated };
}

export function createNavigation({ store, judging, caps, classify = null, firefox = false, cookieCaps = { max: 40, nameMax: 64 },
  redactTyped = (tabId, url) => url }) {
  const readable = (url) => isReadable(url, { firefox });
  const budgets = new WeakMap(); // state -> RequestBudget
  const pending = new Map(); // tabId -> requestId of a navigation with no response yet
  const speculative = new Set(); // requestIds of prerender/prefetch navigations
  const prerendered = new Map(); // tabId -> main document of a page prerendered in it
  // requestId of a top-frame document request -> the cookie names it carried.
  const documentCookies = new Map();
  // Requests held for a document that has not reported yet and is not the one the tab's
  // state is about, claimed when that document reports. Each is held as a `page`: a tab
  // state's `url`, `requests` and `requestsDropped`, kept by a RequestBudget as a shown page's
  // are, so a flood sent before the page reports cannot push its trackers out either.
  // * unclaimed, tabId -> { documentId, page }: the tab's latest document whose navigation
  //   webRequest did not show (one a service worker answered, a tab opened while the worker
  //   was registering its listeners).
  // * prerenderRequests, documentId -> { tabId, page }: a page the browser prerendered
  //   (speculation rules, the address bar), claimed once it is shown. Its own scripts ran
  //   then, and may have hidden what they sent from what the page can see (Resource Timing);
  //   the network saw it.
  const unclaimed = new Map();
  const prerenderRequests = new Map();
  const heldPage = (url) => ({ url, requests: [], requestsDropped: 0 });
  const prerenderPages = new Map(); // tabId -> { frameId, url } of the page prerendered in it
  const pageOrigins = new Map(); // tabId -> origin of the page in the tab, for worker requests
  let pageOriginsRead = null; // after a worker restart, filled once from storage

  const perOriginCap = Math.max(1, Math.floor(caps.requests / 20));
  const budgetOf = (state) => {
    let budget = budgets.get(state);
    if (!budget) budgets.set(state, (budget = new RequestBudget(state, { cap: caps.requests, perOriginCap, classify })));
    return budget;
  };

  function notePageOrigin(tabId, url) {
    const origin = originOf(url);
    if (origin) pageOrigins.set(tabId, origin);
    else pageOrigins.delete(tabId);
  }

  // The new document's response arrived: it replaces the page on screen.
  function startNavigation(tabId, url, navigationId) {
    const state = freshState(clip(url, caps.url));
    state.navigationId = navigationId;
    notePageOrigin(tabId, url);
    // Facts and requests the page being left may still send must not be taken for the new
    // page's. Not cached after a worker restart: read it back (before our own later write).
    if (store.isCached(tabId)) state.leavingDocumentId = store.cached(tabId)?.documentId ?? null;
    else store.readStored(tabId).then((p) => { if (store.cached(tabId) === state) state.leavingDocumentId = p?.documentId ?? null; });
    unclaimed.delete(tabId);
    judging.cancelRejudge(tabId);
    store.save(tabId, state);
    judging.setBadge(tabId, state);
    return state;
  }

  function markUnreadable(tabId) {
    const state = freshState(null, 'unreadable');
    pageOrigins.delete(tabId);
    unclaimed.delete(tabId);
    store.save(tabId, state);
    judging.setBadge(tabId, state);
  }

  function holdUnclaimed(tabId, documentId, request) {
    let held = unclaimed.get(tabId);
    // Its URL is not known before it reports: its requests rank as third parties or trackers.
    if (held?.documentId !== documentId) unclaimed.set(tabId, (held = { documentId, page: heldPage('') }));
    hold(held.page, request);
  }

  // When a kept request was last sent: a repeat is listed once, with its latest time.
  const lastSent = (known) => known.lastAt || known.at || 0;

  function hold(page, request) {
    const budget = budgetOf(page);
    const known = budget.known(request.type, request.url);
    if (!known) budget.admit(request);
    else if (request.at > lastSent(known)) known.lastAt = request.at;
  }

  function claim(tabId, state, page) {
    for (const { url, type, at, lastAt } of page.requests) {
      recordRequest(tabId, state, { url, type, at });
      if (lastAt) recordRequest(tabId, state, { url, type, at: lastAt });
    }
    state.requestsDropped = (state.requestsDropped ?? 0) + page.requestsDropped;
  }

  // A request as it is kept: redacted before that, as the tab's state is saved to
  // chrome.storage.session.
  const keptRequest = (tabId, url, type, at) => ({
    url: redactTyped(tabId, clip(url, Math.min(caps.url, REQUEST_URL_MAX))),
    type,
    at: Number.isFinite(at) ? Math.round(at) : 0,
  });

  async function addRequest(tabId, url, type, documentId, at) {
    const state = await store.load(tabId);
    if (state?.phase === 'unreadable' || (!state && !documentId)) return;
    if (state && !state.documentId && documentId && documentId === state.leavingDocumentId) return; // the page being left
    const request = keptRequest(tabId, url, type, at);
    // A tab with no state yet is one whose navigation was not seen either (e.g. opened while
    // the extension was being installed): its requests wait for its document's facts too.
    if (!state || (documentId && state.documentId && documentId !== state.documentId)) {
      holdUnclaimed(tabId, documentId, request);
      return;
    }
    recordRequest(tabId, state, request);
  }

  // A request of a page being prerendered, held for that page (see prerenderRequests). Its
  // top document: the prerendered page's own, or for a frame in it, the frame's parent's.
  // A frame deeper down names only its own parent, which ties it to no page held here: it is
  // left out (on a page on screen such a request counts against that page).
  function holdPrerendered(details) {
    const tabId = details.tabId;
    const prerendering = prerenderPages.get(tabId);
    const pageUrl = prerendering?.url ?? '';
    if (details.frameType === 'outermost_frame') holdFor(details.documentId, tabId, pageUrl, details);
    else if (prerendering && details.parentFrameId === prerendering.frameId) holdFor(details.parentDocumentId, tabId, pageUrl, details);
  }

  function holdFor(documentId, tabId, pageUrl, details) {
    if (typeof documentId !== 'string' || !documentId) return;
    let held = prerenderRequests.get(documentId);
    if (!held) {
      // A few pages at a time: a prerender never shown is forgotten with the oldest.
      if (prerenderRequests.size >= 4) prerenderRequests.delete(prerenderRequests.keys().next().value);
      prerenderRequests.set(documentId, (held = { tabId, page: heldPage(pageUrl) }));
    }
    hold(held.page, keptRequest(tabId, details.url, details.type, details.timeStamp));
  }

  function recordRequest(tabId, state, { url, type, at }) {
    const budget = budgetOf(state);
    const known = budget.known(type, url);
    if (known) {
      // A repeat is listed once; its latest time tells the core whether a tracker ran again
      // after the shopper's consent answer. That changes the report only for the first repeat
      // after the answer, so only that one is judged (and saved) again.
      const previous = lastSent(known);
      if (!(at > previous)) return;
      known.lastAt = at;
      if (state.phase !== 'done') return;
      const answeredAt = Math.max(0, ...(state.facts?.consent?.choices ?? []).map((c) => Number(c?.at) || 0));
      if (answeredAt > 0 && previous <= answeredAt && at > answeredAt) judging.rejudgeSoon(tabId);
      return;
    }
    const dropsBefore = state.requestsDropped;
    const kept = budget.admit({ url, type, at });
    // A drop changes the report too: the first one adds the caveat.
    if (!kept && dropsBefore > 0) return;
    store.save(tabId, state);
    if (state.phase === 'done') judging.rejudgeSoon(tabId);
  }

  // Requests a service worker makes have no tab (tabId -1). A page can route its trackers
  // through its own service worker so that they seem to come from no tab; the worker's
  // origin (`initiator`) is the shop's, so they count against every tab showing a page of
  // that origin (the same shop, whichever of its tabs asked).
  async function addWorkerRequest(details) {
    const origin = originOf(details.initiator);
    if (!origin) return;
    if (!pageOriginsRead) {
      pageOriginsRead = store.readAllStored().then((states) => {
        for (const [tabId, state] of states) if (!pageOrigins.has(tabId)) notePageOrigin(tabId, state?.url);
      }, () => {});
    }
    await pageOriginsRead;
    const tabs = [...pageOrigins].filter(([, o]) => o === origin).map(([tabId]) => tabId);
    await Promise.all(tabs.map((tabId) => addRequest(tabId, details.url, details.type, null, details.timeStamp)));
  }

  async function setMainDocument(tabId, details) {
    if (REDIRECTS.has(details.statusCode)) return; // the navigation goes on
    const headers = (details.responseHeaders || []).slice(0, caps.headers)
      .map((h) => ({ name: clip(h.name, caps.headerName), value: clip(h.value ?? '', caps.headerValue) }));
    const doc = { url: clip(details.url, caps.url), statusCode: details.statusCode, headers };
    const cookies = documentCookies.get(details.requestId) ?? null;
    documentCookies.delete(details.requestId);
    // kept for its activation
    if (speculative.has(details.requestId)) return void prerendered.set(tabId, { doc, cookies });
    // A download or an empty answer leaves the current page in place: not its document.
    const header = (name) => headers.find((h) => h.name.toLowerCase() === name)?.value ?? '';
    if (/^\s*attachment/i.test(header('content-disposition')) || /^application\/octet-stream/i.test(header('content-type')) ||
      details.statusCode === 204 || details.statusCode === 205) {
      if (pending.get(tabId) === details.requestId) pending.delete(tabId);
      return;
    }
    await store.load(tabId);
    pending.delete(tabId);
    const state = startNavigation(tabId, doc.url, details.requestId);
    state.mainDocument = doc;
    state.documentCookies = cookies;
    store.save(tabId, state);
  }

  async function navigationFailed(tabId, details) {
    if (speculative.delete(details.requestId)) return;
    if (pending.get(tabId) !== details.requestId) return; // a response came: the new page is shown
    pending.delete(tabId);
    if (STOPPED.has(details.error)) return; // the page on screen stays, and its grade
    // Any other failure ends on the browser's error page, which no extension reads.
    await store.load(tabId);
    markUnreadable(tabId);
  }

  async function onFacts(tabId, documentId, message) {
    let state = await store.load(tabId);
    // The page being left may still report until the new one has (a page shown again
    // from the back/forward cache reports after the one it replaces: it is the page now).
    if (state && !state.documentId && documentId && documentId === state.leavingDocumentId) return;
    if (!state || state.phase === 'unreadable' || (state.documentId && documentId && state.documentId !== documentId)) {
      // A document whose navigation we did not see (restored from the back/forward
      // cache, a prerender shown, an answer from a service worker): only a prerender's
      // own response may go with it, and the requests it made before reporting.
      const { doc, cookies } = prerendered.get(tabId) ?? {};
      const leftDocumentId = state?.documentId ?? null;
      state = freshState(null);
      state.leavingDocumentId = leftDocumentId;
      if (doc && doc.url === message.facts?.url) {
        state.mainDocument = doc;
        state.documentCookies = cookies;
      }
      prerendered.delete(tabId);
      pending.delete(tabId);
    }
    state.documentId = documentId ?? null;
    if (message.type === 'facts') {
      state.facts = withCookiesAtLoad(message.facts, state.documentCookies ?? null);
      if (state.frameFacts) state.facts = { ...state.facts, frames: Object.values(state.frameFacts) };
      state.factsError = null;
      state.url = clip(message.facts.url, caps.url) || state.url;
    } else {
      state.facts = null;
      state.factsError = clip(String(message.error), caps.errorText);
    }
    notePageOrigin(tabId, state.url);
    const sentUnseen = unclaimed.get(tabId);
    if (sentUnseen && sentUnseen.documentId === documentId) {
      unclaimed.delete(tabId);
      claim(tabId, state, sentUnseen.page);
    }
    const sentWhilePrerendered = documentId ? prerenderRequests.get(documentId) : undefined;
    if (sentWhilePrerendered?.tabId === tabId) {
      prerenderRequests.delete(documentId);
      claim(tabId, state, sentWhilePrerendered.page);
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
    if (details.tabId < 0) return details.type === 'main_frame' ? undefined : addWorkerRequest(details);
    if (details.type === 'main_frame') {
      // Only noted: until its response arrives, the page on screen is the old one.
      // (A redirect of a known prerender comes back here with the same requestId.)
      if (details.frameId === 0 && !speculative.has(details.requestId)) pending.set(details.tabId, details.requestId);
      // A prerendered page has a frame id of its own until it is shown.
      if (details.documentLifecycle === 'prerender') {
        prerenderPages.set(details.tabId, { frameId: details.frameId, url: clip(details.url, caps.url) });
      }
      return undefined;
    }
    // A prerendered page is not on screen yet, but what it sends counts once it is shown.
    if (details.documentLifecycle === 'prerender') return holdPrerendered(details);
    // Cached or unloading documents are not the page on screen.
    if (details.documentLifecycle && details.documentLifecycle !== 'active') return undefined;
    return addRequest(details.tabId, details.url, details.type, topDocumentOf(details), details.timeStamp);
  }

  // The top document a request belongs to, as far as Chrome says (Firefox gives no ids): a
  // frame's requests carry the frame's own document, which is never the page's, so they would
  // wait for facts that never come (an ad frame's pixel, fired after the page reported, was
  // lost so). A frame in the top document names it as its parent; a frame deeper down names
  // only its own parent, so its requests go to the page on screen, as without ids.
  function topDocumentOf(details) {
    if (details.frameId === 0) return details.documentId;
    return details.parentFrameId === 0 ? details.parentDocumentId : undefined;
  }

  // Speculation rules and the omnibox prerender pages in the same tab: such a request
  // is not the shopper leaving the page on screen.
  // The cookies a top-frame document request carries are noted for its page (see
  // withCookiesAtLoad).
  function onBeforeSendHeaders(details) {
    if (details.tabId < 0 || details.frameId !== 0) return undefined;
    if (documentCookies.size > 100) documentCookies.clear();
    documentCookies.set(details.requestId, requestCookieNames(details.requestHeaders, cookieCaps));
    const purpose = details.requestHeaders?.find((h) => h.name.toLowerCase() === 'sec-purpose')?.value ?? '';
    if (!/prefetch|prerender/i.test(purpose)) return undefined;
    if (speculative.size > 100) speculative.clear();
    speculative.add(details.requestId);
    if (pending.get(details.tabId) === details.requestId) pending.delete(details.tabId);
    return undefined;
  }

  function onHeadersReceived(details) {
    if (details.tabId >= 0 && details.frameId === 0) return setMainDocument(details.tabId, details);
    return undefined;
  }

  // The response started: if onHeadersReceived did not already take it (a cached response
  // may skip it), the new document replaces the page now.
  function onResponseStarted(details) {
    if (details.tabId >= 0 && details.frameId === 0 && pending.get(details.tabId) === details.requestId) {
      return setMainDocument(details.tabId, details);
    }
    return undefined;
  }

  function onErrorOccurred(details) {
    if (details.tabId >= 0 && details.frameId === 0) return navigationFailed(details.tabId, details);
    return undefined;
  }

  // Facts from our own content script in a tab's frames. `extensionId`: ours.
  function onMessage(message, sender, extensionId) {
    if (sender?.frameId === 0) {
      if (rejectMessage(message, sender, extensionId)) return undefined;
      return onFacts(sender.tab.id, sender.documentId, message);
    }
    if (rejectFrameMessage(message, sender, extensionId)) return undefined;
    return onFrameFacts(sender.tab.id, sender.frameId, message);
  }

  // Without the "tabs" permission tab.url is only visible for http(s) pages (our host
  // permissions), so a missing URL also means a page ShopTrust cannot read.
  function onTabUpdated(tabId, changeInfo, tab) {
    if (('url' in changeInfo && !readable(changeInfo.url)) || (changeInfo.status === 'complete' && !readable(tab.url))) {
      markUnreadable(tabId);
    } else if (changeInfo.status === 'loading' || 'url' in changeInfo) {
      judging.restoreBadge(tabId);
    }
  }

  function onTabRemoved(tabId) {
    store.drop(tabId);
    judging.forget(tabId);
    pending.delete(tabId);
    prerendered.delete(tabId);
    unclaimed.delete(tabId);
    pageOrigins.delete(tabId);
    prerenderPages.delete(tabId);
    for (const [documentId, held] of prerenderRequests) if (held.tabId === tabId) prerenderRequests.delete(documentId);
  }

  return {
    onBeforeRequest, onBeforeSendHeaders, onHeadersReceived, onResponseStarted, onErrorOccurred, onMessage, onTabUpdated, onTabRemoved,
  };
}
