import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ack } from '../../component/ack.ts';
import type { EventRecord } from '../../model/record.ts';
import { silentLogger } from '../../telemetry/logger.ts';
import { BatchProcessor } from './batch-processor.ts';

const recs = (from: number, n: number): EventRecord[] => Array.from({ length: n }, (_, i) => ({ uid: String(from + i) }) as EventRecord);

describe('batch processor', () => {
  it('sends full batches on size, the rest on time, in order', async (t) => {
    t.mock.timers.enable({ apis: ['setTimeout'] });
    const batches: string[][] = [];
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 3, timeout: 200 }, { consume: async (r) => void batches.push(r.map((x) => x.uid)) });
    await batch.consume(recs(0, 2));
    await batch.consume(recs(2, 5));
    assert.deepEqual(batches, [['0', '1', '2'], ['3', '4', '5']]);
    t.mock.timers.tick(199);
    assert.equal(batches.length, 2);
    t.mock.timers.tick(1);
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(batches[2], ['6']);
    await batch.shutdown();
  });

  it('passes large arrays on in whole batches and flushes the remainder on shutdown', async () => {
    const batches: number[] = [];
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 1000, timeout: 60_000 }, { consume: async (r) => void batches.push(r.length) });
    await batch.consume(recs(0, 2500));
    assert.deepEqual(batches, [1000, 1000]);
    await batch.shutdown();
    await batch.shutdown();
    assert.deepEqual(batches, [1000, 1000, 500]);
    await assert.rejects(batch.consume(recs(0, 1)), /shut down/);
  });

  it('makes the caller wait while the next consumer is slow (backpressure, no pile-up)', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 2, timeout: 60_000 }, { consume: () => gate });
    let done = false;
    const pending = batch.consume(recs(0, 2)).then(() => (done = true));
    await new Promise((r) => setImmediate(r));
    assert.equal(done, false);
    release();
    await pending;
    await batch.shutdown();
  });

  it('merges the acks of the calls that make a batch and splits the ack of a call spread over batches', async () => {
    const sent: Array<{ uids: string[]; ack: Ack }> = [];
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 4, timeout: 60_000 }, { consume: async (r, ack) => void sent.push({ uids: r.map((x) => x.uid), ack: ack as Ack }) });
    const a = settlements();
    const b = settlements();
    await batch.consume(recs(0, 3), a); // batch 1: a a a b
    await batch.consume(recs(3, 3), b); // b spreads over batch 1 and batch 2: b b
    assert.equal(sent.length, 1);
    await batch.shutdown();
    assert.deepEqual(sent.map((x) => x.uids), [['0', '1', '2', '3'], ['4', '5']]);
    sent[0].ack.ack();
    assert.deepEqual(a.settled, ['ack'], 'a is wholly in batch 1');
    assert.deepEqual(b.settled, [], 'b waits for batch 2 too');
    sent[1].ack.nack();
    assert.deepEqual(b.settled, ['nack'], 'a part of b was not delivered');
  });

  it('acks an empty call at once and nacks calls after shutdown', async () => {
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 4, timeout: 60_000 }, { consume: async (_r, ack) => ack?.ack() });
    const empty = settlements();
    await batch.consume([], empty);
    assert.deepEqual(empty.settled, ['ack']);
    await batch.shutdown();
    const late = settlements();
    await assert.rejects(batch.consume(recs(0, 1), late));
    assert.deepEqual(late.settled, ['nack']);
  });

  it('makes the caller wait while a batch sent by the timer is still in flight (no pile-up behind the timer)', async () => {
    let calls = 0;
    let release: () => void = () => {};
    const gate = new Promise<void>((r) => (release = r));
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 100, timeout: 10 }, { consume: () => (calls++, gate) });
    await batch.consume(recs(0, 1));
    for (let waited = 0; calls === 0 && waited < 30_000; waited += 5) await new Promise((r) => setTimeout(r, 5));
    assert.equal(calls, 1, 'the timer sent the first batch');
    let done = false;
    const pending = batch.consume(recs(1, 1)).then(() => (done = true));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(done, false, 'consume waits for the batch in flight');
    assert.equal(calls, 1, 'no second batch is parked behind the first');
    release();
    await pending;
    await batch.shutdown();
    assert.equal(calls, 2);
  });

  it('shutdown returns when its drain budget is spent, even if the next consumer never takes the batch', async () => {
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 100, timeout: 60_000 }, { consume: () => new Promise<void>(() => {}) });
    await batch.consume(recs(0, 3));
    await batch.shutdown(AbortSignal.timeout(100));
  });

  it('nacks the part of a call it could not pass on when the next consumer refuses a batch', async () => {
    const batch = new BatchProcessor({ logger: silentLogger() }, { send_batch_size: 2, timeout: 60_000 }, { consume: async (_r, ack) => (ack?.nack(), Promise.reject(new Error('refused'))) });
    const call = settlements();
    await assert.rejects(batch.consume(recs(0, 5), call), /refused/);
    assert.deepEqual(call.settled, ['nack'], 'settled once, as not delivered');
    await batch.shutdown();
  });
});

function settlements(): Ack & { settled: string[] } {
  const settled: string[] = [];
  return { settled, ack: () => void settled.push('ack'), nack: () => void settled.push('nack') };
}
