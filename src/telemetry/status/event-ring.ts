/**
 * The last N records the receiver accepted (default 50), newest first when read. Holds references
 * to records already built (no copy on the hot path); what the page shows is cut when read.
 */
import type { EventRecord } from '../../model/record.ts';

export class EventRing {
  readonly capacity: number;
  private readonly slots: Array<EventRecord | undefined>;
  private next = 0;
  private filled = 0;

  constructor(capacity = 50) {
    this.capacity = capacity;
    this.slots = new Array<EventRecord | undefined>(capacity).fill(undefined);
  }

  push(record: EventRecord): void {
    this.slots[this.next] = record;
    this.next = (this.next + 1) % this.capacity;
    if (this.filled < this.capacity) this.filled++;
  }

  /** Newest first. */
  newestFirst(): EventRecord[] {
    const out: EventRecord[] = [];
    for (let i = 1; i <= this.filled; i++) out.push(this.slots[(this.next - i + this.capacity) % this.capacity] as EventRecord);
    return out;
  }
}
