/**
 * The sending queue in front of an exporter: encoded batches (Payload: serialized and compressed,
 * as they go on the wire: the smallest form a batch has) go in with `offer` (the exporter's consume),
 * come out with `take` (one call per consumer worker) and leave for good with `ack` once the
 * endpoint acknowledged them or they were given up on (and counted).
 *
 * Where the batches live is the store's business: memory or a write-ahead log on disk, both
 * bounded in bytes (`queue.max_bytes`; in memory also in records, `queue.size`). This class does
 * the bookkeeping both share:
 *
 *   offer ──> [ waiting: appended, not taken ] ──take──> in flight ──ack──> gone
 *             \________________ held (counts against capacity) ________/
 *
 * When there is no room, `when_full: block` makes offer wait, first come first served, until acks
 * make room; `drop` answers 'full' at once. A batch larger than the whole capacity is let in when
 * the queue is empty, so it is never refused forever. A disk with no space left (the store throws
 * QueueStorageFullError) is a full queue too: offers wait (block) or are refused (drop), and are
 * tried again at every acknowledgement and every DISK_FULL_RETRY_MS. The offers waiting are bounded by the
 * callers: each caller (a pipeline's last processor, or a receiver) awaits its offer before it
 * makes another, so there is at most one per pipeline feeding this exporter.
 */
import { NO_ACK, type Ack } from '../../../component/ack.ts';
import type { Payload } from '../transport.ts';

/** One batch as the store keeps it. */
export interface StoredEntry {
  /** Records in the batch. */
  readonly count: number;
  /** What it takes of the capacity, in bytes. */
  readonly cost: number;
  /** Settled once the batch is delivered or given up on (memory); absent once durable on disk. */
  readonly ack?: Ack;
}

/** A batch prepared for appending: what it will cost is known before room is reserved. */
export interface PreparedBatch {
  readonly payload: Payload;
  readonly cost: number;
  readonly ack?: Ack;
}

export interface QueueStore<E extends StoredEntry = StoredEntry, P extends PreparedBatch = PreparedBatch> {
  readonly persistent: boolean;
  /** In bytes. */
  readonly capacity: number;
  /** Opens the store; returns what a previous run left unacknowledged, oldest first. */
  open(): Promise<E[]>;
  /** `ack` is kept with the entry by a store that is not persistent (settled after sending). */
  prepare(payload: Payload, ack: Ack | undefined): P;
  /** Appends; returns the entry at once and a promise of whether it became durable (never rejects). */
  append(batch: P): { entry: E; durable: Promise<boolean> };
  /** The batch of an entry; throws CorruptEntryError when it cannot be read back. */
  load(entry: E): Promise<Payload>;
  ack(entry: E): void;
  close(): Promise<void>;
}

export class CorruptEntryError extends Error {
  override readonly name = 'CorruptEntryError';
}

/** The store could not append for lack of space (ENOSPC, EDQUOT): the queue is full, not broken. */
export class QueueStorageFullError extends Error {
  override readonly name = 'QueueStorageFullError';
}

/** How often offers waiting on a full disk try again when no acknowledgement makes room. */
export const DISK_FULL_RETRY_MS = 1000;

export class QueueClosedError extends Error {
  override readonly name = 'QueueClosedError';
  constructor() {
    super('the sending queue is closed: the exporter is shutting down');
  }
}

export interface QueueEntry {
  readonly payload: Payload;
  /** The offerer's ack for an in-memory entry, settled by whoever settles the entry; NO_ACK on disk. */
  readonly ack: Ack;
}

/** `not_durable`: queued, but the flush to disk failed (it may not survive a power loss). */
export type OfferResult = 'queued' | 'full' | 'not_durable';

export interface QueueObserver {
  /** Records and bytes held changed. */
  sizeChanged(heldRecords: number, heldBytes: number): void;
  /** An entry could not be read back and was skipped. */
  corruptEntry(error: CorruptEntryError): void;
  /** The disk had no room for a batch: it waits (block) or is refused (drop). */
  storageFull(error: QueueStorageFullError): void;
}

/** The queue as an exporter uses it, whatever the store. */
export interface ExporterQueue {
  readonly persistent: boolean;
  readonly size: number;
  open(): Promise<number>;
  readonly bytes: number;
  offer(payload: Payload, ack?: Ack): Promise<OfferResult>;
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
  private diskFullRetry: NodeJS.Timeout | undefined;

  private readonly maxRecords: number;

  constructor(store: QueueStore<E, P>, options: { whenFull: 'block' | 'drop'; observer: QueueObserver; maxRecords?: number }) {
    this.store = store;
    this.maxRecords = options.maxRecords ?? Number.MAX_SAFE_INTEGER;
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

  /** Bytes held (encoded batches; on disk, with their frame headers). */
  get bytes(): number {
    return this.heldCost;
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
  offer(payload: Payload, ack?: Ack): Promise<OfferResult> {
    if (this.closed) return Promise.reject(new QueueClosedError());
    const batch = this.store.prepare(payload, this.store.persistent ? undefined : ack);
    if (this.offers.length === 0 && this.fits(batch)) {
      const admitted = this.tryAdmit(batch);
      if (admitted) return admitted;
    }
    if (!this.block) return Promise.resolve('full');
    return new Promise<OfferResult>((resolve, reject) => this.offers.push({ batch, resolve, reject }));
  }

  /** The next batch, oldest first; undefined once closed and empty, or when `signal` aborts. */
  async take(signal: AbortSignal): Promise<QueueEntry | undefined> {
    for (;;) {
      const stored = this.nextWaiting() ?? (await this.waitForEntry(signal));
      if (stored === undefined) return undefined;
      try {
        const payload = await this.store.load(stored);
        const taken: Taken<E> = { payload, stored, ack: stored.ack ?? NO_ACK };
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
    clearTimeout(this.diskFullRetry);
    this.diskFullRetry = undefined;
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

  private fits(batch: P): boolean {
    if (this.heldCost === 0) return true;
    return this.heldCost + batch.cost <= this.store.capacity && this.heldRecords + batch.payload.count <= this.maxRecords;
  }

  /** Appends; undefined when the disk has no room (the caller waits or refuses). */
  private tryAdmit(batch: P): Promise<OfferResult> | undefined {
    let appended;
    try {
      appended = this.store.append(batch);
    } catch (error) {
      if (!(error instanceof QueueStorageFullError)) return Promise.reject(error);
      this.observer.storageFull(error);
      this.retryOnDiskFull();
      return undefined;
    }
    const { entry, durable } = appended;
    this.hold(entry);
    this.changed();
    const taker = this.takers.shift();
    if (taker) taker(entry);
    else this.waiting.push(entry);
    return durable.then((ok) => (ok ? 'queued' : 'not_durable'));
  }

  /** Lets waiting offers in, oldest first, while they fit. */
  private admitWaiting(): void {
    while (this.offers.length > 0 && this.fits(this.offers[0].batch)) {
      const offer = this.offers[0];
      const admitted = this.tryAdmit(offer.batch);
      if (!admitted) return;
      this.offers.shift();
      admitted.then(offer.resolve, offer.reject);
    }
  }

  /** A full disk can get room without an ack of ours (another file deleted): look again soon. */
  private retryOnDiskFull(): void {
    if (this.diskFullRetry !== undefined || this.closed || !this.block) return;
    this.diskFullRetry = setTimeout(() => {
      this.diskFullRetry = undefined;
      this.admitWaiting();
    }, DISK_FULL_RETRY_MS);
    this.diskFullRetry.unref();
  }

  private hold(entry: E): void {
    this.heldRecords += entry.count;
    this.heldCost += entry.cost;
  }

  private release(entry: E): void {
    this.heldRecords -= entry.count;
    this.heldCost -= entry.cost;
    this.store.ack(entry);
    this.admitWaiting();
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
    this.observer.sizeChanged(this.heldRecords, this.heldCost);
  }
}
