/**
 * Samples this process's memory while a test runs, to compare with a stated bound: RSS (what the
 * kernel's memory limit sees) and the V8 heap after a full collection (what is kept alive, not
 * garbage waiting to be collected). `gc` is reached without --expose-gc via the V8 flag at run time.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

/** A full garbage collection, then the heap in use (bytes). */
export function liveHeapBytes(): number {
  collect();
  return process.memoryUsage().heapUsed;
}

export interface MemorySample {
  readonly maxRssBytes: number;
  readonly maxHeapBytes: number;
  readonly samples: number;
}

/** Samples RSS and heap (no forced collection) every `intervalMs` until stop(). */
export function sampleMemory(intervalMs = 25): { stop(): MemorySample } {
  let maxRssBytes = 0;
  let maxHeapBytes = 0;
  let samples = 0;
  const take = (): void => {
    const usage = process.memoryUsage();
    maxRssBytes = Math.max(maxRssBytes, usage.rss);
    maxHeapBytes = Math.max(maxHeapBytes, usage.heapUsed);
    samples++;
  };
  take();
  const timer = setInterval(take, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      take();
      return { maxRssBytes, maxHeapBytes, samples };
    },
  };
}

export const MiB = 1024 * 1024;
