// Every browser event the worker listens to, registered in one synchronous call at start-up:
// an MV3 worker woken by an event gets it only if its listener was added in the first turn.
// The handlers' promises are dropped on purpose: a returned value would mean something to
// the browser (a message response, in Firefox a webRequest answer).

import { relayConsentFrame } from './consent-frames.js';

const ALL_URLS = ['<all_urls>'];
const MAIN_FRAME = { urls: ALL_URLS, types: ['main_frame'] };

/**
 * What onHeadersReceived asks for. Chrome hides some headers (Set-Cookie among them) unless
 * asked with 'extraHeaders'; Firefox shows them all and has no such option, and registering
 * with an option a browser does not know throws, which would leave every later listener
 * unregistered. So ask for it only where the browser lists it.
 */
export function responseHeadersOptions(webRequest) {
  const extra = webRequest.OnHeadersReceivedOptions?.EXTRA_HEADERS;
  return extra ? ['responseHeaders', extra] : ['responseHeaders'];
}

/**
 * What onBeforeSendHeaders asks for: Chrome hides the Cookie request header unless asked with
 * 'extraHeaders' (Firefox shows it, and knows no such option), as for responseHeadersOptions.
 */
export function requestHeadersOptions(webRequest) {
  const extra = webRequest.OnBeforeSendHeadersOptions?.EXTRA_HEADERS;
  return extra ? ['requestHeaders', extra] : ['requestHeaders'];
}

/** `chrome`: the extension API; `navigation`: the handlers of ./navigation.js. */
export function registerListeners(chrome, navigation) {
  const { webRequest, runtime, tabs } = chrome;
  webRequest.onBeforeRequest.addListener((details) => { navigation.onBeforeRequest(details); }, { urls: ALL_URLS });
  webRequest.onBeforeSendHeaders.addListener((details) => { navigation.onBeforeSendHeaders(details); },
    MAIN_FRAME, requestHeadersOptions(webRequest));
  webRequest.onHeadersReceived.addListener((details) => { navigation.onHeadersReceived(details); },
    MAIN_FRAME, responseHeadersOptions(webRequest));
  // A response from the cache may skip onHeadersReceived; its start still ends the navigation.
  webRequest.onResponseStarted.addListener((details) => { navigation.onResponseStarted(details); },
    MAIN_FRAME, ['responseHeaders']);
  webRequest.onErrorOccurred.addListener((details) => { navigation.onErrorOccurred(details); }, MAIN_FRAME);
  runtime.onMessage.addListener((message, sender, sendResponse) => {
    if (message?.type === 'consent-frame') return relayConsentFrame(tabs, runtime.id, message, sender, sendResponse);
    navigation.onMessage(message, sender, runtime.id);
    return undefined;
  });
  tabs.onUpdated.addListener((tabId, changeInfo, tab) => { navigation.onTabUpdated(tabId, changeInfo, tab); });
  tabs.onRemoved.addListener((tabId) => { navigation.onTabRemoved(tabId); });
}
