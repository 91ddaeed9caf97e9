// ShopTrust service worker: joins what the content script saw with what the
// network layer saw, asks the wasm core for a report, and shows it on the badge.
// It only observes (webRequest without blocking) and sends nothing anywhere.
//
// This file only wires the parts, each its own module with its own tests:
//   background/tab-store.js   per-tab state in chrome.storage.session, quota eviction
//   background/navigation.js  what each navigation, request and content-script message means
//   background/request-budget.js  which requests a page's list keeps: trackers first
//   background/judging.js     the wasm core, the report, the badge
//   background/listeners.js   every browser event, registered at start-up
// Chrome stops this worker often: every listener is registered synchronously below, in the
// first turn, and the state lives in storage (the in-memory copy is only a cache).
import init, {
  evaluate, scrubTyped, trackerDbLoad, setSourcePage, classifyRequest, requestTypeCode,
  classifierInput, classifierMemory, classifyInput, setSourcePageInput, selectSourcePage,
} from './pkg/shoptrust.js';
import './contract.js'; // sets globalThis.ShopTrustContract (generated from src/contract.rs)
import { createTabStore } from './background/tab-store.js';
import { createJudging, startCore } from './background/judging.js';
import { createNavigation } from './background/navigation.js';
import { registerListeners } from './background/listeners.js';
import { coreClassifier } from './background/request-budget.js';
import { createOutgoing, registerOutgoing } from './background/outgoing.js';

const contract = globalThis.ShopTrustContract;
const store = createTabStore({
  storage: chrome.storage.session, tabKeyPrefix: contract.storage.tabKeyPrefix, onLost: (tabId) => judging.lost(tabId),
});
const ready = startCore({ init, trackerDbLoad, trackerDataUrl: chrome.runtime.getURL('data/trackerdb.tdb') });
// What the shopper typed and what the tab sent elsewhere: in memory only, read at judge time.
const outgoing = createOutgoing({ caps: contract.typed, onChange: (tabId) => judging.rejudgeSoon(tabId),
  uiLanguage: chrome.i18n.getUILanguage?.() ?? null, scrub: scrubTyped });
const judging = createJudging({ core: { ready, evaluate, scrubTyped }, store, action: chrome.action, i18n: chrome.i18n,
  typedInputs: (tabId) => outgoing.inputsFor(tabId) });
const firefox = chrome.runtime.getURL('').startsWith('moz-extension:');
// Until the core has started, its classifier throws and the request budget falls back to
// comparing hosts.
const classify = coreClassifier({
  setSourcePage, classifyRequest, requestTypeCode, classifierInput, classifierMemory, classifyInput, setSourcePageInput,
  selectSourcePage,
});
const navigation = createNavigation({ store, judging, caps: contract.worker, classify, firefox,
  cookieCaps: { max: contract.consentCollector.caps.cookies, nameMax: contract.consentCollector.cookieNameMax },
  redactTyped: (tabId, url) => outgoing.redactUrl(tabId, url) });
registerListeners(chrome, navigation);
registerOutgoing(chrome, outgoing);
