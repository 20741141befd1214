/**
 * How many new occurrences a record reports. A recurring Event comes back with a higher
 * `series.count` (or deprecatedCount) each time; detectors count occurrences, not records, so a
 * record contributes the growth of its count since the same Event (uid) was last seen, and the
 * first time an Event is seen, its whole count (it happened that often, the last time at its event
 * time). Bounded: the last count of at most `capacity` Events is remembered, least recently seen
 * forgotten first (a forgotten Event counts in full again, which errs towards firing).
 */
import type { EventRecord } from '../../model/record.ts';
import { BoundedLru } from './bounded-lru.ts';

export class Occurrences {
  private readonly lastCount: BoundedLru<string, number>;

  constructor(capacity: number) {
    this.lastCount = new BoundedLru(capacity);
  }

  get size(): number {
    return this.lastCount.size;
  }

  /** New occurrences this record reports (0 when its count did not grow: a re-delivery). */
  of(record: EventRecord): number {
    const last = this.lastCount.touch(record.uid);
    const count = record.count;
    if (last === undefined) {
      this.lastCount.set(record.uid, count);
      return count;
    }
    if (count <= last) return 0;
    this.lastCount.set(record.uid, count);
    return count - last;
  }
}
