/**
 * The in-memory store: encoded batches kept as they will be sent, bounded in bytes. Lost on a
 * crash; counted as dropped{reason="shutdown"} (and nacked) if still held when the exporter's
 * shutdown budget runs out.
 */
import type { Ack } from '../../../component/ack.ts';
import type { Payload } from '../transport.ts';
import type { PreparedBatch, QueueStore, StoredEntry } from './sending-queue.ts';

interface MemoryEntry extends StoredEntry, PreparedBatch {}

/** What a held batch costs besides its body (the entry and payload objects), counted against the bound. */
const ENTRY_OVERHEAD_BYTES = 200;

export class MemoryStore implements QueueStore<MemoryEntry, MemoryEntry> {
  readonly persistent = false;
  readonly capacity: number;

  constructor(capacityBytes: number) {
    this.capacity = capacityBytes;
  }

  async open(): Promise<MemoryEntry[]> {
    return [];
  }

  prepare(payload: Payload, ack: Ack | undefined): MemoryEntry {
    return { payload, count: payload.count, cost: payload.body.byteLength + ENTRY_OVERHEAD_BYTES, ack };
  }

  append(batch: MemoryEntry): { entry: MemoryEntry; durable: Promise<boolean> } {
    return { entry: batch, durable: Promise.resolve(true) };
  }

  async load(entry: MemoryEntry): Promise<Payload> {
    return entry.payload;
  }

  ack(): void {
    // nothing to release: the entry is garbage once the queue lets go of it
  }

  async close(): Promise<void> {
    // nothing to close
  }
}
