import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EventStore } from './event-store.ts';
import type { EventObject } from './event-types.ts';
import { SortedKeys } from './sorted-keys.ts';

const FIXED = Date.UTC(2024, 4, 1, 10, 0, 0) + 0.123456 * 1000;

function podEvent(name: string, namespace = 'shop'): EventObject {
  return { metadata: { name, namespace }, reason: 'Started', note: `Started container ${name}`, type: 'Normal', regarding: { kind: 'Pod', namespace, name } };
}

function keys(store: EventStore, snapshotRv: number, namespace?: string): string[] {
  return store.page(snapshotRv, namespace, undefined, 0).items.map((v) => `${v.key}@${v.rv}`);
}

describe('EventStore', () => {
  it('fills what the API server fills, with consecutive resource versions', () => {
    const store = new EventStore({ initialResourceVersion: 500, clock: () => FIXED });
    const added = store.add({ reason: 'Scheduled', regarding: { kind: 'Pod', namespace: 'shop', name: 'api-0' } });
    assert.equal(added.metadata.namespace, 'shop');
    assert.match(added.metadata.name ?? '', /^api-0\.[0-9a-f]{16}$/);
    assert.match(added.metadata.uid ?? '', /^[0-9a-f-]{36}$/);
    assert.equal(added.metadata.resourceVersion, '501');
    assert.equal(added.metadata.creationTimestamp, '2024-05-01T10:00:00Z');
    assert.equal(added.eventTime, '2024-05-01T10:00:00.123456Z');
    const node = store.add({ reason: 'NodeHasInsufficientMemory', regarding: { kind: 'Node', name: 'node-7' }, deprecatedSource: { component: 'kubelet', host: 'node-7' } });
    assert.equal(node.metadata.namespace, 'default');
    assert.equal(node.eventTime, null);
    assert.equal(node.deprecatedFirstTimestamp, '2024-05-01T10:00:00Z');
    assert.equal(node.deprecatedCount, 1);
    assert.equal(store.resourceVersion, '502');
    assert.equal(store.size, 2);
  });

  it('keeps given identity and times, and refuses a duplicate name', () => {
    const store = new EventStore();
    const given = { ...podEvent('a'), metadata: { name: 'a', namespace: 'shop', uid: 'u-1', creationTimestamp: '2020-01-01T00:00:00Z' }, eventTime: null };
    const added = store.add(given);
    assert.equal(added.metadata.uid, 'u-1');
    assert.equal(added.metadata.creationTimestamp, '2020-01-01T00:00:00Z');
    assert.equal(added.eventTime, null);
    assert.equal(given.metadata.uid, 'u-1', 'the input is not changed');
    assert.throws(() => store.add(podEvent('a')), /already exists/);
  });

  it('recur() counts a recurrence the way each kind of recorder does', () => {
    let now = FIXED;
    const store = new EventStore({ clock: () => now });
    store.add({ ...podEvent('new-api'), reportingController: 'default-scheduler' });
    store.add({ ...podEvent('old-api'), deprecatedSource: { component: 'kubelet', host: 'node-1' } });
    now += 15_000;
    const series = store.recur({ namespace: 'shop', name: 'new-api' });
    assert.deepEqual(series.series, { count: 2, lastObservedTime: '2024-05-01T10:00:15.123456Z' });
    assert.equal(store.recur({ namespace: 'shop', name: 'new-api' }).series?.count, 3);
    const legacy = store.recur({ namespace: 'shop', name: 'old-api' });
    assert.equal(legacy.deprecatedCount, 2);
    assert.equal(legacy.deprecatedLastTimestamp, '2024-05-01T10:00:15Z');
    assert.equal(legacy.series, undefined);
    assert.equal(legacy.metadata.resourceVersion, store.resourceVersion);
    assert.throws(() => store.recur({ namespace: 'shop', name: 'missing' }), /no event/);
  });

  it('modify() patches fields but never the identity', () => {
    const store = new EventStore();
    const added = store.add(podEvent('a'));
    const changed = store.modify({ namespace: 'shop', name: 'a' }, { note: 'changed', metadata: { name: 'other', labels: { x: 'y' } } });
    assert.equal(changed.note, 'changed');
    assert.equal(changed.metadata.name, 'a');
    assert.equal(changed.metadata.uid, added.metadata.uid);
    assert.deepEqual(changed.metadata.labels, { x: 'y' });
    assert.equal(store.get({ namespace: 'shop', name: 'a' })?.note, 'changed');
  });

  it('pages a snapshot consistently while Events change under it', () => {
    const store = new EventStore({ initialResourceVersion: 100 });
    for (const name of ['a', 'b', 'c', 'd']) store.add(podEvent(name));
    const snapshot = store.currentRv; // 104
    const before = keys(store, snapshot);
    store.delete({ namespace: 'shop', name: 'b' });
    store.recur({ namespace: 'shop', name: 'c' });
    store.add(podEvent('bb'));
    store.add(podEvent('e', 'other'));
    assert.deepEqual(keys(store, snapshot), before, 'the old snapshot is unchanged');
    assert.deepEqual(before, ['shop/a@101', 'shop/b@102', 'shop/c@103', 'shop/d@104']);
    assert.deepEqual(keys(store, store.currentRv), ['other/e@108', 'shop/a@101', 'shop/bb@107', 'shop/c@106', 'shop/d@104']);
    assert.deepEqual(keys(store, store.currentRv, 'shop').length, 4);
    const first = store.page(snapshot, 'shop', undefined, 2);
    assert.equal(first.more, true);
    const second = store.page(snapshot, 'shop', first.items[1].key, 2);
    assert.deepEqual(second.items.map((v) => v.key), ['shop/c', 'shop/d']);
    assert.equal(second.more, false);
  });

  it('drops the oldest changes beyond the history limit and raises the compaction point', () => {
    const store = new EventStore({ historyLimit: 3, initialResourceVersion: 10 });
    for (const name of ['a', 'b', 'c', 'd', 'e']) store.add(podEvent(name));
    assert.equal(store.oldestResourceVersion, '12', 'changes 11 and 12 are gone: watching from 12 still replays 13..15');
    assert.equal(store.change(store.seqAfter(12)).rv, 13);
    assert.throws(() => store.page(11, undefined, undefined, 0), RangeError);
    store.compact();
    assert.equal(store.oldestResourceVersion, store.resourceVersion);
    assert.equal(store.resourceVersion, '16', 'compaction moves past every version handed out');
    assert.equal(store.all().length, 5);
  });
});

describe('SortedKeys', () => {
  it('stays sorted through any mix of inserts, removals and re-inserts between reads', () => {
    const present = new Set<string>();
    const sorted = new SortedKeys(() => present);
    let seed = 7;
    const roll = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let round = 0; round < 200; round++) {
      for (let op = 0; op < 20; op++) {
        const key = `k${roll(60)}`;
        if (present.has(key)) {
          present.delete(key);
          sorted.remove(key);
        } else {
          present.add(key);
          sorted.insert(key);
        }
      }
      assert.deepEqual(sorted.get(), [...present].sort(), `round ${round}`);
    }
  });
});
