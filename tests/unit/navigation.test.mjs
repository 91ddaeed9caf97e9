// extension/background/navigation.js: what navigations, requests, facts and tab events do
// to a tab's state, in Chrome's and Firefox's words.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createNavigation, isReadable, requestCookieNames, withCookiesAtLoad } from '../../extension/background/navigation.js';
import { createJudging } from '../../extension/background/judging.js';
import { createTabStore } from '../../extension/background/tab-store.js';
import { fakeChrome, settle } from './chrome-stub.mjs';

const CAPS = { requests: 3, headers: 2, url: 40, headerName: 30, headerValue: 10, errorText: 20 };
const SHOP = 'https://shop.test/';

function setUp() {
  const chrome = fakeChrome();
  const pages = [];
  const core = {
    ready: Promise.resolve(),
    evaluate: (json) => { pages.push(JSON.parse(json)); return JSON.stringify({ status: 'judged', grade: 'A', verdictKey: 'verdict_A' }); },
  };
  const store = createTabStore({ storage: chrome.storage.session, tabKeyPrefix: 'tab:' });
  const judging = createJudging({ core, store, action: chrome.action, i18n: chrome.i18n });
  const navigation = createNavigation({ store, judging, caps: CAPS });
  const sender = (tabId, documentId = 'doc-1') => ({ id: chrome.runtime.id, tab: { id: tabId }, frameId: 0, documentId });
  return { chrome, store, navigation, pages, sender };
}

const navigate = (navigation, tabId, url, requestId) =>
  navigation.onBeforeRequest({ tabId, frameId: 0, type: 'main_frame', url, requestId });
// The navigation's response: the new document replaces the page on screen.
const respond = (navigation, tabId, url, requestId, responseHeaders = []) =>
  navigation.onHeadersReceived({ tabId, frameId: 0, url, requestId, statusCode: 200, responseHeaders });

// Loads and judges a page in the tab: navigation, response, facts.
async function loadPage(t, tabId, url, requestId, documentId) {
  navigate(t.navigation, tabId, url, requestId);
  await respond(t.navigation, tabId, url, requestId);
  await t.navigation.onMessage({ type: 'facts', facts: { url } }, t.sender(tabId, documentId), t.chrome.runtime.id);
}

test('a page goes from judging to judged with its document, requests and facts', async () => {
  const t = setUp();
  navigate(t.navigation, 1, SHOP, 'r1');
  assert.equal(t.chrome.action.badges.get(1), undefined, 'nothing changes before the response');
  await t.navigation.onHeadersReceived({
    tabId: 1, frameId: 0, url: SHOP, requestId: 'r1', statusCode: 200,
    responseHeaders: [{ name: 'Strict-Transport-Security', value: 'max-age=31536000' }, { name: 'A', value: '1' }, { name: 'B', value: '2' }],
  });
  assert.equal(t.chrome.action.badges.get(1).text, '?');
  assert.equal((await t.store.load(1)).phase, 'judging');
  await t.navigation.onBeforeRequest({ tabId: 1, frameId: 0, type: 'script', url: 'https://cdn.test/a.js', timeStamp: 10.4 });
  await t.navigation.onBeforeRequest({ tabId: 1, frameId: 0, type: 'script', url: 'https://cdn.test/a.js', timeStamp: 20 });
  await t.navigation.onBeforeRequest({ tabId: 1, frameId: 0, type: 'image', url: 'https://cdn.test/p.gif', timeStamp: 30, documentLifecycle: 'prerender' });
  await t.navigation.onMessage({ type: 'facts', facts: { url: SHOP } }, t.sender(1), t.chrome.runtime.id);

  const page = t.pages.at(-1);
  assert.deepEqual(page.facts, { url: SHOP });
  assert.deepEqual(page.mainDocument.headers, [{ name: 'Strict-Transport-Security', value: 'max-age=31' }, { name: 'A', value: '1' }],
    'headers capped in number and length');
  assert.deepEqual(page.requests, [{ url: 'https://cdn.test/a.js', type: 'script', at: 10, lastAt: 20 }],
    'a repeat listed once with its latest time; a prerendered document\'s request left out');
  assert.equal(t.chrome.action.badges.get(1).text, 'A');
});

test('requests past the cap are not kept, and those left out are counted', async () => {
  const t = setUp();
  navigate(t.navigation, 1, SHOP, 'r1');
  await respond(t.navigation, 1, SHOP, 'r1');
  for (let i = 0; i < 5; i++) await t.navigation.onBeforeRequest({ tabId: 1, frameId: 0, type: 'image', url: `https://cdn.test/${i}`, timeStamp: i });
  const state = await t.store.load(1);
  assert.ok(state.requests.length > 0 && state.requests.length <= CAPS.requests, `${state.requests.length} kept`);
  assert.equal(state.requestsDropped, 5 - state.requests.length);
});

for (const [browser, error] of [['Chrome', 'net::ERR_ABORTED'], ['Firefox', 'NS_BINDING_ABORTED']]) {
  test(`a navigation ${browser} stopped (${error}) leaves the page still on screen and its grade`, async () => {
    const t = setUp();
    await loadPage(t, 1, SHOP, 'r1', 'doc-1');
    const judged = await t.store.load(1);
    navigate(t.navigation, 1, 'https://shop.test/next', 'r2');
    assert.equal(await t.store.load(1), judged, 'a pending navigation changes nothing');
    assert.equal(t.chrome.action.badges.get(1).text, 'A');
    await t.navigation.onErrorOccurred({ tabId: 1, frameId: 0, requestId: 'r2', error });
    const state = await t.store.load(1);
    assert.equal(state, judged, 'the judged page\'s state is back');
    assert.equal(state.phase, 'done');
    assert.equal(t.chrome.action.badges.get(1).text, 'A');
  });
}

test('any other failed navigation ends on an error page ShopTrust cannot read', async () => {
  const t = setUp();
  await loadPage(t, 1, SHOP, 'r1', 'doc-1');
  navigate(t.navigation, 1, 'https://gone.test/', 'r2');
  await t.navigation.onErrorOccurred({ tabId: 1, frameId: 0, requestId: 'r2', error: 'net::ERR_NAME_NOT_RESOLVED' });
  assert.equal((await t.store.load(1)).phase, 'unreadable');
  assert.equal(t.chrome.action.badges.get(1).text, '');
});

test('a download or an empty answer leaves the page in place; with no page before, nothing is stored', async () => {
  const t = setUp();
  await loadPage(t, 1, SHOP, 'r1', 'doc-1');
  const judged = await t.store.load(1);
  navigate(t.navigation, 1, 'https://shop.test/invoice.pdf', 'r2');
  await t.navigation.onHeadersReceived({ tabId: 1, frameId: 0, url: 'https://shop.test/invoice.pdf', requestId: 'r2', statusCode: 200,
    responseHeaders: [{ name: 'Content-Disposition', value: 'attachment; filename=x.pdf' }] });
  await settle();
  assert.equal(await t.store.load(1), judged);

  navigate(t.navigation, 2, 'https://shop.test/ping', 'r3');
  await t.store.flush();
  await t.navigation.onHeadersReceived({ tabId: 2, frameId: 0, url: 'https://shop.test/ping', requestId: 'r3', statusCode: 204, responseHeaders: [] });
  await settle();
  assert.equal(await t.store.load(2), null);
  assert.deepEqual(await t.chrome.storage.session.get('tab:2'), {});
});

test('a prerender in the tab is not the shopper leaving; its response goes with its facts once shown', async () => {
  const t = setUp();
  await loadPage(t, 1, SHOP, 'r1', 'doc-1');
  const judged = await t.store.load(1);
  navigate(t.navigation, 1, 'https://shop.test/cart', 'p1');
  await t.navigation.onBeforeSendHeaders({ tabId: 1, frameId: 0, requestId: 'p1', requestHeaders: [{ name: 'Sec-Purpose', value: 'prefetch;prerender' }] });
  assert.equal(await t.store.load(1), judged);
  await t.navigation.onHeadersReceived({ tabId: 1, frameId: 0, url: 'https://shop.test/cart', requestId: 'p1', statusCode: 200, responseHeaders: [{ name: 'X', value: 'y' }] });
  assert.equal((await t.store.load(1)).mainDocument.url, SHOP, 'the prerender\'s response is not the page on screen\'s');
  await t.navigation.onMessage({ type: 'facts', facts: { url: 'https://shop.test/cart' } }, t.sender(1, 'doc-2'), t.chrome.runtime.id);
  assert.equal(t.pages.at(-1).mainDocument.url, 'https://shop.test/cart');
});

test('facts from the page being left, another frame or another extension are ignored', async () => {
  const t = setUp();
  await loadPage(t, 1, SHOP, 'r1', 'doc-1');
  navigate(t.navigation, 1, 'https://shop.test/next', 'r2');
  await respond(t.navigation, 1, 'https://shop.test/next', 'r2');
  const judged = t.pages.length;
  await t.navigation.onMessage({ type: 'facts', facts: { url: SHOP } }, t.sender(1, 'doc-1'), t.chrome.runtime.id);
  await t.navigation.onMessage({ type: 'facts', facts: { url: SHOP } }, { ...t.sender(1, 'doc-2'), frameId: 3 }, t.chrome.runtime.id);
  await t.navigation.onMessage({ type: 'facts', facts: { url: SHOP } }, { ...t.sender(1, 'doc-2'), id: 'someone-else' }, t.chrome.runtime.id);
  assert.equal(t.pages.length, judged);
  assert.equal((await t.store.load(1)).phase, 'judging');
});

test('a tab showing a page ShopTrust cannot read is marked so; a closed tab is forgotten', async () => {
  const t = setUp();
  await loadPage(t, 1, SHOP, 'r1', 'doc-1');
  t.navigation.onTabUpdated(1, { url: 'chrome://settings/' }, {});
  assert.equal((await t.store.load(1)).phase, 'unreadable');
  await t.store.flush();
  t.navigation.onTabRemoved(1);
  await settle();
  assert.deepEqual(await t.chrome.storage.session.get(null), {});
});

test('only http(s) pages outside the Web Store are readable', () => {
  assert.equal(isReadable('https://shop.test/'), true);
  assert.equal(isReadable('http://shop.test/'), true);
  assert.equal(isReadable('chrome://extensions/'), false);
  assert.equal(isReadable('about:blank'), false);
  assert.equal(isReadable('https://chromewebstore.google.com/detail/x'), false);
  assert.equal(isReadable('https://chrome.google.com/webstore/x'), false);
  assert.equal(isReadable(undefined), false);
  // Firefox keeps extensions off Mozilla's own sites; the Chrome Web Store is a page there.
  assert.equal(isReadable('https://addons.mozilla.org/en-US/firefox/', { firefox: true }), false);
  assert.equal(isReadable('https://addons.mozilla.org/en-US/firefox/'), true);
  assert.equal(isReadable('https://chromewebstore.google.com/detail/x', { firefox: true }), true);
});

test('facts from a sub-frame go to the core inside the top frame\'s, one entry per frame, up to the cap', async () => {
  const t = setUp();
  t.navigation = createNavigation({ store: t.store, judging: createJudging({ core: { ready: Promise.resolve(), evaluate: (json) => { t.pages.push(JSON.parse(json)); return JSON.stringify({ status: 'judged', grade: 'A', verdictKey: 'v' }); } }, store: t.store, action: t.chrome.action, i18n: t.chrome.i18n, reevaluateMs: 1 }), caps: { ...CAPS, frames: 2 } });
  navigate(t.navigation, 1, SHOP, 'r1');
  await respond(t.navigation, 1, SHOP, 'r1');
  // Each frame's content script reports from the frame's own document and URL.
  const frame = (frameId, url, extra = {}) => t.navigation.onMessage({ type: 'facts', facts: { url } }, { ...t.sender(1, `frame-doc-${frameId}`), frameId, url, ...extra }, t.chrome.runtime.id);
  await frame(4, 'https://shop.test/pay-frame.html'); // before the top frame reports
  await t.navigation.onMessage({ type: 'facts', facts: { url: SHOP } }, t.sender(1), t.chrome.runtime.id);
  assert.deepEqual(t.pages.at(-1).facts.frames, [{ url: 'https://shop.test/pay-frame.html', frames: [] }]);
  await frame(4, 'https://shop.test/pay-frame-2.html'); // the same frame again replaces its entry
  await frame(5, 'https://ads.test/');
  await frame(6, 'https://over-the-cap.test/');
  await frame(7, 'https://cached.test/', { documentLifecycle: 'cached' });
  await new Promise((r) => setTimeout(r, 20));
  assert.deepEqual(t.pages.at(-1).facts.frames.map((f) => f.url), ['https://shop.test/pay-frame-2.html', 'https://ads.test/']);
  assert.equal(t.pages.at(-1).facts.url, SHOP);
});

// Issue 15, item 3: a consent answer cookie counts as stored on an earlier visit only when
// the browser sent it with the page request, never because the page's script wrote it.
test('cookies at load are the names the page request carried, not what the collector read', async () => {
  const t = setUp();
  navigate(t.navigation, 1, SHOP, 'r1');
  t.navigation.onBeforeSendHeaders({ tabId: 1, frameId: 0, requestId: 'r1',
    requestHeaders: [{ name: 'Accept', value: '*/*' }, { name: 'Cookie', value: 'cc_cookie={"c":1}; _ga=GA1.2' }] });
  await respond(t.navigation, 1, SHOP, 'r1');
  // The page wrote its own cc_cookie before the collector ran: the collector says so, the
  // worker does not take it.
  const claimed = { url: SHOP, consent: { cmp: '', cookiesAtLoad: ['cc_cookie', 'klaro'] }, truncated: [] };
  await t.navigation.onMessage({ type: 'facts', facts: claimed }, t.sender(1), t.chrome.runtime.id);
  assert.deepEqual(t.pages.at(-1).facts.consent.cookiesAtLoad, ['cc_cookie', '_ga']);
  assert.deepEqual((await t.store.load(1)).facts.consent.cookiesAtLoad, ['cc_cookie', '_ga'], 'stored as judged');

  // A first visit: no Cookie header at all.
  navigate(t.navigation, 1, `${SHOP}b`, 'r2');
  t.navigation.onBeforeSendHeaders({ tabId: 1, frameId: 0, requestId: 'r2', requestHeaders: [{ name: 'Accept', value: '*/*' }] });
  await respond(t.navigation, 1, `${SHOP}b`, 'r2');
  await t.navigation.onMessage({ type: 'facts', facts: { ...claimed, url: `${SHOP}b` } }, t.sender(1, 'doc-2'), t.chrome.runtime.id);
  assert.deepEqual(t.pages.at(-1).facts.consent.cookiesAtLoad, []);

  // A document whose request the worker never saw (say, from the back/forward cache): none.
  await t.navigation.onMessage({ type: 'facts', facts: { ...claimed, url: `${SHOP}b` } }, t.sender(1, 'doc-3'), t.chrome.runtime.id);
  assert.deepEqual(t.pages.at(-1).facts.consent.cookiesAtLoad, []);
});

test('cookie names from the page request are capped, counted in truncated, and carry no values', () => {
  const many = Array.from({ length: 5 }, (_, i) => `cookie_number_${i}=secret${i}`).join('; ');
  const cookies = requestCookieNames([{ name: 'cookie', value: many }], { max: 3, nameMax: 10 });
  assert.deepEqual(cookies, { names: ['cookie_num', 'cookie_num', 'cookie_num'], seen: 5 });
  const facts = withCookiesAtLoad({ url: SHOP, consent: { cookiesAtLoad: ['x'] }, truncated: [{ list: 'consent.cookiesAtLoad', kept: 1, seen: 9 }] }, cookies);
  assert.deepEqual(facts.truncated, [{ list: 'consent.cookiesAtLoad', kept: 3, seen: 5 }]);
  assert.ok(!JSON.stringify(facts).includes('secret'));
});
