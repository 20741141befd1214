/**
 * The k8s_events receiver gated on leadership, in process against the sandbox API: a follower is
 * ready and idle (no list, no watch, no record) until it holds the Lease; a leader whose Lease
 * renewals fail stops watching before its Lease could expire; its metrics say which it is.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import { startHarness, testEvent, type Harness } from './support/receiver-harness.ts';
import { waitUntil } from './support/wait-for.ts';

const NS = 'tracecore';
const election = (lease: string): { [key: string]: unknown } => ({
  leader_election: { enabled: true, lease_name: lease, lease_namespace: NS, lease_duration: '3s', renew_deadline: '2s', retry_period: '250ms' },
});

describe('k8s_events receiver with leader election', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 100 });
    for (let i = 0; i < 20; i++) sandbox.store.add(testEvent(i));
  });
  after(() => sandbox.close());

  it('a follower is ready and idle: it lists nothing until the holder releases the Lease, then leads and delivers', async () => {
    const now = new Date().toISOString();
    const held = sandbox.leases.create(NS, { metadata: { name: 'held' }, spec: { holderIdentity: 'someone-else', leaseDurationSeconds: 3600, acquireTime: now, renewTime: now } });
    assert.ok('ok' in held);
    sandbox.requests.clear();
    let h: Harness | undefined;
    try {
      h = await startHarness({ existingSandbox: sandbox, config: election('held') });
      const harness = h;
      await waitUntil('the follower reads the Lease', () => sandbox.requests.leaseRequests >= 3, 30_000);
      assert.equal(harness.receiver.isReady(), true, 'a follower is ready');
      assert.equal(sandbox.requests.lists + sandbox.requests.watches, 0, 'a follower neither lists nor watches');
      assert.equal(harness.records.length, 0);
      assert.equal(await harness.metric('tracecore_leader_is_leader'), 0);
      assert.equal(await harness.metric('tracecore_leader_transitions_total'), 0);

      const lease = sandbox.leases.get(NS, 'held');
      assert.ok(lease);
      sandbox.leases.update(NS, 'held', { ...lease, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 } });
      await harness.waitForRecords(20, 30_000);
      assert.equal(await harness.metric('tracecore_leader_is_leader'), 1);
      assert.equal(await harness.metric('tracecore_leader_transitions_total'), 1);
      assert.match(sandbox.leases.get(NS, 'held')?.spec.holderIdentity ?? '', /^harness_[0-9a-f]{8}$/);
    } finally {
      await h?.close();
    }
    assert.equal(sandbox.leases.get(NS, 'held')?.spec.holderIdentity, '', 'the receiver released the Lease when it stopped');
    assert.ok(sandbox.leases.get(NS, 'held')?.metadata.annotations?.['tracecore.ai/checkpoint'], 'its checkpoint is in the Lease');
  });

  it('a leader whose Lease renewals fail stops watching within the renew deadline, before its Lease could expire', async () => {
    const h = await startHarness({ existingSandbox: sandbox, config: election('flaky') });
    try {
      await waitUntil('leading and watching', async () => (await h.metric('tracecore_leader_is_leader')) === 1 && sandbox.openWatches > 0, 30_000);
      sandbox.failNext(100_000, { status: 500, requests: 'lease' });
      await waitUntil('it stops leading', async () => (await h.metric('tracecore_leader_is_leader')) === 0, 30_000);
      const stoppedAt = Date.now();
      const lease = sandbox.leases.get(NS, 'flaky');
      const expiresAt = Date.parse(lease?.spec.renewTime ?? '') + (lease?.spec.leaseDurationSeconds ?? 0) * 1000;
      assert.ok(stoppedAt < expiresAt, `stopped ${stoppedAt - expiresAt} ms after its Lease expired`);
      await waitUntil('its watch is closed', () => sandbox.openWatches === 0, 30_000);
      assert.ok((await h.metric('tracecore_receiver_errors_total', { kind: 'lease' })) > 0, 'failed Lease requests are counted');
      assert.equal(h.receiver.isReady(), true, 'a replica that lost the Lease is a ready follower');
    } finally {
      sandbox.clearFaults();
      await h.close();
    }
  });
});
