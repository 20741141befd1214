/**
 * The sending queue in front of an exporter: batches go in with `offer` (the exporter's consume),
 * come out with `take` (one call per consumer worker) and leave for good with `ack` once the
 * endpoint acknowledged them or they were given up on (and counted).
 *
 * Where the batches live is the store's business: memory (bounded in records) or a write-ahead
 * log on disk (bounded in bytes). This class does the bookkeeping both share:
 *
 *   offer ──> [ waiting: appended, not taken ] ──take──> in flight ──ack──> gone
 *             \________________ held (counts against capacity) ________/
 *
 * When there is no room, `when_full: block` makes offer wait, first come first served, until acks
 * make room; `drop` answers 'full' at once. A batch larger than the whole capacity is let in when
 * the queue is empty, so it is never refused forever.
 */
import { NO_ACK, type Ack } from '../../../component/ack.ts';
import type { EventRecord } from '../../../model/record.ts';

/** One batch as the store keeps it. */
export interface StoredEntry {
  /** Records in the batch. */
  readonly count: number;
  /** What it takes of the capacity (records in memory, bytes on disk). */
  readonly cost: number;
  /** Settled once the batch is delivered or given up on (memory); absent once durable on disk. */
  readonly ack?: Ack;
}

/** A batch prepared for appending: what it will cost is known before room is reserved. */
export interface PreparedBatch {
  readonly records: EventRecord[];
  readonly cost: number;
  readonly ack?: Ack;
}

export interface QueueStore<E extends StoredEntry = StoredEntry, P extends PreparedBatch = PreparedBatch> {
  readonly persistent: boolean;
  /** In the store's unit (records or bytes). */
  readonly capacity: number;
  /** Opens the store; returns what a previous run left unacknowledged, oldest first. */
  open(): Promise<E[]>;
  /** `ack` is kept with the entry by a store that is not persistent (settled after sending). */
  prepare(records: EventRecord[], ack: Ack | undefined): P;
  /** Appends; returns the entry at once and a promise of whether it became durable (never rejects). */
  append(batch: P): { entry: E; durable: Promise<boolean> };
  /** The records of an entry; throws CorruptEntryError when they cannot be read back. */
  load(entry: E): Promise<EventRecord[]>;
  ack(entry: E): void;
  /** The capacity in records for the capacity gauge (an estimate when the unit is bytes). */
  capacityInRecords(heldRecords: number, heldCost: number): number;
  close(): Promise<void>;
}

export class CorruptEntryError extends Error {
  override readonly name = 'CorruptEntryError';
}

export class QueueClosedError extends Error {
  override readonly name = 'QueueClosedError';
  constructor() {
    super('the sending queue is closed: the exporter is shutting down');
  }
}

export interface QueueEntry {
  readonly records: EventRecord[];
  /** The offerer's ack for an in-memory entry, settled by whoever settles the entry; NO_ACK on disk. */
  readonly ack: Ack;
}

/** `not_durable`: queued, but the flush to disk failed (it may not survive a power loss). */
export type OfferResult = 'queued' | 'full' | 'not_durable';

export interface QueueObserver {
  /** Records held and the capacity in records changed. */
  sizeChanged(heldRecords: number, capacityRecords: number): void;
  /** An entry could not be read back and was skipped. */
  corruptEntry(error: CorruptEntryError): void;
}

/** The queue as an exporter uses it, whatever the store. */
export interface ExporterQueue {
  readonly persistent: boolean;
  readonly size: number;
  open(): Promise<number>;
  offer(records: EventRecord[], ack?: Ack): Promise<OfferResult>;
  take(signal: AbortSignal): Promise<QueueEntry | undefined>;
  ack(entry: QueueEntry): void;
  close(): void;
  dispose(): Promise<number>;
}

interface Taken<E> extends QueueEntry {
  readonly stored: E;
}

interface PendingOffer<P> {
  readonly batch: P;
  resolve(result: OfferResult): void;
  reject(error: unknown): void;
}

export class SendingQueue<E extends StoredEntry = StoredEntry, P extends PreparedBatch = PreparedBatch> implements ExporterQueue {
  private readonly store: QueueStore<E, P>;
  private readonly block: boolean;
  private readonly observer: QueueObserver;
  private waiting: Array<E | undefined> = [];
  private waitingHead = 0;
  private readonly takers: Array<(entry: E | undefined) => void> = [];
  private readonly offers: Array<PendingOffer<P>> = [];
  private heldRecords = 0;
  private heldCost = 0;
  private closed = false;

  constructor(store: QueueStore<E, P>, options: { whenFull: 'block' | 'drop'; observer: QueueObserver }) {
    this.store = store;
    this.block = options.whenFull === 'block';
    this.observer = options.observer;
  }

  get persistent(): boolean {
    return this.store.persistent;
  }

  /** Records held: waiting or in flight, not yet acknowledged. */
  get size(): number {
    return this.heldRecords;
  }

  /** Opens the store; returns the records recovered from a previous run. */
  async open(): Promise<number> {
    const recovered = await this.store.open();
    for (const entry of recovered) {
      this.hold(entry);
      this.waiting.push(entry);
    }
    this.changed();
    return this.heldRecords;
  }

  /**
   * Adds a batch. Resolves 'queued' once it is in the queue (and durable, for a persistent one),
   * or 'full' when there is no room and the policy is drop. Rejects with QueueClosedError once the
   * queue is closed, or with the store's error when it cannot append.
   */
  offer(records: EventRecord[], ack?: Ack): Promise<OfferResult> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    const batch = this.store.prepare(records, this.store.persistent ? undefined : ack);
    if (this.offers.length === 0 && this.fits(batch.cost)) return this.admit(batch);
    if (!this.block) return Promise.resolve('full');
    return new Promise<OfferResult>((resolve, reject) => this.offers.push({ batch, resolve, reject }));
  }

  /** The next batch, oldest first; undefined once closed and empty, or when `signal` aborts. */
  async take(signal: AbortSignal): Promise<QueueEntry | undefined> {
    for (;;) {
      const stored = this.nextWaiting() ?? (await this.waitForEntry(signal));
      if (stored === undefined) return undefined;
      try {
        const records = await this.store.load(stored);
        const taken: Taken<E> = { records, stored, ack: stored.ack ?? NO_ACK };
        return taken;
      } catch (error) {
        if (!(error instanceof CorruptEntryError)) throw error;
        this.observer.corruptEntry(error);
        stored.ack?.nack();
        this.release(stored);
      }
    }
  }

  /** The batch was delivered or given up on (and counted): it leaves the queue for good. */
  ack(entry: QueueEntry): void {
    this.release((entry as Taken<E>).stored);
  }

  /** Stops accepting: waiting offers reject with QueueClosedError; take() drains what is left. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const offer of this.offers.splice(0)) offer.reject(new QueueClosedError());
    if (this.waitingCount() === 0) for (const taker of this.takers.splice(0)) taker(undefined);
  }

  /**
   * Closes the store; returns the records still held (lost for memory, kept on disk for a
   * persistent queue). Entries still waiting are not delivered: their acks are nacked.
   */
  async dispose(): Promise<number> {
    this.close();
    for (let i = this.waitingHead; i < this.waiting.length; i++) this.waiting[i]?.ack?.nack();
    await this.store.close();
    return this.heldRecords;
  }

  private fits(cost: number): boolean {
    return this.heldCost === 0 || this.heldCost + cost <= this.store.capacity;
  }

  private async admit(batch: P): Promise<OfferResult> {
    const { entry, durable } = this.store.append(batch);
    this.hold(entry);
    this.changed();
    const taker = this.takers.shift();
    if (taker) taker(entry);
    else this.waiting.push(entry);
    return (await durable) ? 'queued' : 'not_durable';
  }

  private hold(entry: E): void {
    this.heldRecords += entry.count;
    this.heldCost += entry.cost;
  }

  private release(entry: E): void {
    this.heldRecords -= entry.count;
    this.heldCost -= entry.cost;
    this.store.ack(entry);
    while (this.offers.length > 0 && this.fits(this.offers[0].batch.cost)) {
      const offer = this.offers.shift() as PendingOffer<P>;
      this.admit(offer.batch).then(offer.resolve, offer.reject);
    }
    this.changed();
  }

  private nextWaiting(): E | undefined {
    if (this.waitingHead >= this.waiting.length) return undefined;
    const entry = this.waiting[this.waitingHead] as E;
    // Release the slot at once: a taken entry must not stay reachable from here after its ack.
    this.waiting[this.waitingHead++] = undefined;
    if (this.waitingHead > 1024 && this.waitingHead * 2 > this.waiting.length) {
      this.waiting = this.waiting.slice(this.waitingHead);
      this.waitingHead = 0;
    }
    return entry;
  }

  private waitingCount(): number {
    return this.waiting.length - this.waitingHead;
  }

  private waitForEntry(signal: AbortSignal): Promise<E | undefined> {
    if (this.closed || signal.aborted) return Promise.resolve(undefined);
    return new Promise<E | undefined>((resolve) => {
      const onAbort = () => {
        const i = this.takers.indexOf(deliver);
        if (i >= 0) this.takers.splice(i, 1);
        resolve(undefined);
      };
      const deliver = (entry: E | undefined) => {
        signal.removeEventListener('abort', onAbort);
        resolve(entry);
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.takers.push(deliver);
    });
  }

  private changed(): void {
    this.observer.sizeChanged(this.heldRecords, this.store.capacityInRecords(this.heldRecords, this.heldCost));
  }
}
