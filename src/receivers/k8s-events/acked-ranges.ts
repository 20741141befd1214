/**
 * What is acknowledged, as resourceVersion ranges: a watermark W (every event with RV <= W was
 * acknowledged) and, above it, disjoint half-open ranges (lo, hi] in which every event was
 * acknowledged. The ranges stay few: in-order acknowledgements only extend the watermark; a range
 * exists above it only while something below it is in flight or was not acknowledged (a nack
 * leaves a hole). Bounded by `maxRanges`: past it, the lowest hole is given up (the watermark
 * jumps over it) and counted, so a restart would not send what fell in that hole again.
 */
import { compareRv, maxRv, RV_ZERO } from './resource-version.ts';

export type Range = [lo: string, hi: string];

export class AckedRanges {
  private mark: string;
  private readonly ranges: Range[];
  private readonly maxRanges: number;
  private markMovedAt: number;

  constructor(maxRanges: number, watermark: string = RV_ZERO, ranges: readonly Range[] = [], watermarkTime = 0) {
    this.maxRanges = maxRanges;
    this.mark = watermark;
    this.ranges = [];
    this.markMovedAt = watermarkTime;
    for (const [lo, hi] of ranges) this.add(lo, hi);
  }

  /** Every event with a resourceVersion at or below this was acknowledged (RV_ZERO: none yet). */
  get watermark(): string {
    return this.mark;
  }

  /** Wall-clock milliseconds when the watermark last moved (0: never). */
  get watermarkTime(): number {
    return this.markMovedAt;
  }

  /** The ranges above the watermark, lowest first (a copy). */
  list(): Range[] {
    return this.ranges.map(([lo, hi]) => [lo, hi]);
  }

  get size(): number {
    return this.ranges.length;
  }

  covers(rv: string): boolean {
    if (compareRv(rv, this.mark) <= 0) return true;
    let low = 0;
    let high = this.ranges.length - 1;
    while (low <= high) {
      const mid = (low + high) >> 1;
      const [lo, hi] = this.ranges[mid];
      if (compareRv(rv, lo) <= 0) high = mid - 1;
      else if (compareRv(rv, hi) > 0) low = mid + 1;
      else return true;
    }
    return false;
  }

  /** Adds (lo, hi]; returns how many holes were given up to stay within `maxRanges`. */
  add(lo: string, hi: string): number {
    if (compareRv(hi, lo) <= 0) return 0;
    if (compareRv(lo, this.mark) <= 0) {
      this.raiseMark(hi);
      this.absorb();
      return 0;
    }
    const last = this.ranges[this.ranges.length - 1];
    if (last === undefined || compareRv(lo, last[1]) > 0) {
      this.ranges.push([lo, hi]);
    } else if (compareRv(lo, last[0]) >= 0) {
      last[1] = maxRv(last[1], hi);
    } else {
      this.insertMerging(lo, hi);
    }
    let givenUp = 0;
    while (this.ranges.length > this.maxRanges) {
      const lowest = this.ranges.shift() as Range;
      this.raiseMark(lowest[1]);
      givenUp++;
      this.absorb();
    }
    return givenUp;
  }

  private raiseMark(rv: string): void {
    if (compareRv(rv, this.mark) <= 0) return;
    this.mark = rv;
    this.markMovedAt = Date.now();
  }

  /** Folds ranges that now touch the watermark into it. */
  private absorb(): void {
    while (this.ranges.length > 0 && compareRv(this.ranges[0][0], this.mark) <= 0) {
      const [, hi] = this.ranges.shift() as Range;
      this.raiseMark(hi);
    }
  }

  private insertMerging(lo: string, hi: string): void {
    let i = 0;
    while (i < this.ranges.length && compareRv(this.ranges[i][1], lo) < 0) i++;
    let newLo = lo;
    let newHi = hi;
    let j = i;
    while (j < this.ranges.length && compareRv(this.ranges[j][0], newHi) <= 0) {
      if (compareRv(this.ranges[j][0], newLo) < 0) newLo = this.ranges[j][0];
      newHi = maxRv(newHi, this.ranges[j][1]);
      j++;
    }
    this.ranges.splice(i, j - i, [newLo, newHi]);
  }
}
