// extension/background/tab-store.js: per-tab state, batched writes, quota eviction.
import test from 'node:test';
import assert from 'node:assert/strict';
import { createTabStore, freshState } from '../../extension/background/tab-store.js';
import { FakeStorageArea, settle } from './chrome-stub.mjs';

const PREFIX = 'tab:';

test('a tab with nothing stored loads as null, and a stored tab loads after a worker restart', async () => {
  const storage = new FakeStorageArea();
  const store = createTabStore({ storage, tabKeyPrefix: PREFIX });
  assert.equal(await store.load(1), null);
  assert.equal(store.isCached(1), true);

  store.save(2, freshState('https://shop.test/'));
  await store.flush();
  const restarted = createTabStore({ storage, tabKeyPrefix: PREFIX });
  assert.equal(restarted.isCached(2), false);
  const state = await restarted.load(2);
  assert.equal(state.url, 'https://shop.test/');
  assert.equal(state.phase, 'judging');
  assert.equal(await restarted.readStored(2).then((s) => s.url), 'https://shop.test/');
});

test('saves are written together, once, after the flush delay', async (t) => {
  t.mock.timers.enable({ apis: ['setTimeout'] });
  const storage = new FakeStorageArea();
  const store = createTabStore({ storage, tabKeyPrefix: PREFIX, flushMs: 300 });
  store.save(1, freshState('https://a.test/'));
  store.save(2, freshState('https://b.test/'));
  store.save(1, freshState('https://a.test/2'));
  assert.equal(storage.writes, 0, 'nothing written before the delay');
  t.mock.timers.tick(299);
  await settle();
  assert.equal(storage.writes, 0);
  t.mock.timers.tick(1);
  await settle();
  assert.equal(storage.writes, 1, 'one write for all three saves');
  assert.deepEqual(Object.keys(await storage.get(null)).sort(), ['tab:1', 'tab:2']);
  assert.equal((await storage.get('tab:1'))['tab:1'].url, 'https://a.test/2');
});

test('over the quota, the tabs updated longest ago are evicted, never the ones being saved', async () => {
  const storage = new FakeStorageArea({ quotaBytes: 10000 });
  const padding = 'x'.repeat(900);
  // Ten old tabs of about 1 kB each fill the quota; tab 5 is the most recently updated.
  for (let i = 0; i < 10; i++) {
    await storage.set({ [`tab:${i}`]: { url: padding, updatedAt: i === 5 ? 1000 : 100 + i } });
  }
  await storage.set({ 'other-key': 'not a tab' });
  const store = createTabStore({ storage, tabKeyPrefix: PREFIX });
  const state = { ...freshState('https://new.test/'), requests: [{ url: padding, type: 'script', at: 1 }] };
  store.save(42, state);
  await store.flush();

  const left = await storage.get(null);
  assert.ok('tab:42' in left, 'the tab being saved is stored');
  assert.ok(storage.bytesInUse <= 0.75 * storage.QUOTA_BYTES, `${storage.bytesInUse} bytes left in use`);
  assert.ok('tab:5' in left, 'the most recently updated tab is kept');
  assert.ok(!('tab:0' in left) && !('tab:1' in left), 'the oldest tabs are evicted');
  assert.ok('other-key' in left, 'only tab items are evicted');
  const evicted = [...Array(10).keys()].filter((i) => !(`tab:${i}` in left));
  assert.deepEqual(evicted, evicted.slice().sort((a, b) => a - b), 'evicted oldest first');
  assert.ok(evicted.length < 10, 'only as many as needed');
});

test('clear forgets a tab as known-empty; drop forgets it entirely', async () => {
  const storage = new FakeStorageArea();
  const store = createTabStore({ storage, tabKeyPrefix: PREFIX });
  store.save(1, freshState('https://a.test/'));
  store.save(2, freshState('https://b.test/'));
  await store.flush();
  store.clear(1);
  store.drop(2);
  await settle();
  assert.deepEqual(await storage.get(null), {});
  assert.equal(store.cached(1), null);
  assert.equal(store.isCached(2), false);
});

test('a cleared tab saved before the flush is not written back', async () => {
  const storage = new FakeStorageArea();
  const store = createTabStore({ storage, tabKeyPrefix: PREFIX });
  store.save(1, freshState('https://a.test/'));
  store.clear(1);
  await store.flush();
  assert.deepEqual(await storage.get(null), {});
});
