/**
 * Nothing the receiver keeps grows with the number of events in the cluster (issue 12): 200,000
 * events pass through the real receiver (sandbox API over HTTPS, acknowledged by the consumer,
 * checkpoint_dir set) while the cluster holds about 1,000 at a time, as Events expire. The
 * checkpoint's size and the heap after a full GC are sampled along the way; the old design kept a
 * (uid, resourceVersion) pair per event (about 114 B each, 23 MB at 200,000) and a 9 MiB file.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { CHECKPOINT_FILE } from '../src/receivers/k8s-events/checkpoint.ts';
import { startHarness, testEvent } from './support/receiver-harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const TOTAL = 200_000;
const LIVE = 1000;
/** Heap growth allowed between 50,000 and 200,000 events (the old design grew about 17 MB here). */
const HEAP_GROWTH_BOUND = 8 * 1024 * 1024;
/** The checkpoint stays this small whatever passed. */
const CHECKPOINT_BOUND = 1024;

const cleanup: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('k8s_events receiver over 200,000 events', () => {
  it('keeps a flat checkpoint and a flat heap', async (t) => {
    const dir = await mkdtemp(join(tmpdir(), 'tracecore-flat-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    let delivered = 0;
    const h = await startHarness({
      sandbox: { historyLimit: 5000 },
      config: { checkpoint_dir: dir },
      tuning: { checkpointDelayMs: 200 },
      consumer: () => ({
        consume: async (batch, ack) => {
          delivered += batch.length;
          ack?.ack();
        },
      }),
    });
    cleanup.push(() => h.close());
    await h.waitUntil('the watch to be open', () => h.sandbox.openWatches === 1);
    const names: Array<{ namespace: string; name: string }> = [];
    const samples: Array<{ events: number; heap: number; checkpoint: number }> = [];
    for (let i = 0; i < TOTAL; i++) {
      const stored = h.sandbox.store.add(testEvent(i, { metadata: { name: `pod-${i}.e${i}`, namespace: `ns-${i % 7}` } }));
      names.push({ namespace: stored.metadata.namespace ?? '', name: stored.metadata.name ?? '' });
      if (names.length > LIVE) h.sandbox.store.delete(names.shift() as { namespace: string; name: string });
      if (i % 1000 === 999) {
        await h.waitUntil(`${i + 1} delivered`, () => delivered >= i + 1, 60_000);
        if ((i + 1) % 25_000 === 0) {
          await new Promise((r) => setTimeout(r, 400)); // let the checkpoint be saved
          // The sandbox (same process) merges its pending key changes only when listed: do it,
          // so what is sampled is the receiver's memory, not the test API's backlog.
          h.sandbox.store.page(Number(h.sandbox.store.resourceVersion), undefined, undefined, 1);
          gc();
          const checkpoint = (await stat(join(dir, CHECKPOINT_FILE))).size;
          samples.push({ events: i + 1, heap: process.memoryUsage().heapUsed, checkpoint });
        }
      }
    }
    for (const s of samples) t.diagnostic(`${s.events} events: heap ${(s.heap / 1048576).toFixed(1)} MiB, checkpoint ${s.checkpoint} B`);
    const at50k = samples.find((s) => s.events === 50_000);
    const last = samples[samples.length - 1];
    assert.ok(at50k && last.events === TOTAL);
    assert.ok(samples.every((s) => s.checkpoint <= CHECKPOINT_BOUND), `checkpoint sizes ${samples.map((s) => s.checkpoint).join(', ')}`);
    assert.ok(last.heap - at50k.heap < HEAP_GROWTH_BOUND, `heap grew ${((last.heap - at50k.heap) / 1048576).toFixed(1)} MiB from 50,000 to 200,000 events`);
    assert.equal(delivered, TOTAL, 'each event once');
  });
});
