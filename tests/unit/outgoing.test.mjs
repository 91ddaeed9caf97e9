// extension/background/outgoing.js: what the shopper typed and what the tab sent elsewhere,
// kept in memory per tab, handed to the core at judge time, dropped with the page; and
// judging.js, which passes them to the core but never saves them.
import test from 'node:test';
import assert from 'node:assert/strict';
import { bodyText, createOutgoing, registerOutgoing } from '../../extension/background/outgoing.js';
import { createJudging } from '../../extension/background/judging.js';
import { createTabStore, freshState } from '../../extension/background/tab-store.js';
import { fakeChrome, settle } from './chrome-stub.mjs';

const CAPS = { fieldsMax: 3, valueMax: 256, requestsMax: 4, bodyMax: 16, urlMax: 100, headerMax: 50 };
const EXT = 'shoptrust-test-id';
const EMAIL = 'probe.ab12cd34@example.com';
const sender = (extra = {}) => ({ id: EXT, tab: { id: 7 }, frameId: 0, documentId: 'doc-1', url: 'https://shop.test/', ...extra });
const typedMessage = (value = EMAIL, key = 1) => ({
  type: 'typed', field: { key, input: { type: 'email', name: 'email' }, value, typedAtMs: 1000, submittedAtMs: null },
});

test('bodies: form data as name=value&…, raw bytes as UTF-8, cut at the cap and said so', () => {
  assert.deepEqual(bodyText({ formData: { email: ['a b@x.com'], n: ['1', '2'] } }, 100),
    { body: 'email=a%20b%40x.com&n=1&n=2', truncated: false });
  const raw = new TextEncoder().encode('{"e":"é@x.com"}').buffer;
  assert.deepEqual(bodyText({ raw: [{ bytes: raw }] }, 100), { body: '{"e":"é@x.com"}', truncated: false });
  assert.deepEqual(bodyText({ raw: [{ bytes: new TextEncoder().encode('0123456789abcdefXYZ').buffer }] }, 16),
    { body: '0123456789abcdef', truncated: true });
  assert.deepEqual(bodyText({ raw: [{ file: '/tmp/x' }] }, 16), { body: '', truncated: true });
  assert.deepEqual(bodyText(undefined, 16), { body: null, truncated: false });
});

test('requests to other hosts are kept with body and Referer; the page\'s own host and the cap are not', () => {
  const outgoing = createOutgoing({ caps: CAPS });
  outgoing.onBeforeRequest({ tabId: 7, frameId: 0, type: 'main_frame', url: 'https://shop.test/', requestId: 'm' });
  outgoing.onBeforeRequest({ tabId: 7, type: 'script', url: 'https://shop.test/app.js', requestId: '1', timeStamp: 5 });
  outgoing.onBeforeRequest({ tabId: 7, type: 'xmlhttprequest', method: 'POST', url: 'https://a.vendor.test/t', requestId: '2',
    timeStamp: 6, requestBody: { formData: { e: [EMAIL] } } });
  outgoing.onBeforeSendHeaders({ tabId: 7, frameId: 0, type: 'xmlhttprequest', requestId: '2',
    requestHeaders: [{ name: 'Referer', value: 'https://shop.test/?q=1' }, { name: 'Cookie', value: 'x' }] });
  outgoing.onMessage(typedMessage(), sender(), EXT);
  const inputs = outgoing.inputsFor(7);
  assert.equal(inputs.requests.length, 1);
  const [request] = inputs.requests;
  assert.equal(request.url, 'https://a.vendor.test/t');
  assert.equal(request.method, 'POST');
  assert.equal(request.body, 'e=probe.ab12cd34'); // cut at bodyMax (16)
  assert.equal(request.bodyTruncated, true);
  assert.deepEqual(request.headers, [{ name: 'Referer', value: 'https://shop.test/?q=1' }]);
  for (let i = 0; i < 10; i++) outgoing.onBeforeRequest({ tabId: 7, type: 'image', url: `https://b.test/${i}`, requestId: `x${i}` });
  assert.equal(outgoing.inputsFor(7).requests.length, CAPS.requestsMax);
});

test('typed values: only from our own extension; the frame URL comes from the sender; capped; nothing typed, nothing handed over', () => {
  const changed = [];
  const outgoing = createOutgoing({ caps: CAPS, onChange: (tabId) => changed.push(tabId) });
  outgoing.onBeforeRequest({ tabId: 7, type: 'image', url: 'https://b.test/x', requestId: '1' });
  assert.equal(outgoing.inputsFor(7), undefined, 'no typed value: the core gets nothing');
  outgoing.onMessage(typedMessage(), sender({ id: 'another-extension' }), EXT);
  assert.equal(outgoing.inputsFor(7), undefined);
  outgoing.onMessage({ ...typedMessage(), field: { ...typedMessage().field, frameUrl: 'https://js.stripe.com/' } },
    sender({ frameId: 3, url: 'https://frame.test/card' }), EXT);
  const [field] = outgoing.inputsFor(7).fields;
  assert.equal(field.frameUrl, 'https://frame.test/card');
  assert.equal(field.value, EMAIL);
  assert.deepEqual(changed, [7]);
  for (let key = 2; key < 10; key++) outgoing.onMessage(typedMessage(`v${key}@x.com`, key), sender(), EXT);
  assert.equal(outgoing.inputsFor(7).fields.length, CAPS.fieldsMax);
  // The same field typed again replaces its value.
  outgoing.onMessage(typedMessage('new@x.com', 2), sender(), EXT);
  assert.ok(outgoing.inputsFor(7).fields.some((f) => f.value === 'new@x.com'));
  assert.ok(!outgoing.inputsFor(7).fields.some((f) => f.value === 'v2@x.com'));
});

test('a new page or a closed tab drops everything; a prerender does not', () => {
  const outgoing = createOutgoing({ caps: CAPS });
  outgoing.onMessage(typedMessage(), sender(), EXT);
  outgoing.onBeforeRequest({ tabId: 7, frameId: 0, type: 'main_frame', url: 'https://next.test/', requestId: 'p' });
  outgoing.onBeforeSendHeaders({ tabId: 7, frameId: 0, type: 'main_frame', requestId: 'p',
    requestHeaders: [{ name: 'Sec-Purpose', value: 'prefetch;prerender' }] });
  assert.equal(outgoing.inputsFor(7).fields.length, 1, 'a prerender is not the shopper leaving');
  outgoing.onBeforeRequest({ tabId: 7, frameId: 0, type: 'main_frame', url: 'https://next.test/', requestId: 'n' });
  outgoing.onBeforeSendHeaders({ tabId: 7, frameId: 0, type: 'main_frame', requestId: 'n', requestHeaders: [] });
  assert.equal(outgoing.inputsFor(7), undefined);
  outgoing.onMessage(typedMessage(), sender(), EXT);
  outgoing.forget(7);
  assert.equal(outgoing.inputsFor(7), undefined);
});

test('registerOutgoing asks for request bodies and listens to messages and closed tabs', () => {
  const chrome = fakeChrome();
  registerOutgoing(chrome, createOutgoing({ caps: CAPS }));
  assert.deepEqual(chrome.webRequest.onBeforeRequest.registrations[0].extraInfoSpec, ['requestBody']);
  assert.equal(chrome.runtime.onMessage.listenerCount, 1);
  assert.equal(chrome.tabs.onRemoved.listenerCount, 1);
});

test('judging hands the typed values to the core in the page JSON, saves none of them, and redacts the saved requests', async () => {
  const chrome = fakeChrome();
  const store = createTabStore({ storage: chrome.storage.session, tabKeyPrefix: 'tab:' });
  const pages = [];
  const core = {
    ready: Promise.resolve(),
    evaluate(json) {
      pages.push(JSON.parse(json));
      return JSON.stringify({ status: 'judged', grade: 'D', verdictKey: 'headline_risk', headline: { key: 'headline_risk', subs: [] }, findings: [] });
    },
    // Stands in for the core's redaction: the test checks the worker applies it before saving.
    scrubTyped: (typedJson, json) => json.split(JSON.parse(typedJson).fields[0].value).join('[your e-mail]'),
  };
  const typed = { fields: [{ input: { type: 'email' }, value: EMAIL, typedAtMs: 1 }], requests: [{ url: `https://v.test/?e=${EMAIL}` }] };
  const judging = createJudging({ core, store, action: chrome.action, i18n: chrome.i18n, typedInputs: (tabId) => (tabId === 7 ? typed : undefined) });
  const state = freshState('https://shop.test/');
  state.facts = { schemaVersion: 1, url: 'https://shop.test/', resources: [{ url: `https://v.test/?e=${EMAIL}` }] };
  state.requests = [{ url: `https://v.test/?e=${EMAIL}`, type: 'image', at: 2 }];
  store.adopt(7, state);
  await judging.judge(7, state);
  await store.flush();
  await settle();
  assert.equal(pages[0].typed.fields[0].value, EMAIL, 'the core is given the value');
  const saved = JSON.stringify([...chrome.storage.session.items.values()]);
  assert.ok(saved.includes('[your e-mail]'), saved);
  assert.ok(!saved.includes(EMAIL), `saved: ${saved}`);
  assert.ok(!saved.includes('"typed"'));
});

// Issue 12: a third-party request URL carrying a typed value must never reach
// chrome.storage.session, not even in the moment before the next judgement redacts it.
test('a request URL carrying a typed value is redacted before the tab state is stored', async () => {
  const { createNavigation } = await import('../../extension/background/navigation.js');
  const chrome = fakeChrome();
  // A stand-in for the core's scrubTyped: the value, as typed and percent-encoded, replaced.
  let scrubCalls = 0;
  const scrub = (typedJson, json) => {
    scrubCalls++;
    let text = json;
    for (const { value } of JSON.parse(typedJson).fields) {
      for (const spelling of [value, encodeURIComponent(value)]) text = text.split(spelling).join('[your e-mail]');
    }
    return text;
  };
  const store = createTabStore({ storage: chrome.storage.session, tabKeyPrefix: 'tab:' });
  const outgoing = createOutgoing({ caps: CAPS, scrub });
  const core = {
    ready: Promise.resolve(),
    evaluate: () => JSON.stringify({ status: 'judged', grade: 'A', verdictKey: 'verdict_A' }),
    scrubTyped: scrub,
  };
  const judging = createJudging({ core, store, action: chrome.action, i18n: chrome.i18n, typedInputs: (id) => outgoing.inputsFor(id) });
  const navigation = createNavigation({
    store, judging, caps: { requests: 10, headers: 2, url: 300, headerName: 30, headerValue: 10, errorText: 20 },
    redactTyped: (tabId, url) => outgoing.redactUrl(tabId, url),
  });
  navigation.onBeforeRequest({ tabId: 7, frameId: 0, type: 'main_frame', url: 'https://shop.test/', requestId: 'n1' });
  await navigation.onHeadersReceived({ tabId: 7, frameId: 0, url: 'https://shop.test/', requestId: 'n1', statusCode: 200, responseHeaders: [] });
  await navigation.onMessage({ type: 'facts', facts: { url: 'https://shop.test/' } }, sender(), EXT);

  outgoing.onMessage(typedMessage(), sender(), EXT);
  const leaky = `https://tracker.test/p?em=${encodeURIComponent(EMAIL)}&ev=blur`;
  await navigation.onBeforeRequest({ tabId: 7, frameId: 0, type: 'image', url: leaky, timeStamp: 2000 });
  await store.flush();
  const stored = JSON.stringify([...chrome.storage.session.items]);
  assert.ok(stored.includes('https://tracker.test/p?em=[your e-mail]&ev=blur'), `the request is kept, redacted: ${stored}`);
  for (const secret of [EMAIL, encodeURIComponent(EMAIL)]) assert.ok(!stored.includes(secret), `storage holds ${secret}`);
  assert.ok(scrubCalls > 0);

  // When the core cannot redact, only the origin is kept; before anything is typed, the URL as it is.
  const failing = createOutgoing({ caps: CAPS, scrub: () => { throw new Error('core not ready'); } });
  assert.equal(failing.redactUrl(7, leaky), leaky, 'nothing typed: nothing to redact');
  failing.onMessage(typedMessage(), sender(), EXT);
  assert.equal(failing.redactUrl(7, leaky), 'https://tracker.test/');
});
