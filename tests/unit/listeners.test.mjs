// extension/background/listeners.js: every listener registered at start-up, in Chrome and in
// Firefox (which has no 'extraHeaders' option and throws on it).
import test from 'node:test';
import assert from 'node:assert/strict';
import { registerListeners, responseHeadersOptions, requestHeadersOptions } from '../../extension/background/listeners.js';
import { fakeChrome } from './chrome-stub.mjs';

const HANDLERS = ['onBeforeRequest', 'onBeforeSendHeaders', 'onHeadersReceived', 'onResponseStarted', 'onErrorOccurred', 'onMessage', 'onTabUpdated', 'onTabRemoved'];

// Handlers that record their calls and return a promise, as navigation.js's do.
function recordingNavigation() {
  const calls = [];
  const navigation = Object.fromEntries(HANDLERS.map((name) => [name, (...args) => { calls.push([name, ...args]); return Promise.resolve('work'); }]));
  return { navigation, calls };
}

const events = (chrome) => [
  chrome.webRequest.onBeforeRequest, chrome.webRequest.onBeforeSendHeaders, chrome.webRequest.onHeadersReceived,
  chrome.webRequest.onResponseStarted, chrome.webRequest.onErrorOccurred, chrome.runtime.onMessage, chrome.tabs.onUpdated, chrome.tabs.onRemoved,
];

test('in Chrome, every event has one listener, and response headers are asked with extraHeaders', () => {
  const chrome = fakeChrome({ browser: 'chrome' });
  registerListeners(chrome, recordingNavigation().navigation);
  assert.deepEqual(events(chrome).map((e) => e.listenerCount), [1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(chrome.webRequest.onHeadersReceived.registrations[0].extraInfoSpec, ['responseHeaders', 'extraHeaders']);
  assert.deepEqual(chrome.webRequest.onHeadersReceived.registrations[0].filter, { urls: ['<all_urls>'], types: ['main_frame'] });
});

test('the page request\'s Cookie header is asked for with extraHeaders in Chrome, without it in Firefox', () => {
  const chrome = fakeChrome({ browser: 'chrome' });
  registerListeners(chrome, recordingNavigation().navigation);
  assert.deepEqual(chrome.webRequest.onBeforeSendHeaders.registrations[0].extraInfoSpec, ['requestHeaders', 'extraHeaders']);
  const firefox = fakeChrome({ browser: 'firefox' });
  registerListeners(firefox, recordingNavigation().navigation);
  assert.deepEqual(firefox.webRequest.onBeforeSendHeaders.registrations[0].extraInfoSpec, ['requestHeaders']);
  assert.deepEqual(requestHeadersOptions({}), ['requestHeaders']);
});

test('in Firefox, without an extraHeaders option, every listener is still registered', () => {
  const chrome = fakeChrome({ browser: 'firefox' });
  // The stand-in throws on the option as Firefox does: asking for it would stop here.
  assert.throws(() => chrome.webRequest.onHeadersReceived.addListener(() => {}, {}, ['responseHeaders', 'extraHeaders']));
  registerListeners(chrome, recordingNavigation().navigation);
  assert.deepEqual(events(chrome).map((e) => e.listenerCount), [1, 1, 1, 1, 1, 1, 1, 1]);
  assert.deepEqual(chrome.webRequest.onHeadersReceived.registrations[0].extraInfoSpec, ['responseHeaders']);
  assert.deepEqual(responseHeadersOptions({}), ['responseHeaders']);
});

test('each event reaches its handler, and no listener returns the handler\'s promise to the browser', () => {
  const chrome = fakeChrome();
  const { navigation, calls } = recordingNavigation();
  registerListeners(chrome, navigation);
  const sender = { id: chrome.runtime.id, tab: { id: 1 }, frameId: 0 };
  const returned = [
    ...chrome.webRequest.onBeforeRequest.fire({ tabId: 1 }),
    ...chrome.webRequest.onBeforeSendHeaders.fire({ tabId: 1 }),
    ...chrome.webRequest.onHeadersReceived.fire({ tabId: 1 }),
    ...chrome.webRequest.onResponseStarted.fire({ tabId: 1 }),
    ...chrome.webRequest.onErrorOccurred.fire({ tabId: 1 }),
    ...chrome.runtime.onMessage.fire({ type: 'facts' }, sender, () => {}),
    ...chrome.tabs.onUpdated.fire(1, { status: 'loading' }, {}),
    ...chrome.tabs.onRemoved.fire(1, {}),
  ];
  assert.deepEqual(calls.map(([name]) => name), HANDLERS);
  assert.deepEqual(calls[5], ['onMessage', { type: 'facts' }, sender, chrome.runtime.id], 'messages are checked against our own id');
  assert.deepEqual(returned, Array(8).fill(undefined), 'a returned promise would answer the message (and, in Firefox, the request)');
});

test('a consent banner seen in a sub-frame is handed to the top frame of the same tab, and only that', async () => {
  const { relayConsentFrame } = await import('../../extension/background/consent-frames.js');
  const sent = [];
  const tabs = { sendMessage: (tabId, message, options) => { sent.push({ tabId, message, options }); return Promise.resolve(); } };
  const answers = [];
  const frame = { id: 'ours', tab: { id: 7 }, frameId: 3, origin: 'https://cmp.example' };
  const message = { type: 'consent-frame', showing: true, text: 'We use cookies', buttons: [], buttonsSeen: 2, choice: null, origin: 'https://forged.example' };
  assert.equal(relayConsentFrame(tabs, 'ours', message, frame, (ok) => answers.push(ok)), true);
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(sent.map((s) => [s.tabId, s.options.frameId, s.message.origin]), [[7, 0, 'https://cmp.example']], 'the browser\'s origin, not the message\'s');
  assert.deepEqual(answers, [true]);
  assert.equal(relayConsentFrame(tabs, 'ours', message, { ...frame, frameId: 0 }, () => {}), undefined, 'the top frame itself');
  assert.equal(relayConsentFrame(tabs, 'ours', message, { ...frame, id: 'other' }, () => {}), undefined, 'another extension');
  assert.equal(sent.length, 1);
});
