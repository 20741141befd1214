import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EventRecord } from '../../../model/record.ts';
import { enrichConfigSchema } from './config.ts';
import { LruTtlCache } from './lru-ttl-cache.ts';
import { MAX_IN_FLIGHT, MAX_QUEUED, OwnerEnricher } from './owner-enricher.ts';

function podRecord(name: string): EventRecord {
  return { regarding: { kind: 'Pod', namespace: 'shop', name }, attributes: [] } as unknown as EventRecord;
}

describe('LruTtlCache', () => {
  it('evicts the least recently used beyond its size and expires entries after their ttl', () => {
    let now = 0;
    const cache = new LruTtlCache<number>(2, () => now);
    cache.set('a', 1, 1000);
    cache.set('b', 2, 1000);
    assert.equal(cache.get('a'), 1); // a is now the most recent
    cache.set('c', 3, 1000);
    assert.equal(cache.get('b'), undefined, 'b was least recently used');
    assert.equal(cache.get('a'), 1);
    now = 1000;
    assert.equal(cache.get('a'), undefined, 'expired');
    assert.equal(cache.size, 1);
  });
});

describe('OwnerEnricher under churn', () => {
  it('100,000 distinct pods with a 1,000-entry cache: memory stays bounded, lookups stay bounded, never waits', async () => {
    const config = enrichConfigSchema.parse({ owners: true, labels: ['team', 'app.kubernetes.io/name'], cache_size: 1000 });
    let inFlight = 0;
    let maxInFlight = 0;
    let gets = 0;
    const pending: Array<() => void> = [];
    const enricher = new OwnerEnricher(config, {
      get: (path) => {
        gets++;
        inFlight++;
        maxInFlight = Math.max(maxInFlight, inFlight);
        return new Promise((resolve) => {
          pending.push(() => {
            inFlight--;
            const name = path.slice(path.lastIndexOf('/') + 1);
            resolve({ object: { metadata: { name, labels: { team: 'shop', 'app.kubernetes.io/name': name, big: 'x'.repeat(4096) } } } });
          });
        });
      },
      tryTake: () => true,
      onMiss: () => {},
      onLookup: () => {},
    });
    // A real collection before each sample, so the number is what is retained, not garbage not yet collected.
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const heap = (): number => {
      gc();
      return process.memoryUsage().heapUsed;
    };
    const start = heap();
    let peak = 0;
    for (let round = 0; round < 100; round++) {
      for (let i = 0; i < 1000; i++) {
        const out = enricher.enrich(podRecord(`pod-${round}-${i}`));
        assert.equal(out.attributes.length, 0, 'a miss goes out at once, unchanged');
      }
      // Answer what is in flight (the enricher refills up to MAX_IN_FLIGHT as each settles).
      while (pending.length > 0) {
        pending.shift()?.();
        await new Promise((resolve) => setImmediate(resolve));
      }
      if (round % 10 === 9) peak = Math.max(peak, heap() - start);
    }
    assert.ok(enricher.cacheSize <= 1000, `cache holds ${enricher.cacheSize}`);
    assert.ok(maxInFlight <= MAX_IN_FLIGHT);
    assert.ok(gets <= 100 * MAX_QUEUED + MAX_IN_FLIGHT * 100, `lookups bounded by the queue: ${gets}`);
    // Stated bound: 1,000 cached summaries of a few short strings each, plus a bounded queue: < 16 MiB.
    if (process.env.TRACECORE_PRINT_MEASUREMENTS) console.log(`enrichment churn: heap grew ${(peak / 1048576).toFixed(2)} MiB, ${gets} lookups, cache ${enricher.cacheSize}`);
    assert.ok(peak < 16 * 1024 * 1024, `heap grew ${(peak / 1048576).toFixed(1)} MiB`);
    enricher.close();
  });
});
