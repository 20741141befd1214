/**
 * Events per second by hint over a sliding window (default 15 minutes), for the status page's
 * chart. Bounded: one fixed Uint32Array of window × (hints + 1) counters, reused in a ring; a
 * slot is cleared when its second comes round again. Counting is two array writes.
 */
import { HINTS } from '../../model/hint.ts';

/** The label of records without a hint. */
export const NO_HINT = 'none';

export interface RateSeries {
  /** Unix seconds at the end (exclusive) of the last bucket. */
  readonly end: number;
  readonly bucketSeconds: number;
  /** Events per bucket, oldest first, every hint summed. */
  readonly total: number[];
  /** Only hints seen in the window, each with its events per bucket and its sum. */
  readonly byHint: Array<{ hint: string; counts: number[]; total: number }>;
}

export class HintRate {
  readonly windowSeconds: number;
  readonly labels: readonly string[];
  private readonly index = new Map<string, number>();
  private readonly width: number;
  private readonly counts: Uint32Array;
  /** The Unix second each slot holds, -1 while empty. */
  private readonly slotSecond: Float64Array;

  constructor(windowSeconds = 900, hints: readonly string[] = HINTS) {
    this.windowSeconds = windowSeconds;
    this.labels = [...hints, NO_HINT];
    this.labels.forEach((label, i) => this.index.set(label, i));
    this.width = this.labels.length;
    this.counts = new Uint32Array(windowSeconds * this.width);
    this.slotSecond = new Float64Array(windowSeconds).fill(-1);
  }

  /** Counts one event at `unixSecond` (an integer). Older than the slot's current second: ignored. */
  count(hint: string | undefined, unixSecond: number): void {
    const slot = unixSecond % this.windowSeconds;
    const held = this.slotSecond[slot];
    if (held !== unixSecond) {
      if (unixSecond < held) return;
      this.counts.fill(0, slot * this.width, (slot + 1) * this.width);
      this.slotSecond[slot] = unixSecond;
    }
    const column = hint === undefined ? this.width - 1 : (this.index.get(hint) ?? this.width - 1);
    this.counts[slot * this.width + column]++;
  }

  /** The window ending with `nowSecond` (included), summed into buckets of `bucketSeconds`. */
  series(nowSecond: number, bucketSeconds: number): RateSeries {
    const buckets = Math.ceil(this.windowSeconds / bucketSeconds);
    const end = (Math.floor(nowSecond / bucketSeconds) + 1) * bucketSeconds;
    const start = end - buckets * bucketSeconds;
    const perHint = this.labels.map(() => new Array<number>(buckets).fill(0));
    const total = new Array<number>(buckets).fill(0);
    for (let slot = 0; slot < this.windowSeconds; slot++) {
      const second = this.slotSecond[slot];
      if (second < start || second >= end) continue;
      const bucket = Math.floor((second - start) / bucketSeconds);
      for (let column = 0; column < this.width; column++) {
        const n = this.counts[slot * this.width + column];
        if (n === 0) continue;
        perHint[column][bucket] += n;
        total[bucket] += n;
      }
    }
    const byHint = this.labels
      .map((hint, column) => ({ hint, counts: perHint[column], total: perHint[column].reduce((a, b) => a + b, 0) }))
      .filter((h) => h.total > 0);
    return { end, bucketSeconds, total, byHint };
  }
}
