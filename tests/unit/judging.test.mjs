// extension/background/judging.js: the core's report stored with the tab, and the badge.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createJudging, startCore, unknownReport } from '../../extension/background/judging.js';
import { createTabStore, freshState } from '../../extension/background/tab-store.js';
import { fakeChrome, settle } from './chrome-stub.mjs';

// A core that grades every page B and remembers what it was given.
function fakeCore({ grade = 'B', fail = null } = {}) {
  const pages = [];
  return {
    pages,
    ready: fail ? Promise.reject(fail) : Promise.resolve(),
    evaluate(json) {
      pages.push(JSON.parse(json));
      return JSON.stringify({ status: 'judged', grade, verdictKey: `verdict_${grade}`, findings: [] });
    },
  };
}

function setUp(core = fakeCore()) {
  const chrome = fakeChrome();
  const store = createTabStore({ storage: chrome.storage.session, tabKeyPrefix: 'tab:' });
  const judging = createJudging({ core, store, action: chrome.action, i18n: chrome.i18n });
  return { chrome, store, judging, core };
}

function pageState(url = 'https://shop.test/') {
  const state = freshState(url);
  state.facts = { schemaVersion: 1, url };
  state.requests = [{ url: 'https://cdn.test/a.js', type: 'script', at: 5 }];
  return state;
}

test('a judged page stores the core\'s report and shows its grade on the badge', async () => {
  const { chrome, store, judging, core } = setUp();
  const state = pageState();
  store.adopt(7, state);
  await judging.judge(7, state);
  assert.deepEqual(core.pages[0], { facts: state.facts, mainDocument: null, requests: state.requests });
  assert.equal(state.phase, 'done');
  assert.equal(state.report.grade, 'B');
  await store.flush();
  assert.equal((await chrome.storage.session.get('tab:7'))['tab:7'].report.grade, 'B');
  assert.deepEqual(chrome.action.badges.get(7), {
    text: 'B', color: '#4d7c0f', textColor: '#ffffff', title: 'badge_title_graded(B,verdict_B)',
  });
});

test('the same badge is not set twice; a different one is', async () => {
  const { chrome, judging } = setUp();
  judging.setBadge(3, { phase: 'judging' });
  judging.setBadge(3, { phase: 'judging' });
  assert.equal(chrome.action.calls.length, 4, 'four calls for one badge');
  assert.equal(chrome.action.badges.get(3).text, '?');
  judging.setBadge(3, null);
  assert.equal(chrome.action.calls.length, 8);
  assert.deepEqual(chrome.action.badges.get(3), { text: '', color: '#6e7781', textColor: '#ffffff', title: 'actionTitle' });
  // Chrome cleared it on a new document: restoreBadge sets it again even if unchanged.
  await chrome.storage.session.set({ 'tab:3': { phase: 'judging' } });
  judging.restoreBadge(3);
  await settle();
  assert.equal(chrome.action.calls.length, 12);
});

test('a core that failed to start, or facts the collector could not gather, give an unknown report', async () => {
  const failing = setUp(fakeCore({ fail: new Error('CompileError: no wasm') }));
  const state = pageState();
  failing.store.adopt(1, state);
  await failing.judging.judge(1, state);
  assert.equal(state.report.status, 'unknown');
  assert.equal(state.report.unknownReasonKey, 'unknown_core_failed');
  assert.match(state.report.unknownDetail, /CompileError/);
  assert.equal(failing.chrome.action.badges.get(1).text, '?');
  assert.equal(failing.chrome.action.badges.get(1).title, 'badge_title_unknown');

  const { store, judging, core } = setUp();
  const broken = pageState();
  broken.factsError = 'TypeError: x is undefined';
  store.adopt(2, broken);
  await judging.judge(2, broken);
  assert.equal(broken.report.unknownReasonKey, 'unknown_collector_failed');
  assert.equal(core.pages.length, 0, 'the core is not asked');
});

test('a report for a page the tab has already left is dropped', async () => {
  const { store, judging, chrome } = setUp();
  const old = pageState('https://shop.test/old');
  store.adopt(1, old);
  const judged = judging.judge(1, old);
  store.adopt(1, pageState('https://shop.test/new')); // navigated while the core was busy
  await judged;
  assert.equal(old.report, null);
  assert.equal(chrome.action.badges.get(1), undefined);
});

test('re-judging is coalesced: many triggers within the delay judge once', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const { store, judging, core } = setUp();
  const state = pageState();
  store.adopt(1, state);
  await judging.judge(1, state);
  assert.equal(core.pages.length, 1);
  for (let i = 0; i < 5; i++) judging.rejudgeSoon(1);
  t.mock.timers.tick(499);
  await settle();
  assert.equal(core.pages.length, 1);
  t.mock.timers.tick(1);
  await settle();
  assert.equal(core.pages.length, 2, 'judged once more');
  judging.rejudgeSoon(1);
  judging.forget(1); // the tab closed
  t.mock.timers.tick(1000);
  await settle();
  assert.equal(core.pages.length, 2, 'a closed tab is not judged again');
});

test('the core starts without tracker data when it cannot be fetched', async () => {
  const loaded = [];
  const init = async () => {};
  const ok = startCore({
    init, trackerDbLoad: (bytes) => loaded.push(bytes), trackerDataUrl: 'data/trackerdb.tdb',
    fetch: async (url) => ({ arrayBuffer: async () => new TextEncoder().encode(url).buffer }),
  });
  await ok;
  assert.equal(new TextDecoder().decode(loaded[0]), 'data/trackerdb.tdb');

  const warn = t => t; // console.warn is expected here; keep the output quiet
  const original = console.warn;
  console.warn = warn;
  try {
    await startCore({ init, trackerDbLoad: () => assert.fail('no data to load'), trackerDataUrl: 'x', fetch: async () => { throw new Error('offline'); } });
  } finally {
    console.warn = original;
  }
  await assert.rejects(startCore({ init: async () => { throw new Error('no wasm'); }, trackerDbLoad() {}, trackerDataUrl: 'x', fetch: async () => ({}) }));
});

test('the tracker data is read while the wasm compiles, and loaded once the core is up', async () => {
  const order = [];
  let compiled;
  const init = () => { order.push('init'); return new Promise((resolve) => { compiled = resolve; }); };
  const fetch = async (url) => { order.push(`fetch ${url}`); return { arrayBuffer: async () => new Uint8Array([7]).buffer }; };
  const ready = startCore({ init, trackerDbLoad: (bytes) => order.push(`load ${bytes.length}`), trackerDataUrl: 'data/trackerdb.tdb', fetch });
  await new Promise((r) => setTimeout(r, 0));
  assert.deepEqual(order, ['fetch data/trackerdb.tdb', 'init'], 'the fetch starts before the wasm is ready');
  compiled();
  await ready;
  assert.deepEqual(order, ['fetch data/trackerdb.tdb', 'init', 'load 1']);
});

test('unknown reports clip their detail', () => {
  assert.equal(unknownReport('unknown_core_failed', 'x'.repeat(5000)).unknownDetail.length, 1000);
  assert.equal(unknownReport('unknown_core_failed', undefined).unknownDetail, '');
});

test('the state says how many of its requests the report was judged with, so a late one shows a judgement is due', async () => {
  const { store, judging, core } = setUp();
  const state = pageState();
  store.adopt(4, state);
  // A request that arrives while the core is starting is in the judgement.
  const judged = judging.judge(4, state);
  state.requests.push({ url: 'https://px.tracker.test/collect', type: 'image', at: 9 });
  await judged;
  assert.equal(core.pages[0].requests.length, 2);
  assert.equal(state.judgedRequests, 2);
  // One after the judgement is not, until the next.
  state.requests.push({ url: 'https://px.tracker.test/again', type: 'image', at: 12 });
  assert.ok(state.judgedRequests < state.requests.length);
  await judging.judge(4, state);
  assert.equal(state.judgedRequests, 3);
});
