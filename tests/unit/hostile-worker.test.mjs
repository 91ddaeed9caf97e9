// Issue 15, the worker's side: what a dishonest page can do to the service worker's state
// and must not gain by. Each test drives the worker's modules as the browser would, with the
// stand-in `chrome`, and a core stand-in that grades what it is given the way the real one
// does in the respects tested (trackers cost points; a truncation is a caveat).
import test from 'node:test';
import assert from 'node:assert/strict';
import { createNavigation, rejectFrameMessage, rejectMessage } from '../../extension/background/navigation.js';
import { createJudging } from '../../extension/background/judging.js';
import { createTabStore } from '../../extension/background/tab-store.js';
import { RequestBudget, rankOf, RANK } from '../../extension/background/request-budget.js';
import { fakeChrome, settle } from './chrome-stub.mjs';

const SHOP = 'https://shop.test/';
const TRACKER_HOSTS = new Set(['www.google-analytics.com', 'connect.facebook.net', 'www.facebook.com']);
const isTracker = (url) => TRACKER_HOSTS.has(new URL(url).hostname);

// Grades A, minus a letter for each tracker it is shown; says which lists were cut short.
function gradingCore() {
  const pages = [];
  return {
    pages,
    ready: Promise.resolve(),
    evaluate(json) {
      const page = JSON.parse(json);
      pages.push(page);
      const trackers = new Set(page.requests.filter((r) => isTracker(r.url)).map((r) => new URL(r.url).hostname));
      const cardOverHttp = (page.facts?.forms ?? []).some((f) => f.action?.startsWith('http:'));
      const grade = cardOverHttp ? 'F' : 'ABCDF'[Math.min(4, trackers.size)];
      return JSON.stringify({
        status: 'judged', url: page.facts?.url, grade, score: { A: 90, B: 75, C: 65, D: 50, F: 10 }[grade],
        verdictKey: `verdict_${grade}`, trackers: [...trackers],
        caveats: (page.facts?.truncated ?? []).map((t) => ({ key: 'caveat_truncated', detail: `${t.list}: ${t.kept} of ${t.seen}` })),
        findings: [], concerns: [], topTips: [],
      });
    },
  };
}

const CAPS = { requests: 200, headers: 50, url: 2048, headerName: 256, headerValue: 8192, errorText: 1000 };

function setUp({ quotaBytes, tabBudgetBytes, classify = null } = {}) {
  const chrome = fakeChrome({ quotaBytes });
  const core = gradingCore();
  let judging = null;
  const store = createTabStore({
    storage: chrome.storage.session, tabKeyPrefix: 'tab:', tabBudgetBytes, onLost: (tabId) => judging.lost(tabId),
  });
  judging = createJudging({ core, store, action: chrome.action, i18n: chrome.i18n, reevaluateMs: 0 });
  const navigation = createNavigation({ store, judging, caps: CAPS, classify });
  const sender = (tabId, documentId, url = SHOP) => ({
    id: chrome.runtime.id, tab: { id: tabId }, frameId: 0, documentId, documentLifecycle: 'active', url,
  });
  const t = { chrome, core, store, judging, navigation, sender };
  t.navigate = (tabId, url, requestId) => navigation.onBeforeRequest({ tabId, frameId: 0, type: 'main_frame', url, requestId });
  t.respond = (tabId, url, requestId) =>
    navigation.onHeadersReceived({ tabId, frameId: 0, url, requestId, statusCode: 200, responseHeaders: [] });
  t.facts = (tabId, documentId, facts) =>
    navigation.onMessage({ type: 'facts', facts: { schemaVersion: 1, ...facts } }, sender(tabId, documentId, facts.url), chrome.runtime.id);
  t.request = (tabId, url, documentId, type = 'xmlhttprequest', timeStamp = 1) =>
    navigation.onBeforeRequest({ tabId, frameId: 0, type, url, documentId, documentLifecycle: 'active', timeStamp });
  t.load = async (tabId, url, requestId, documentId, facts = {}) => {
    t.navigate(tabId, url, requestId);
    await t.respond(tabId, url, requestId);
    await t.facts(tabId, documentId, { url, ...facts });
  };
  t.stored = async (tabId) => { await store.flush(); return (await chrome.storage.session.get(`tab:${tabId}`))[`tab:${tabId}`] ?? null; };
  t.badge = (tabId) => chrome.action.badges.get(tabId)?.text;
  // Lets the re-judging timers (0 ms here) and their promises run.
  t.idle = async () => { for (let i = 0; i < 5; i++) { await new Promise((r) => setTimeout(r, 1)); await settle(); } };
  return t;
}

// --- Item 5: flooding must not hide trackers.

for (const [name, classify] of [
  ['with the core\'s classifier', (url, _type, pageUrl) => ({ tracker: isTracker(url), thirdParty: new URL(url).hostname !== new URL(pageUrl).hostname })],
  ['before the core has started (hosts compared)', null],
]) {
  test(`item 5: a flood of first-party fetches does not push out the trackers after it, and is said (${name})`, async () => {
    const t = setUp({ classify });
    await t.load(1, SHOP, 'r1', 'doc-1');
    for (let i = 0; i < CAPS.requests * 3; i++) await t.request(1, `${SHOP}api/${i}`, 'doc-1');
    await t.request(1, 'https://www.google-analytics.com/g/collect?v=2', 'doc-1');
    await t.request(1, 'https://connect.facebook.net/en_US/fbevents.js', 'doc-1', 'script');
    await t.idle();
    const page = t.core.pages.at(-1);
    assert.ok(page.requests.length <= CAPS.requests, 'the list stays within the cap');
    assert.deepEqual(page.requests.filter((r) => isTracker(r.url)).map((r) => new URL(r.url).hostname),
      ['www.google-analytics.com', 'connect.facebook.net'], 'both trackers are judged');
    const cut = page.facts.truncated.find((x) => x.list === 'requests');
    assert.ok(cut, 'the core is told requests were left out');
    assert.equal(cut.kept, page.requests.length);
    assert.equal(cut.seen, CAPS.requests * 3 + 2);
    const report = (await t.stored(1)).report;
    assert.equal(report.grade, 'C');
    assert.ok(report.caveats.some((c) => c.key === 'caveat_truncated' && c.detail.startsWith('requests:')));
  });
}

test('item 5: one flooding tracker cannot crowd out another tracker, nor a flooding third party a tracker', async () => {
  const budgetState = { url: SHOP, requests: [] };
  const budget = new RequestBudget(budgetState, { cap: 100, perOriginCap: 5, classify: (url) => ({ tracker: isTracker(url), thirdParty: true }) });
  for (let i = 0; i < 500; i++) budget.admit({ url: `https://cdn${i % 7}.other.test/${i}`, type: 'image', at: i });
  for (let i = 0; i < 500; i++) budget.admit({ url: `https://www.google-analytics.com/collect?${i}`, type: 'ping', at: i });
  budget.admit({ url: 'https://connect.facebook.net/fbevents.js', type: 'script', at: 1 });
  assert.ok(budgetState.requests.length <= 100);
  assert.ok(budgetState.requests.some((r) => r.url.includes('facebook')), 'the second tracker is kept');
  assert.ok(budgetState.requests.some((r) => r.url.includes('google-analytics')));
  assert.equal(budgetState.requestsDropped, 1001 - budgetState.requests.length);
});

test('item 5: ranks are trackers, then third parties, then the page\'s own; a failing classifier falls back to hosts', () => {
  const classify = (url) => ({ tracker: isTracker(url), thirdParty: !url.includes('shop.test') });
  assert.equal(rankOf('https://www.google-analytics.com/x', 'ping', SHOP, classify), RANK.tracker);
  assert.equal(rankOf('https://cdn.other.test/x', 'script', SHOP, classify), RANK.thirdParty);
  assert.equal(rankOf('https://img.shop.test/x', 'image', SHOP, classify), RANK.firstParty, 'same site by the core');
  const broken = () => { throw new Error('wasm not started'); };
  assert.equal(rankOf('https://img.shop.test/x', 'image', SHOP, broken), RANK.thirdParty, 'another host, without the core');
  assert.equal(rankOf('https://shop.test/x', 'image', SHOP, broken), RANK.firstParty);
});

// --- Item 6: a navigation that never completes.

test('item 6: a navigation that never gets a response leaves the page on screen judged, and its later requests count', async () => {
  const t = setUp();
  await t.load(1, 'http://shop.test/checkout', 'r1', 'doc-1', { forms: [{ action: 'http://shop.test/pay' }] });
  assert.equal(t.badge(1), 'F');
  t.navigate(1, 'http://localhost:9/never', 'r2');
  await t.idle();
  assert.equal(t.badge(1), 'F', 'the badge still shows the page on screen');
  assert.equal((await t.stored(1)).report.grade, 'F', 'and so does the popup');
  // The old page keeps running: what it loads now is still judged.
  await t.request(1, 'https://www.google-analytics.com/collect', 'doc-1', 'ping');
  await t.idle();
  assert.ok(t.core.pages.at(-1).requests.some((r) => isTracker(r.url)));
  // The tab's content script reports again (an SPA route): still the same document.
  await t.facts(1, 'doc-1', { url: 'http://shop.test/checkout', forms: [{ action: 'http://shop.test/pay' }] });
  assert.equal(t.badge(1), 'F');
});

test('item 6: once the response arrives the new page replaces the old, and the old page\'s late reports are ignored', async () => {
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  t.navigate(1, 'https://shop.test/next', 'r2');
  await t.respond(1, 'https://shop.test/next', 'r2');
  assert.equal(t.badge(1), '?');
  await t.request(1, 'https://www.google-analytics.com/collect', 'doc-1', 'ping');
  await t.facts(1, 'doc-1', { url: SHOP });
  assert.equal(t.badge(1), '?', 'the page being left does not report for the new one');
  await t.facts(1, 'doc-2', { url: 'https://shop.test/next' });
  assert.equal(t.badge(1), 'A');
  assert.deepEqual(t.core.pages.at(-1).requests, []);
});

test('item 6: a redirect is not the new document; its target\'s response is', async () => {
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  t.navigate(1, 'https://shop.test/old', 'r2');
  await t.navigation.onHeadersReceived({ tabId: 1, frameId: 0, url: 'https://shop.test/old', requestId: 'r2', statusCode: 301, responseHeaders: [] });
  assert.equal(t.badge(1), 'A');
  await t.respond(1, 'https://shop.test/new', 'r2');
  assert.equal((await t.stored(1)).mainDocument.url, 'https://shop.test/new');
});

test('item 6: a response from the cache (no onHeadersReceived) still replaces the page when it starts', async () => {
  const t = setUp();
  await t.load(1, 'http://shop.test/checkout', 'r1', 'doc-1', { forms: [{ action: 'http://shop.test/pay' }] });
  t.navigate(1, SHOP, 'r2');
  assert.equal(t.badge(1), 'F');
  await t.navigation.onResponseStarted({ tabId: 1, frameId: 0, url: SHOP, requestId: 'r2', statusCode: 200, fromCache: true, responseHeaders: [] });
  assert.equal(t.badge(1), '?', 'the old page\'s grade is not shown on the new one');
  // After onHeadersReceived took the response, its start changes nothing.
  await t.facts(1, 'doc-2', { url: SHOP });
  await t.navigation.onResponseStarted({ tabId: 1, frameId: 0, url: SHOP, requestId: 'r2', statusCode: 200, responseHeaders: [] });
  assert.equal(t.badge(1), 'A');
});

test('a document whose navigation was not seen claims the requests it made before it reported', async () => {
  // E.g. a page whose service worker answered the navigation: webRequest shows no response.
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  await t.request(1, 'https://www.google-analytics.com/collect', 'doc-2', 'ping');
  assert.deepEqual((await t.stored(1)).requests, [], 'not the page on screen\'s');
  await t.facts(1, 'doc-2', { url: 'https://shop.test/next' });
  assert.deepEqual(t.core.pages.at(-1).requests.map((r) => r.url), ['https://www.google-analytics.com/collect']);
  assert.equal(t.badge(1), 'B');
});

test('a tab whose navigation was not seen at all (no state yet) keeps its document\'s requests until its facts', async () => {
  // E.g. a tab opened while the extension's worker was still registering its listeners.
  const t = setUp();
  await t.request(1, 'https://www.google-analytics.com/collect', 'doc-1', 'ping');
  await t.navigation.onBeforeRequest({ tabId: 1, frameId: 0, type: 'image', url: 'https://px.test/no-document', timeStamp: 1 });
  assert.equal(await t.stored(1), null, 'nothing stored before the page reports');
  await t.facts(1, 'doc-2', { url: 'https://other.test/' });
  assert.deepEqual(t.core.pages.at(-1).requests, [], 'another document does not claim them');
  await t.facts(1, 'doc-1', { url: SHOP });
  assert.deepEqual(t.core.pages.at(-1).requests.map((r) => r.url), ['https://www.google-analytics.com/collect'],
    'its own document\'s request is judged with it; one with no document is not');
  assert.equal(t.badge(1), 'B');
});

test('a flood before a page whose navigation was not seen reports does not push out the tracker after it, and is said', async () => {
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  const NEXT = 'https://shop.test/next';
  for (let i = 0; i < CAPS.requests * 3; i++) await t.request(1, `${NEXT}/api/${i}`, 'doc-2');
  await t.request(1, 'https://connect.facebook.net/en_US/fbevents.js', 'doc-2', 'script', 5);
  await t.request(1, 'https://connect.facebook.net/en_US/fbevents.js', 'doc-2', 'script', 9);
  await t.facts(1, 'doc-2', { url: NEXT });
  const page = t.core.pages.at(-1);
  assert.ok(page.requests.length <= CAPS.requests, 'the list stays within the cap');
  const tracker = page.requests.filter((r) => r.url === 'https://connect.facebook.net/en_US/fbevents.js');
  assert.equal(tracker.length, 1, 'the tracker is judged, once');
  assert.equal(tracker[0].lastAt, 9, 'with the time it ran last');
  const cut = page.facts.truncated.find((x) => x.list === 'requests');
  assert.deepEqual(cut, { list: 'requests', kept: page.requests.length, seen: CAPS.requests * 3 + 1 });
});

test('a frame\'s request goes to the page the frame is in, also after the page reported', async () => {
  // Chrome gives a frame's request the frame's own document id; the page's is its parent's.
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  const fromFrame = (url, frame) => t.navigation.onBeforeRequest({
    tabId: 1, type: 'xmlhttprequest', url, documentLifecycle: 'active', timeStamp: 2, documentId: `frame-doc-${frame.frameId}`, ...frame,
  });
  await fromFrame('https://www.google-analytics.com/collect?in=frame', { frameId: 3, parentFrameId: 0, parentDocumentId: 'doc-1' });
  await fromFrame('https://www.google-analytics.com/collect?in=nested', { frameId: 4, parentFrameId: 3, parentDocumentId: 'frame-doc-3' });
  await t.idle();
  assert.deepEqual(t.core.pages.at(-1).requests.map((r) => r.url),
    ['https://www.google-analytics.com/collect?in=frame', 'https://www.google-analytics.com/collect?in=nested']);
  assert.equal(t.badge(1), 'B');
  // Once the next page's response has arrived, a frame of the page being left sends nothing for it.
  t.navigate(1, 'https://shop.test/next', 'r2');
  await t.respond(1, 'https://shop.test/next', 'r2');
  await fromFrame('https://www.google-analytics.com/collect?in=left', { frameId: 3, parentFrameId: 0, parentDocumentId: 'doc-1' });
  await t.facts(1, 'doc-2', { url: 'https://shop.test/next' });
  assert.deepEqual(t.core.pages.at(-1).requests, []);
  assert.equal(t.badge(1), 'A');
});

test('what a page sent while prerendered counts once it is shown; a prerender never shown counts for nothing', async () => {
  // Chrome's events for a page prerendered in tab 1 (speculation rules, the address bar): its
  // frame has an id of its own, its requests say `prerender`, and its content script reports
  // once it is shown, from the same document. The page's own Resource Timing may be wiped.
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  const PRODUCT = 'https://shop.test/product';
  const prerendered = (details) => t.navigation.onBeforeRequest({ tabId: 1, documentLifecycle: 'prerender', timeStamp: 2, ...details });
  await t.navigation.onBeforeSendHeaders({
    tabId: 1, frameId: 3, requestId: 'r2', requestHeaders: [{ name: 'Sec-Purpose', value: 'prefetch;prerender' }],
  });
  await prerendered({ frameId: 3, type: 'main_frame', url: PRODUCT, requestId: 'r2' });
  await prerendered({ frameId: 3, frameType: 'outermost_frame', type: 'xmlhttprequest', documentId: 'doc-2', url: 'https://www.google-analytics.com/collect?pre' });
  await prerendered({ frameId: 5, parentFrameId: 3, frameType: 'sub_frame', type: 'image', documentId: 'frame-doc-5', parentDocumentId: 'doc-2', url: 'https://www.facebook.com/tr?in=frame' });
  await prerendered({ frameId: 6, frameType: 'outermost_frame', type: 'script', documentId: 'doc-9', url: 'https://connect.facebook.net/never-shown.js' });
  await t.idle();
  assert.deepEqual(t.core.pages.at(-1).requests, [], 'the page on screen is not charged with what the prerender sent');
  assert.equal(t.badge(1), 'A');
  await t.facts(1, 'doc-2', { url: PRODUCT });
  assert.deepEqual(t.core.pages.at(-1).requests.map((r) => r.url),
    ['https://www.google-analytics.com/collect?pre', 'https://www.facebook.com/tr?in=frame']);
  assert.equal(t.badge(1), 'C');
});

test('a flood sent while prerendered does not push out the tracker after it, and the cut is said once shown', async () => {
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  const PRODUCT = 'https://shop.test/product';
  const prerendered = (url, type = 'xmlhttprequest') => t.navigation.onBeforeRequest({
    tabId: 1, frameId: 3, frameType: 'outermost_frame', documentLifecycle: 'prerender', documentId: 'doc-2', type, url, timeStamp: 2,
  });
  await t.navigation.onBeforeRequest({ tabId: 1, frameId: 3, type: 'main_frame', url: PRODUCT, requestId: 'r2', documentLifecycle: 'prerender' });
  for (let i = 0; i < CAPS.requests * 3; i++) await prerendered(`${PRODUCT}/api/${i}`);
  await prerendered('https://connect.facebook.net/en_US/fbevents.js', 'script');
  await t.facts(1, 'doc-2', { url: PRODUCT });
  const page = t.core.pages.at(-1);
  assert.ok(page.requests.length <= CAPS.requests, 'the list stays within the cap');
  assert.ok(page.requests.some((r) => r.url === 'https://connect.facebook.net/en_US/fbevents.js'), 'the tracker is judged');
  const cut = page.facts.truncated.find((x) => x.list === 'requests');
  assert.deepEqual(cut, { list: 'requests', kept: page.requests.length, seen: CAPS.requests * 3 + 1 });
});

test('a page shown again from the back/forward cache is judged again, not ignored as "the page left"', async () => {
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1', { forms: [{ action: 'http://shop.test/pay' }] });
  await t.load(1, 'https://shop.test/next', 'r2', 'doc-2');
  assert.equal(t.badge(1), 'A');
  await t.facts(1, 'doc-1', { url: SHOP, forms: [{ action: 'http://shop.test/pay' }] }); // back, from the cache
  assert.equal(t.badge(1), 'F');
});

// --- Beyond the nine: trackers proxied through the page's service worker.

test('requests the page\'s service worker makes (no tab) count against the tabs showing that shop', async () => {
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  await t.load(2, 'https://other.test/', 'r2', 'doc-2');
  const fromWorker = (url, initiator) => t.navigation.onBeforeRequest({
    tabId: -1, frameId: -1, type: 'xmlhttprequest', url, initiator, timeStamp: 5, requestId: 'w1',
  });
  await fromWorker('https://www.google-analytics.com/g/collect?v=2', 'https://shop.test');
  await fromWorker('https://www.facebook.com/tr?id=1', 'chrome-extension://someone');
  await t.idle();
  assert.equal(t.badge(1), 'B', 'the shop\'s tab is judged with its worker\'s tracker');
  assert.equal(t.badge(2), 'A', 'another shop\'s tab is not');
  assert.deepEqual((await t.stored(2)).requests, []);
});

test('after a worker restart, the service worker\'s requests still find the shop\'s tab', async () => {
  const t = setUp();
  await t.load(1, SHOP, 'r1', 'doc-1');
  await t.store.flush();
  // A new worker: same storage, empty memory.
  const core = gradingCore();
  const store = createTabStore({ storage: t.chrome.storage.session, tabKeyPrefix: 'tab:' });
  const judging = createJudging({ core, store, action: t.chrome.action, i18n: t.chrome.i18n, reevaluateMs: 0 });
  const navigation = createNavigation({ store, judging, caps: CAPS });
  await navigation.onBeforeRequest({ tabId: -1, frameId: -1, type: 'ping', url: 'https://www.google-analytics.com/collect', initiator: 'https://shop.test', timeStamp: 9 });
  await t.idle();
  assert.equal(core.pages.at(-1)?.requests.length, 1);
});

// --- Item 4: one tab must not wipe others, and the popup never shows better than the badge.

const bigFacts = (url, n) => ({
  url,
  scripts: Array.from({ length: n }, (_, i) => ({ src: `${url}s/${i}/${'x'.repeat(2000)}`, integrity: `sha384-${'y'.repeat(8000)}`, type: 'text/plain' })),
});

test('item 4: a page bigger than all of storage does not evict other tabs; it keeps its worst report, saying so', async () => {
  const t = setUp({ quotaBytes: 2_000_000, tabBudgetBytes: 100_000 });
  await t.load(1, 'https://victim.test/', 'v1', 'doc-v');
  assert.equal(t.badge(1), 'A');
  await t.store.flush();
  // The attacker: an F page, then a huge one that would be judged better.
  await t.load(2, 'http://attacker.test/', 'a1', 'doc-a', { ...bigFacts('http://attacker.test/', 10), forms: [{ action: 'http://attacker.test/pay' }] });
  assert.equal(t.badge(2), 'F');
  await t.facts(2, 'doc-a', bigFacts('http://attacker.test/', 300)); // about 3 MB, over the whole quota
  for (let i = 0; i < 300; i++) await t.request(2, `http://attacker.test/api/${i}/${'z'.repeat(2000)}`, 'doc-a');
  await t.idle();
  const victim = await t.stored(1);
  assert.equal(victim?.report?.grade, 'A', 'the other tab\'s report is still stored');
  const attacker = await t.stored(2);
  assert.equal(attacker.report.grade, 'F', 'the worst report of the page is kept');
  assert.equal(t.badge(2), attacker.report.grade, 'the badge shows what the popup shows');
  assert.ok(attacker.report.caveats.some((c) => c.key === 'caveat_truncated' && c.detail.startsWith('stored:')));
  assert.ok(t.chrome.storage.session.bytesInUse <= 2_000_000);
});

test('item 4: when even the report cannot be stored, the badge does not show a grade the popup cannot', async () => {
  const t = setUp({ quotaBytes: 300, tabBudgetBytes: 100_000 });
  await t.load(1, 'http://shop.test/', 'r1', 'doc-1', { forms: [{ action: 'http://shop.test/pay' }] });
  await t.store.flush();
  await t.idle();
  assert.equal(await t.stored(1), null, 'nothing fits');
  assert.equal(t.badge(1), '?', 'so the badge says unknown, as the popup does');
});

test('item 4: after a worker restart, a tab stored as its report alone keeps it (not judged again from nothing)', async () => {
  const t = setUp({ tabBudgetBytes: 50_000 });
  await t.load(1, 'http://shop.test/', 'r1', 'doc-1', { ...bigFacts('http://shop.test/', 10), forms: [{ action: 'http://shop.test/pay' }] });
  const stored = await t.stored(1);
  assert.equal(stored.reportOnly, true);
  assert.equal(stored.facts, null);
  const core = gradingCore();
  const store = createTabStore({ storage: t.chrome.storage.session, tabKeyPrefix: 'tab:' });
  const judging = createJudging({ core, store, action: t.chrome.action, i18n: t.chrome.i18n, reevaluateMs: 0 });
  const navigation = createNavigation({ store, judging, caps: CAPS });
  await navigation.onBeforeRequest({ tabId: 1, frameId: 0, type: 'image', url: 'http://shop.test/x.png', documentId: 'doc-1', timeStamp: 3 });
  await t.idle();
  assert.equal(core.pages.length, 0, 'no judgement without facts');
  await store.flush();
  assert.equal((await t.chrome.storage.session.get('tab:1'))['tab:1'].report.grade, 'F');
});

// --- Beyond the nine: forged runtime messages.

test('runtime messages: only our content script in the top frame, about its own document and origin', () => {
  const id = 'ours';
  const ok = { id, tab: { id: 4 }, frameId: 0, documentId: 'd1', documentLifecycle: 'active', url: 'https://shop.test/a' };
  const facts = { type: 'facts', facts: { url: 'https://shop.test/b' } };
  assert.equal(rejectMessage(facts, ok, id), null);
  assert.equal(rejectMessage({ type: 'facts-error', error: 'x' }, ok, id), null);
  assert.equal(rejectMessage(facts, { ...ok, id: 'other' }, id), 'not our extension');
  assert.equal(rejectMessage(facts, { ...ok, tab: undefined }, id), 'not from a tab');
  assert.equal(rejectMessage(facts, { ...ok, tab: { id: -1 } }, id), 'not from a tab');
  assert.equal(rejectMessage(facts, { ...ok, frameId: 2 }, id), 'not the top frame');
  assert.equal(rejectMessage(facts, { ...ok, documentLifecycle: 'prerender' }, id), 'not the document on screen');
  assert.equal(rejectMessage(facts, { ...ok, documentId: undefined }, id), 'no document id');
  assert.equal(rejectMessage({ type: 'facts', facts: { url: 'https://bank.test/' } }, ok, id), 'facts about another origin');
  assert.equal(rejectMessage({ type: 'facts', facts: { url: 'http://shop.test/' } }, ok, id), 'facts about another origin', 'the scheme counts');
  assert.equal(rejectMessage({ type: 'facts', facts: null }, ok, id), 'no facts');
  assert.equal(rejectMessage({ type: 'facts', facts: [] }, ok, id), 'no facts');
  assert.equal(rejectMessage({ type: 'consent-answer' }, ok, id), 'unknown message type');
  assert.equal(rejectMessage('facts', ok, id), 'not a message');
  // Firefox gives no document fields: the rest is still checked.
  const firefox = { id, tab: { id: 4 }, frameId: 0, url: 'https://shop.test/a' };
  assert.equal(rejectMessage(facts, firefox, id), null);
});

test('runtime messages from sub-frames: only our content script\'s facts about the frame\'s own origin', () => {
  const id = 'ours';
  const frame = { id, tab: { id: 4 }, frameId: 3, documentId: 'f1', documentLifecycle: 'active', url: 'https://pay.shop.test/card' };
  const facts = { type: 'facts', facts: { url: 'https://pay.shop.test/card?step=2' } };
  assert.equal(rejectFrameMessage(facts, frame, id), null);
  assert.equal(rejectFrameMessage(facts, { ...frame, frameId: 0 }, id), 'not a sub-frame');
  assert.equal(rejectFrameMessage(facts, { ...frame, id: 'other' }, id), 'not our extension');
  assert.equal(rejectFrameMessage(facts, { ...frame, documentLifecycle: 'cached' }, id), 'not the document on screen');
  assert.equal(rejectFrameMessage({ type: 'facts-error', error: 'x' }, frame, id), 'not frame facts');
  assert.equal(rejectFrameMessage({ type: 'facts', facts: { url: 'https://shop.test/' } }, frame, id), 'facts about another origin');
  // The page's own facts never come from a sub-frame.
  assert.equal(rejectMessage(facts, frame, id), 'not the top frame');
});

test('runtime messages: facts claiming another origin, or a sub-frame\'s facts about another origin, do not change the tab', async () => {
  const t = setUp();
  await t.load(1, 'http://shop.test/', 'r1', 'doc-1', { forms: [{ action: 'http://shop.test/pay' }] });
  const judged = t.core.pages.length;
  const forged = { type: 'facts', facts: { schemaVersion: 1, url: 'https://bank.test/' } };
  await t.navigation.onMessage(forged, t.sender(1, 'doc-1', 'http://shop.test/'), t.chrome.runtime.id);
  await t.navigation.onMessage({ type: 'facts', facts: { schemaVersion: 1, url: 'https://bank.test/' } },
    { ...t.sender(1, 'doc-1', 'http://shop.test/'), frameId: 5 }, t.chrome.runtime.id);
  await t.navigation.onMessage({ type: 'facts', facts: { schemaVersion: 1, url: 'http://shop.test/' } },
    { ...t.sender(1, undefined, 'http://shop.test/') }, t.chrome.runtime.id);
  assert.equal(t.core.pages.length, judged);
  assert.equal(t.badge(1), 'F');
});

test('item 4: the report a tab over budget keeps is the worst, says so once, and is cut to size without changing its grade', async () => {
  const { overBudgetReport, worseReport } = await import('../../extension/background/judging.js');
  const { byteSize, REPORT_BUDGET_BYTES } = await import('../../extension/background/tab-store.js');
  const judged = (grade, score, extra = {}) => ({ status: 'judged', grade, score, caveats: [], findings: [], ...extra });
  assert.equal(worseReport(judged('A', 90), judged('F', 10)).grade, 'F');
  assert.equal(worseReport(judged('F', 10), judged('A', 90)).grade, 'F');
  assert.equal(worseReport(judged('C', 65), judged('C', 60)).score, 60);
  assert.equal(worseReport(judged('D', 50), { status: 'unknown', grade: null }).grade, 'D', 'an unknown report does not hide a grade');
  assert.equal(worseReport(null, judged('B', 75)).grade, 'B');
  const huge = judged('F', 10, {
    findings: Array.from({ length: 2000 }, (_, i) => ({ id: `f${i}`, detail: 'd'.repeat(500) })),
    thirdParties: Array.from({ length: 2000 }, (_, i) => ({ site: `s${i}.test`, requests: ['u'.repeat(1000)] })),
  });
  const kept = overBudgetReport(judged('A', 90), huge);
  assert.equal(kept.grade, 'F');
  assert.equal(kept.score, 10);
  assert.ok(byteSize(kept) <= REPORT_BUDGET_BYTES, `${byteSize(kept)} bytes`);
  assert.equal(kept.findings[0].id, 'f0', 'the worst findings (listed first) are kept');
  const again = overBudgetReport(kept, judged('A', 90));
  assert.equal(again.caveats.filter((c) => c.detail.startsWith('stored:')).length, 1, 'the caveat is said once');
  assert.equal(again.grade, 'F');
});
