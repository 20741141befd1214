/**
 * Enrichment against the sandbox API serving pods and workloads: the top owner and labels are
 * added once the lookups are cached, never blocking (the first record about an object goes out
 * without the keys, counted as a miss); a deleted owner, a deleted pod, and a 403 without the
 * overlay's RBAC.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventRecord } from '../src/model/record.ts';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import { startHarness, testEvent, type Harness } from './support/receiver-harness.ts';

const ENRICH = { enrich: { owners: true, labels: ['app.kubernetes.io/name', 'team'] } };
let serial = 0;

function addEvent(sandbox: SandboxApiServer, pod: string, namespace = 'shop'): string {
  const uid = `evt-${++serial}`;
  sandbox.store.add(testEvent(serial, { metadata: { name: `${pod}.${serial}`, namespace, uid }, regarding: { kind: 'Pod', namespace, name: pod, uid: `pod-${pod}` } }));
  return uid;
}

function keysOf(record: EventRecord | undefined): { [key: string]: string | number } {
  return Object.fromEntries((record?.attributes ?? []).filter((a) => a.key.startsWith('regarding.owner.') || a.key.startsWith('regarding.label.')).map((a) => [a.key, a.value]));
}

async function lookups(h: Harness, result: string): Promise<number> {
  return h.metric('tracecore_receiver_enrichment_lookups_total', { result });
}

describe('receiver enrichment', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 100 });
    const w = sandbox.workloads;
    w.put({ kind: 'Deployment', namespace: 'shop', name: 'web', labels: { team: 'storefront' } });
    w.put({ kind: 'ReplicaSet', namespace: 'shop', name: 'web-5d', owner: { kind: 'Deployment', name: 'web' } });
    w.put({ kind: 'Pod', namespace: 'shop', name: 'web-5d-x', labels: { 'app.kubernetes.io/name': 'web', team: 'storefront', other: 'x' }, owner: { kind: 'ReplicaSet', name: 'web-5d' } });
    w.put({ kind: 'CronJob', namespace: 'shop', name: 'nightly' });
    w.put({ kind: 'Job', namespace: 'shop', name: 'nightly-29', owner: { kind: 'CronJob', name: 'nightly' } });
    w.put({ kind: 'Pod', namespace: 'shop', name: 'nightly-29-q', labels: { team: 'data' }, owner: { kind: 'Job', name: 'nightly-29' } });
    w.put({ kind: 'StatefulSet', namespace: 'shop', name: 'db' });
    w.put({ kind: 'Pod', namespace: 'shop', name: 'db-0', owner: { kind: 'StatefulSet', name: 'db' } });
    w.put({ kind: 'Pod', namespace: 'shop', name: 'orphan-1', owner: { kind: 'ReplicaSet', name: 'deleted-rs' } });
  });
  after(() => sandbox.close());

  it('adds the top owner and the chosen labels after the v0 keys, once the lookups are cached', async () => {
    const h = await startHarness({ existingSandbox: sandbox, config: ENRICH });
    try {
      await h.waitUntil('ready', () => h.receiver.isReady());
      const pods = ['web-5d-x', 'nightly-29-q', 'db-0', 'orphan-1'];
      for (const pod of pods) addEvent(sandbox, pod);
      await h.waitForRecords(4);
      assert.deepEqual(h.records.map(keysOf), [{}, {}, {}, {}], 'the first events went out at once, without waiting for lookups');
      assert.ok((await h.metric('tracecore_receiver_enrichment_misses_total', { cause: 'pending' })) >= 4);
      // pod, replicaset, deployment; pod, job, cronjob; pod, statefulset; pod (its owner is gone: 404)
      await h.waitUntil('the lookups', async () => (await lookups(h, 'ok')) === 9 && (await lookups(h, 'not_found')) === 1);

      const uids = pods.map((pod) => addEvent(sandbox, pod));
      await h.waitForRecords(8);
      const byUid = new Map(h.records.map((r) => [r.uid, r]));
      assert.deepEqual(keysOf(byUid.get(uids[0])), {
        'regarding.owner.kind': 'Deployment',
        'regarding.owner.name': 'web',
        'regarding.label.app.kubernetes.io/name': 'web',
        'regarding.label.team': 'storefront',
      });
      assert.deepEqual(keysOf(byUid.get(uids[1])), { 'regarding.owner.kind': 'CronJob', 'regarding.owner.name': 'nightly', 'regarding.label.team': 'data' });
      assert.deepEqual(keysOf(byUid.get(uids[2])), { 'regarding.owner.kind': 'StatefulSet', 'regarding.owner.name': 'db' });
      assert.deepEqual(keysOf(byUid.get(uids[3])), { 'regarding.owner.kind': 'ReplicaSet', 'regarding.owner.name': 'deleted-rs' }, 'a deleted owner still names itself');
      const web = byUid.get(uids[0]);
      const keys = web?.attributes.map((a) => a.key) ?? [];
      assert.equal(keys.indexOf('regarding.owner.kind'), keys.length - 4, 'after the v0 keys');
      assert.equal(web?.droppedAttributesCount, 0, 'outside the cap');
      const gets = sandbox.requests.entries.filter((r) => r.path.includes('/pods/') || r.path.includes('/replicasets/'));
      assert.ok(gets.length <= 6, `each object read once while cached (${gets.length} GETs)`);
    } finally {
      await h.close();
    }
  });

  it('a deleted pod: records go out without the keys, counted as not_found', async () => {
    sandbox.workloads.put({ kind: 'Pod', namespace: 'shop', name: 'evicted-1', labels: { team: 'x' } });
    sandbox.workloads.delete('Pod', 'shop', 'evicted-1');
    const requestsBefore = sandbox.requests.entries.length;
    const h = await startHarness({ existingSandbox: sandbox, config: ENRICH });
    try {
      await h.waitUntil('ready', () => h.receiver.isReady());
      const before = h.records.length;
      addEvent(sandbox, 'evicted-1');
      const read = (r: { path: string; status: number }) => r.path === '/api/v1/namespaces/shop/pods/evicted-1' && r.status === 404;
      await h.waitUntil('the 404', () => sandbox.requests.entries.slice(requestsBefore).some(read));
      // deleted-rs (owner of orphan-1, listed from the first test) and evicted-1
      await h.waitUntil('both 404s cached', async () => (await lookups(h, 'not_found')) === 2);
      addEvent(sandbox, 'evicted-1');
      await h.waitForRecords(before + 2);
      assert.deepEqual(h.records.slice(before).map(keysOf), [{}, {}]);
      assert.equal(await h.metric('tracecore_receiver_enrichment_misses_total', { cause: 'not_found' }), 1);
    } finally {
      await h.close();
    }
  });

  it('403 without the RBAC overlay: events keep flowing without the keys, the miss is counted, the receiver is not degraded', async () => {
    sandbox.workloads.forbid('pods');
    const requestsBefore = sandbox.requests.entries.length;
    const h = await startHarness({ existingSandbox: sandbox, config: ENRICH });
    const podReads = () => sandbox.requests.entries.slice(requestsBefore).filter((r) => r.path === '/api/v1/namespaces/shop/pods/web-5d-x');
    try {
      await h.waitUntil('ready', () => h.receiver.isReady());
      const before = h.records.length;
      addEvent(sandbox, 'web-5d-x');
      await h.waitUntil('the 403', () => podReads().length === 1);
      for (let i = 0; i < 5; i++) addEvent(sandbox, 'web-5d-x');
      await h.waitForRecords(before + 6);
      assert.deepEqual(new Set(h.records.slice(before).map((r) => JSON.stringify(keysOf(r)))), new Set(['{}']));
      assert.ok((await h.metric('tracecore_receiver_enrichment_misses_total', { cause: 'forbidden' })) >= 5);
      assert.deepEqual(podReads().map((r) => r.status), [403], 'a refused object is not asked for again on every event');
      assert.equal(await h.metric('tracecore_receiver_degraded'), 0);
    } finally {
      sandbox.workloads.allow('pods');
      await h.close();
    }
  });

  it('without enrich, nothing is looked up and the metrics are still present at 0', async () => {
    const before = sandbox.requests.entries.length;
    const h = await startHarness({ existingSandbox: sandbox });
    try {
      await h.waitUntil('ready', () => h.receiver.isReady());
      assert.equal(await h.metric('tracecore_receiver_enrichment_misses_total'), 0);
      assert.equal(sandbox.requests.entries.slice(before).filter((r) => r.kind === 'other').length, 0);
    } finally {
      await h.close();
    }
  });
});
