/**
 * A flood into a small receiver queue with a slow consumer: `pause` delivers everything exactly
 * once, `drop` drops and counts; neither deadlocks, grows without bound, or leaves a handle.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, it } from 'node:test';
import type { LogsConsumer } from '../src/component/types.ts';
import { startHarness, testEvent, type Harness } from './support/receiver-harness.ts';

const FLOOD = 10_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** A consumer that takes its time: 2 ms per call, and never more than 50 records at once. */
const slow = (next: LogsConsumer): LogsConsumer => ({
  async consume(records) {
    for (let i = 0; i < records.length; i += 50) {
      await sleep(2);
      await next.consume(records.slice(i, i + 50));
    }
  },
});

async function flood(harness: Harness): Promise<number> {
  await harness.waitUntil('ready', () => harness.receiver.isReady());
  await harness.waitUntil('the watch to be open', () => harness.sandbox.openWatches === 1);
  let maxQueue = 0;
  const sampler = setInterval(() => {
    void harness.metric('tracecore_receiver_queue_size').then((v) => (maxQueue = Math.max(maxQueue, v)));
  }, 5);
  for (let i = 0; i < FLOOD; i++) harness.sandbox.store.add(testEvent(i));
  return new Promise((resolve) => {
    harness.waitUntil('the flood to settle', async () => {
      const accepted = await harness.metric('tracecore_receiver_accepted_records_total');
      const dropped = await harness.metric('tracecore_receiver_errors_total', { kind: 'backpressure_drop' });
      return accepted + dropped >= FLOOD && harness.records.length >= accepted;
    }, 60_000).then(() => {
      clearInterval(sampler);
      resolve(maxQueue);
    }, (err: unknown) => {
      clearInterval(sampler);
      throw err;
    });
  });
}

describe('k8s_events receiver: backpressure', () => {
  it('pause: a 10,000-event flood into channel_cap 16 with a slow consumer delivers all 10,000 exactly once', async () => {
    h = await startHarness({ config: { channel_cap: 16, backpressure: 'pause' }, consumer: slow });
    const maxQueue = await flood(h);
    assert.equal(h.records.length, FLOOD);
    assert.deepEqual(h.duplicates(), []);
    assert.equal(await h.metric('tracecore_receiver_errors_total', { kind: 'backpressure_drop' }), 0);
    assert.ok(maxQueue <= 16, `queue stayed within channel_cap (max seen ${maxQueue})`);
    assert.ok((await h.metric('tracecore_receiver_paused_seconds_total')) > 0, 'time paused is counted');
    assert.equal(await h.metric('tracecore_receiver_queue_capacity'), 16);
  });

  it('drop: the same flood drops the newest records when the queue is full, and counts every one', async () => {
    h = await startHarness({ config: { channel_cap: 16, backpressure: 'drop' }, consumer: slow });
    const maxQueue = await flood(h);
    const dropped = await h.metric('tracecore_receiver_errors_total', { kind: 'backpressure_drop' });
    assert.ok(dropped > 0, 'some records were dropped');
    assert.equal(h.records.length + dropped, FLOOD, 'every record is either delivered or counted as dropped');
    assert.deepEqual(h.duplicates(), []);
    assert.ok(maxQueue <= 16, `queue stayed within channel_cap (max seen ${maxQueue})`);
  });

  it('a consumer that throws is counted and the receiver carries on', async () => {
    let calls = 0;
    h = await startHarness({
      consumer: (next) => ({
        async consume(records) {
          if (++calls === 1) throw new Error('exporter exploded');
          await next.consume(records);
        },
      }),
    });
    await h.waitUntil('the watch to be open', () => h!.sandbox.openWatches === 1);
    h.sandbox.store.add(testEvent(1));
    await h.waitUntil('the failure to be counted', async () => (await h!.metric('tracecore_receiver_errors_total', { kind: 'consumer' })) === 1);
    h.sandbox.store.add(testEvent(2));
    await h.waitForRecords(1);
    assert.equal(h.records[0].regarding.name, 'pod-2');
  });
});
