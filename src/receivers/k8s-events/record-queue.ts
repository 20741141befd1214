/**
 * The bounded queue between the watch and the pipeline: a ring buffer of records.
 *
 *   watch reader --offer()--> [ head ... size ... ] --takeBatch()--> pump --> next consumer
 *
 * `offer` never blocks: it returns false when full, and the reader either waits for room
 * (`whenRoom`, backpressure: pause) or drops and counts (backpressure: drop). The pump waits for
 * records with `whenNotEmpty`. Memory is bounded by `capacity` records. Each record carries a
 * numeric tag (the receiver's position sequence number) that comes out with it.
 */
import type { EventRecord } from '../../model/record.ts';

export class RecordQueue {
  readonly capacity: number;
  private readonly items: Array<EventRecord | undefined>;
  private readonly tags: Float64Array;
  private head = 0;
  private count = 0;
  private roomWaiters: Array<() => void> = [];
  private dataWaiters: Array<() => void> = [];

  constructor(capacity: number) {
    this.capacity = capacity;
    this.items = new Array<EventRecord | undefined>(capacity);
    this.tags = new Float64Array(capacity);
  }

  get size(): number {
    return this.count;
  }

  offer(record: EventRecord, tag = 0): boolean {
    if (this.count === this.capacity) return false;
    const at = (this.head + this.count) % this.capacity;
    this.items[at] = record;
    this.tags[at] = tag;
    this.count++;
    if (this.dataWaiters.length > 0) wake(this.dataWaiters.splice(0));
    return true;
  }

  /** Removes and returns up to `max` records, oldest first; their tags are appended to `tags`. */
  takeBatch(max: number, tags?: number[]): EventRecord[] {
    const n = Math.min(max, this.count);
    const batch = new Array<EventRecord>(n);
    for (let i = 0; i < n; i++) {
      batch[i] = this.items[this.head] as EventRecord;
      tags?.push(this.tags[this.head]);
      this.items[this.head] = undefined;
      this.head = (this.head + 1) % this.capacity;
    }
    this.count -= n;
    if (n > 0 && this.roomWaiters.length > 0) wake(this.roomWaiters.splice(0));
    return batch;
  }

  /** Resolves when there is room for at least one record, or when `signal` aborts. */
  whenRoom(signal: AbortSignal): Promise<void> {
    if (this.count < this.capacity || signal.aborted) return Promise.resolve();
    return waitOn(this.roomWaiters, signal);
  }

  /** Resolves when there is at least one record, or when `signal` aborts. */
  whenNotEmpty(signal: AbortSignal): Promise<void> {
    if (this.count > 0 || signal.aborted) return Promise.resolve();
    return waitOn(this.dataWaiters, signal);
  }
}

function wake(waiters: Array<() => void>): void {
  for (const w of waiters) w();
}

function waitOn(waiters: Array<() => void>, signal: AbortSignal): Promise<void> {
  return new Promise<void>((resolve) => {
    const done = (): void => {
      signal.removeEventListener('abort', done);
      const i = waiters.indexOf(done);
      if (i >= 0) waiters.splice(i, 1);
      resolve();
    };
    waiters.push(done);
    signal.addEventListener('abort', done, { once: true });
  });
}
