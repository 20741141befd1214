/**
 * Noise control for recurring events (`throttle`, off by default): the first record of a
 * recurring event (same regarding object and reason) passes, then at most one per `interval` of
 * event time; the records that pass carry the Event's own `series.count`, which tells the total.
 * Bounded: at most `max_keys` events remembered, least recently seen forgotten first (a forgotten
 * event passes again on its next record).
 */
import type { EventRecord } from '../../model/record.ts';
import { BoundedLru } from './bounded-lru.ts';

export class Throttle {
  private readonly lastPassed: BoundedLru<string, number>;
  private readonly intervalMicros: number;

  constructor(intervalMs: number, maxKeys: number) {
    this.intervalMicros = intervalMs * 1000;
    this.lastPassed = new BoundedLru(maxKeys);
  }

  get size(): number {
    return this.lastPassed.size;
  }

  /** True if the record passes (and is remembered as passed). */
  passes(record: EventRecord): boolean {
    const r = record.regarding;
    const key = `${r.uid ?? `${r.kind ?? ''}/${r.namespace ?? ''}/${r.name ?? ''}`}\u0000${record.reason ?? ''}`;
    const last = this.lastPassed.touch(key);
    const t = record.timeUnixMicros;
    if (last !== undefined && t < last + this.intervalMicros) return false;
    this.lastPassed.set(key, t);
    return true;
  }
}
