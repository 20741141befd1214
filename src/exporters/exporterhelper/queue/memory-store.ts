/**
 * The in-memory store: batches are kept as they were given (records are immutable and shared),
 * bounded in records. Lost on a crash; counted as dropped{reason="shutdown"} if still held when
 * the exporter's shutdown budget runs out.
 */
import type { Ack } from '../../../component/ack.ts';
import type { EventRecord } from '../../../model/record.ts';
import type { PreparedBatch, QueueStore, StoredEntry } from './sending-queue.ts';

interface MemoryEntry extends StoredEntry {
  readonly records: EventRecord[];
}

export class MemoryStore implements QueueStore<MemoryEntry, MemoryEntry> {
  readonly persistent = false;
  readonly capacity: number;

  constructor(capacityRecords: number) {
    this.capacity = capacityRecords;
  }

  async open(): Promise<MemoryEntry[]> {
    return [];
  }

  prepare(records: EventRecord[], ack: Ack | undefined): MemoryEntry & PreparedBatch {
    return { records, count: records.length, cost: records.length, ack };
  }

  append(batch: MemoryEntry): { entry: MemoryEntry; durable: Promise<boolean> } {
    return { entry: batch, durable: Promise.resolve(true) };
  }

  async load(entry: MemoryEntry): Promise<EventRecord[]> {
    return entry.records;
  }

  ack(): void {
    // nothing to release: the entry is garbage once the queue lets go of it
  }

  capacityInRecords(): number {
    return this.capacity;
  }

  async close(): Promise<void> {
    // nothing to close
  }
}
