/**
 * How the receiver rides out a failing API server: the backoff schedule, degraded mode both ways,
 * Retry-After on 429, and permission and credential errors that say what is wrong.
 */
import assert from 'node:assert/strict';
import { afterEach, describe, it } from 'node:test';
import { Backoff, BACKOFF_SCHEDULE_MS } from '../src/receivers/k8s-events/backoff.ts';
import { capturingLogger, startHarness, testEvent, type Harness } from './support/receiver-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The real schedule, a hundred times faster and without jitter, recording each delay it hands out. */
class RecordingBackoff extends Backoff {
  readonly delays: number[] = [];
  constructor() {
    super(
      BACKOFF_SCHEDULE_MS.map((ms) => ms / 100),
      () => 0.5,
    );
  }
  override next(): number {
    const delay = super.next();
    this.delays.push(delay);
    return delay;
  }
}

describe('k8s_events receiver: API errors', () => {
  it('follows the backoff schedule through a 5xx storm and flips the degraded gauge both ways', async () => {
    const backoff = new RecordingBackoff();
    h = await startHarness({
      tuning: { backoff },
      before: (s) => {
        s.store.add(testEvent(1));
        s.failNext(7, { status: 503 });
      },
    });
    await h.waitUntil('the first failure', async () => (await h!.metric('tracecore_receiver_degraded')) === 1);
    await h.waitForRecords(1);
    await h.waitUntil('recovery', async () => (await h!.metric('tracecore_receiver_degraded')) === 0);
    assert.deepEqual(backoff.delays, [10, 20, 50, 100, 200, 300, 300], '1 s, 2 s, 5 s, then doubling to 30 s (scaled 1:100)');
    assert.equal(await h.metric('tracecore_receiver_errors_total', { kind: 'list' }), 7);
    assert.equal(h.receiver.isReady(), true);

    // Degrades again on a watch failure, and recovers again.
    await h.waitUntil('the watch to be open', () => h!.sandbox.openWatches === 1);
    h.sandbox.failNext(2, { status: 500, requests: 'watch' });
    assert.equal(h.sandbox.cutStreams(), 1);
    await h.waitUntil('degraded on watch errors', async () => (await h!.metric('tracecore_receiver_degraded')) === 1);
    h.sandbox.store.add(testEvent(2));
    await h.waitForRecords(2);
    await h.waitUntil('recovered', async () => (await h!.metric('tracecore_receiver_degraded')) === 0);
    const watchErrors = await h.metric('tracecore_receiver_errors_total', { kind: 'watch' });
    assert.equal(watchErrors, 3, `the cut plus two 500s, got ${watchErrors}: ${JSON.stringify(h.sandbox.requests.filter((r) => r.kind === 'watch').map((r) => r.status))}`);
    assert.deepEqual(h.duplicates(), []);
  });

  it('waits for Retry-After on 429', async () => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({ logger, before: (s) => void s.failNext(1, { status: 429, retryAfterSeconds: 1 }) });
    await h.waitForRecords(0);
    await h.waitUntil('the list after the 429', () => h!.sandbox.requests.filter((r) => r.kind === 'list' && r.status === 200).length === 1);
    const [throttled, next] = h.sandbox.requests.filter((r) => r.kind === 'list');
    assert.equal(throttled.status, 429);
    assert.ok(next.at - throttled.at >= 950, `waited ${next.at - throttled.at} ms after a 429 with Retry-After: 1`);
    const warn = lines.find((l) => l.error === 'throttled');
    assert.equal(warn?.retry_in_ms, 1000);
  });

  it('counts a 403, degrades, and logs the permission it needs', async () => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({ logger, tuning: { backoff: new RecordingBackoff() }, before: (s) => void s.failNext(1, { status: 403, message: 'events.events.k8s.io is forbidden' }) });
    await h.waitUntil('ready after the 403', () => h!.receiver.isReady());
    assert.equal(await h.metric('tracecore_receiver_errors_total', { kind: 'list' }), 1);
    assert.ok(lines.some((l) => String(l.msg).includes('needs get, list and watch on events.k8s.io events')));
  });

  it('is refused with a wrong token: counted, degraded, and never logs the token', async () => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({ logger, tuning: { backoff: new RecordingBackoff() }, sandbox: { token: 'the-right-token' } });
    await h.waitUntil('ready', () => h!.receiver.isReady());
    h.sandbox.setToken('a-new-token');
    h.sandbox.cutStreams();
    await h.waitUntil('degraded by 401s', async () => (await h!.metric('tracecore_receiver_degraded')) === 1);
    assert.ok(h.sandbox.requests.filter((r) => r.credential === 'rejected').length >= 1);
    assert.ok(lines.some((l) => String(l.msg).includes('credentials rejected')));
    assert.ok(!JSON.stringify(lines).includes('the-right-token'), 'the token is not in any log line');
  });
});
