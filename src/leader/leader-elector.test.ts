import assert from 'node:assert/strict';
import { after, afterEach, before, describe, it } from 'node:test';
import { waitUntil } from '../../test/support/wait-for.ts';
import { SandboxApiServer } from '../sandbox/index.ts';
import { LeaderElector, NotLeaderError } from './leader-elector.ts';
import { MAX_ANNOTATIONS_BYTES } from './lease.ts';
import { sandboxLeaseClients, type CuttableLeaseClient, type SandboxLeaseClients } from '../../test/support/sandbox-lease-client.ts';

const NS = 'ha';
/** Lease 4 s, renew deadline 2 s, retry 0.25 s: the 2 s margin keeps the order of events safe under CPU contention. */
const TIMING = { leaseDurationMs: 4000, renewDeadlineMs: 2000, retryPeriodMs: 250 };

interface Happening {
  readonly who: string;
  readonly what: 'started' | 'stopped';
  readonly at: number;
  readonly reason?: string;
}

describe('LeaderElector against the sandbox Lease API', () => {
  let sandbox: SandboxApiServer;
  let clients: SandboxLeaseClients;
  const electors: LeaderElector[] = [];
  let leaseNumber = 0;
  let happenings: Happening[] = [];

  before(async () => {
    sandbox = await SandboxApiServer.start();
    clients = await sandboxLeaseClients(sandbox);
  });
  afterEach(async () => {
    await Promise.all(electors.splice(0).map((e) => e.release()));
    sandbox.clearFaults();
    happenings = [];
  });
  after(async () => {
    await clients.close();
    await sandbox.close();
  });

  function candidate(who: string, lease: string, timing = TIMING): { elector: LeaderElector; client: CuttableLeaseClient } {
    const client = clients.client(NS, lease);
    const elector = new LeaderElector(client, {
      identity: who,
      ...timing,
      onStartedLeading: () => happenings.push({ who, what: 'started', at: performance.now() }),
      onStoppedLeading: (reason) => happenings.push({ who, what: 'stopped', at: performance.now(), reason }),
      onError: () => {},
    });
    electors.push(elector);
    return { elector, client };
  }

  function newLease(): string {
    return `lease-${++leaseNumber}`;
  }

  const holder = (lease: string): string | undefined => sandbox.leases.get(NS, lease)?.spec.holderIdentity;

  it('the first candidate creates the Lease and leads; the second follows while the leader renews', async () => {
    const lease = newLease();
    const a = candidate('a', lease);
    a.elector.start();
    await waitUntil('a leads', () => a.elector.isLeader(), 30_000);
    assert.equal(holder(lease), 'a');
    assert.equal(sandbox.leases.get(NS, lease)?.spec.leaseDurationSeconds, 4);
    const b = candidate('b', lease);
    b.elector.start();
    const firstRenew = sandbox.leases.get(NS, lease)?.spec.renewTime;
    // Two lease durations pass: b must never lead while a renews.
    await waitUntil('a renewed past two lease durations', () => Date.parse(sandbox.leases.get(NS, lease)?.spec.renewTime ?? '') - Date.parse(firstRenew ?? '') > 8000, 60_000);
    assert.deepEqual(happenings.map((h) => `${h.who} ${h.what}`), ['a started']);
    assert.equal(b.elector.isLeader(), false);
    assert.equal(holder(lease), 'a');
  });

  it('a write with a stale resourceVersion is a conflict; of two racing candidates exactly one leads', async () => {
    const lease = newLease();
    const client = clients.client(NS, lease);
    const created = await client.create({ metadata: { name: lease }, spec: { holderIdentity: '', leaseDurationSeconds: 1 } }, AbortSignal.timeout(10_000), 10_000);
    assert.notEqual(created, 'conflict');
    if (created === 'conflict') return;
    assert.notEqual(await client.update(created, AbortSignal.timeout(10_000), 10_000), 'conflict');
    assert.equal(await client.update(created, AbortSignal.timeout(10_000), 10_000), 'conflict', 'the second write carries a stale resourceVersion');

    const racers = ['x', 'y', 'z'].map((who) => candidate(who, lease));
    for (const r of racers) r.elector.start();
    await waitUntil('someone leads', () => racers.some((r) => r.elector.isLeader()), 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    assert.equal(racers.filter((r) => r.elector.isLeader()).length, 1);
    assert.equal(happenings.filter((h) => h.what === 'started').length, 1);
  });

  it('a leader cut off from the API stops leading before its lease expires; another takes over after expiry', async () => {
    const lease = newLease();
    const a = candidate('a', lease);
    a.elector.start();
    await waitUntil('a leads', () => a.elector.isLeader(), 30_000);
    const b = candidate('b', lease);
    b.elector.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const lastRenew = Date.parse(sandbox.leases.get(NS, lease)?.spec.renewTime ?? '');
    a.client.cut = true;
    await waitUntil('b leads', () => b.elector.isLeader(), 60_000);
    const aStopped = happenings.find((h) => h.who === 'a' && h.what === 'stopped');
    const bStarted = happenings.find((h) => h.who === 'b' && h.what === 'started');
    assert.ok(aStopped && bStarted);
    assert.match(aStopped.reason ?? '', /renew deadline/);
    assert.ok(aStopped.at < bStarted.at, 'the old leader stopped before the new one started');
    const takeoverRenew = Date.parse(sandbox.leases.get(NS, lease)?.spec.acquireTime ?? '');
    assert.ok(takeoverRenew - lastRenew >= TIMING.leaseDurationMs - 500, `b waited for the lease to expire (${takeoverRenew - lastRenew} ms after a's last renewal)`);
    assert.equal(holder(lease), 'b');
    assert.equal(sandbox.leases.get(NS, lease)?.spec.leaseTransitions, 1);
  });

  it('a leader whose renewals fail (HTTP 500) gives up within the renew deadline, and leads again once they work', async () => {
    const lease = newLease();
    const a = candidate('a', lease);
    a.elector.start();
    await waitUntil('a leads', () => a.elector.isLeader(), 30_000);
    sandbox.failNext(10_000, { status: 500, requests: 'lease' });
    await waitUntil('a gives up', () => !a.elector.isLeader(), 30_000);
    const stopped = happenings.find((h) => h.what === 'stopped');
    assert.match(stopped?.reason ?? '', /renew deadline/);
    sandbox.clearFaults();
    await waitUntil('a leads again', () => a.elector.isLeader(), 30_000);
  });

  it('release on stop empties the holder so a follower takes over at once, not after the lease duration', async () => {
    const lease = newLease();
    const slow = { leaseDurationMs: 30_000, renewDeadlineMs: 20_000, retryPeriodMs: 250 };
    const a = candidate('a', lease, slow);
    a.elector.start();
    await waitUntil('a leads', () => a.elector.isLeader(), 30_000);
    const b = candidate('b', lease, slow);
    b.elector.start();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const releasedAt = performance.now();
    await a.elector.release();
    assert.equal(a.elector.isLeader(), false);
    await waitUntil('b leads', () => b.elector.isLeader(), 30_000);
    assert.ok(performance.now() - releasedAt < slow.leaseDurationMs, 'b did not wait for the lease to expire');
    assert.equal(holder(lease), 'b');
  });

  it('the leader writes an annotation that the next leader reads; more than 256 KiB is refused; a follower may not write', async () => {
    const lease = newLease();
    const a = candidate('a', lease);
    a.elector.start();
    await waitUntil('a leads', () => a.elector.isLeader(), 30_000);
    const b = candidate('b', lease);
    await assert.rejects(b.elector.updateAnnotation('tracecore.ai/checkpoint', 'x', AbortSignal.timeout(10_000)), NotLeaderError);
    await a.elector.updateAnnotation('tracecore.ai/checkpoint', 'position-1', AbortSignal.timeout(10_000));
    assert.equal(sandbox.leases.get(NS, lease)?.metadata.annotations?.['tracecore.ai/checkpoint'], 'position-1');
    await assert.rejects(a.elector.updateAnnotation('tracecore.ai/checkpoint', 'x'.repeat(MAX_ANNOTATIONS_BYTES), AbortSignal.timeout(10_000)), RangeError);
    b.elector.start();
    await a.elector.release();
    await waitUntil('b leads', () => b.elector.isLeader(), 30_000);
    assert.equal(b.elector.annotation('tracecore.ai/checkpoint'), 'position-1', 'renewals and the release kept the annotation');
  });
});
