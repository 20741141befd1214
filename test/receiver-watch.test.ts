/**
 * The receiver's list/watch behaviour against the sandbox API (kubernetes-watch.md): paging,
 * bookmarks, clean re-watch, 410 relist, cut streams, stalls, malformed lines, shutdown.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { activeResources, startHarness, testEvent, type Harness } from './support/receiver-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const add = (harness: Harness, from: number, n: number): void => {
  for (let i = from; i < from + n; i++) harness.sandbox.store.add(testEvent(i));
};

describe('k8s_events receiver: list and watch', () => {
  it('lists in pages of 500 with continue tokens, then watches from the list resourceVersion', async () => {
    h = await startHarness({ before: (s) => void add({ sandbox: s } as Harness, 0, 1234) });
    await h.waitForRecords(1234);
    const lists = h.sandbox.requests.filter((r) => r.kind === 'list');
    assert.deepEqual(lists.map((r) => r.query.limit), ['500', '500', '500']);
    assert.equal(lists[0].query.continue, undefined);
    assert.ok(lists[1].query.continue && lists[2].query.continue, 'pages 2 and 3 use continue tokens');
    assert.equal(h.receiver.isReady(), true);
    const watch = await h.sandbox.requests.waitFor((r) => r.kind === 'watch', { includePast: true });
    assert.equal(watch.query.allowWatchBookmarks, 'true');
    assert.equal(watch.query.resourceVersion, h.sandbox.store.resourceVersion, 'watch starts at the list RV');
    add(h, 5000, 10);
    await h.waitForRecords(1244);
    assert.deepEqual(h.duplicates(), []);
    assert.equal(await h.metric('tracecore_receiver_accepted_records_total'), 1244);
  });

  it('resumes from the last bookmark after a clean end of stream, without a relist or a duplicate', async () => {
    h = await startHarness({ sandbox: { bookmarkIntervalMs: 20 } });
    add(h, 0, 5);
    await h.waitForRecords(5);
    // Changes the receiver does not see as events (other namespaces are still watched: use a delete
    // of an event we never listed? no: advance the RV with an event then its deletion).
    h.sandbox.store.add(testEvent(99));
    h.sandbox.store.delete({ namespace: 'default', name: 'pod-99.evt99' });
    await h.waitForRecords(6);
    const rvAfter = h.sandbox.store.resourceVersion;
    // Let a bookmark carry the latest RV, then end the stream cleanly.
    await new Promise((r) => setTimeout(r, 100));
    h.sandbox.closeStreams();
    const rewatch = await h.sandbox.requests.waitFor((r) => r.kind === 'watch' && r.query.resourceVersion === rvAfter, { includePast: false });
    assert.equal(rewatch.query.resourceVersion, rvAfter);
    add(h, 10, 3);
    await h.waitForRecords(9);
    assert.equal(h.sandbox.requests.lists, 1, 'no relist');
    assert.deepEqual(h.duplicates(), []);
  });

  const relistAfter410 = async (expiredWatch: 'in-stream' | 'http'): Promise<void> => {
    h = await startHarness({ sandbox: { expiredWatch }, before: (s) => void add({ sandbox: s } as Harness, 0, 20) });
    await h.waitForRecords(20);
    // Events happen while the receiver is away, then history is compacted: its RV is too old.
    h.sandbox.stallStreams();
    add(h, 100, 7);
    h.sandbox.store.compact();
    h.sandbox.clearFaults();
    h.sandbox.cutStreams();
    await h.waitForRecords(27);
    assert.equal(h.sandbox.requests.lists >= 2, true, 'relisted');
    add(h, 200, 3);
    await h.waitForRecords(30);
    await new Promise((r) => setTimeout(r, 50));
    assert.equal(h.records.length, 30);
    assert.deepEqual(h.duplicates(), []);
  };
  it('relists after a 410 (in-stream) with no duplicate and no gap', () => relistAfter410('in-stream'));
  it('relists after a 410 (http) with no duplicate and no gap', () => relistAfter410('http'));

  it('loses nothing when streams are cut 20 times in a row', async () => {
    h = await startHarness();
    for (let round = 0; round < 20; round++) {
      await h.waitUntil(`watch ${round + 1} to be open`, () => h!.sandbox.requests.watches >= round + 1);
      add(h, round * 10, 5);
      assert.equal(h.sandbox.cutStreams(), 1);
      add(h, round * 10 + 5, 5);
      await h.waitForRecords((round + 1) * 10);
    }
    assert.equal(h.records.length, 200);
    assert.deepEqual(h.duplicates(), []);
    assert.equal(h.sandbox.requests.lists, 1, 'a cut stream re-watches from the last RV: no relist');
    const watchErrors = await h.metric('tracecore_receiver_errors_total', { kind: 'watch' });
    assert.equal(watchErrors, 20, 'each cut counts as a watch error');
  });

  it('counts and skips malformed watch lines; the stream goes on', async () => {
    h = await startHarness();
    await h.sandbox.requests.waitFor((r) => r.kind === 'watch', { includePast: true });
    add(h, 0, 2);
    await h.waitForRecords(2);
    assert.equal(h.sandbox.injectMalformedLine('{"type":"ADDED","object":{"metadata":'), 1, 'one open watch got the line');
    h.sandbox.injectMalformedLine('not json at all');
    h.sandbox.injectMalformedLine('{"type":"SOMETHING","object":{}}');
    h.sandbox.injectMalformedLine('{"type":"ADDED","object":{"metadata":{"resourceVersion":"1"}}}');
    add(h, 2, 2);
    await h.waitForRecords(4);
    assert.equal(await h.metric('tracecore_receiver_errors_total', { kind: 'decode' }), 4);
    assert.equal(h.sandbox.requests.lists, 1);
  });

  it('abandons a stalled stream after the inactivity deadline and watches again', async () => {
    h = await startHarness({ tuning: { inactivityMs: 300 } });
    add(h, 0, 1);
    await h.waitForRecords(1);
    h.sandbox.stallStreams();
    add(h, 1, 1);
    await h.waitUntil('the stalled watch to be abandoned', async () => (await h!.metric('tracecore_receiver_errors_total', { kind: 'watch' })) >= 1);
    h.sandbox.unstallStreams();
    await h.waitForRecords(2);
    assert.deepEqual(h.duplicates(), []);
    assert.equal(h.sandbox.requests.lists, 1);
  });

  it('stops a stalled watch at once, idempotently, leaving no handle behind', async () => {
    const before = activeResources();
    h = await startHarness();
    add(h, 0, 3);
    await h.waitForRecords(3);
    // A stalled stream never ends by itself: only the receiver's own abort can end this watch.
    h.sandbox.stallStreams();
    await Promise.all([h.receiver.shutdown(), h.receiver.shutdown()]);
    assert.equal(h.receiver.isReady(), false);
    await h.close();
    h = undefined;
    await new Promise((r) => setImmediate(r));
    const leaked = activeResources().filter((r) => !before.includes(r) || activeResources().filter((x) => x === r).length > before.filter((x) => x === r).length);
    assert.deepEqual(leaked, []);
  });
});
