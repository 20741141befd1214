import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
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
});
