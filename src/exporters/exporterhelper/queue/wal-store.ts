/**
 * The persistent store: a write-ahead log in one directory per exporter.
 *
 *   DIR/<exporter>/0000000000000001.wal   segments, append-only, frames (wal-frame.ts)
 *                  0000000000000002.wal   the one being written
 *                  ack                    {"segment":1,"offset":4096}: everything before is acknowledged
 *                  lock                   pid of the process using the directory
 *
 * Appending writes the frame at the end of the current segment (a new one after max segment size,
 * and at every start); with `fsync` the batch is accepted only once fdatasync returned. Acking
 * moves the ack pointer over the acknowledged prefix (written to `ack.tmp`, renamed over `ack`:
 * never torn) and deletes segments wholly before it.
 *
 * On open, frames from the ack pointer on are the batches a previous run accepted and did not get
 * acknowledged: they are sent again (at least once; a batch acknowledged just before a crash,
 * before the pointer moved, is sent twice). A torn tail (a write cut short) or a corrupt frame is
 * skipped and reported, never fatal.
 *
 * Each frame holds one encoded batch as it goes on the wire (payload-codec.ts). Recent batches
 * stay in memory as well (up to CACHE_BYTES), so while the endpoint keeps up nothing is read back
 * from disk.
 */
import { fsyncSync, closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EventRecord } from '../../../model/record.ts';
import type { Payload } from '../transport.ts';
import { decodePayload, encodePayload, isRecordsFormat } from './payload-codec.ts';
import { decodeRecords } from './record-codec.ts';
import { lockQueueDir, type DirLock } from './wal-lock.ts';
import { encodeFrame, framePayload, scanSegment, type CorruptRegion } from './wal-frame.ts';
import { SegmentWriter } from './segment-writer.ts';
import { CorruptEntryError, QueueStorageFullError, type PreparedBatch, type QueueStore, type StoredEntry } from './sending-queue.ts';

const NO_SPACE = new Set(['ENOSPC', 'EDQUOT']);

const SEGMENT_NAME = /^(\d{16})\.wal$/;
const CACHE_BYTES = 4 * 1024 * 1024;

export interface WalEntry extends StoredEntry {
  readonly segment: number;
  readonly offset: number;
  /** Frame size on disk (= cost). */
  readonly bytes: number;
  acked: boolean;
  /** The batch while it is cached in memory. */
  payload: Payload | undefined;
}

export interface WalPrepared extends PreparedBatch {
  readonly frame: Buffer;
}

export interface WalStoreOptions {
  readonly dir: string;
  readonly maxBytes: number;
  readonly fsync: boolean;
  /** Defaults to max_bytes / 8 within [64 KiB, 16 MiB]. */
  readonly segmentBytes?: number;
  /** A torn or corrupt region skipped at open (the records in it are lost). */
  onCorrupt(region: CorruptRegion & { readonly file: string }): void;
  /** A disk operation that does not lose records failed (a flush, the ack pointer): report it. */
  onDiskError(error: unknown, consequence: string): void;
  /** The ack pointer could not be read: every batch on disk will be sent again (duplicates, no loss). */
  onUnreadablePointer(file: string): void;
  /** Encodes the records of a batch written by an older version (format 1: records as JSON). */
  upgrade(records: EventRecord[]): Promise<Payload>;
}

interface AckPointer {
  readonly segment: number;
  readonly offset: number;
}

export class WalStore implements QueueStore<WalEntry, WalPrepared> {
  readonly persistent = true;
  readonly capacity: number;
  private readonly dir: string;
  private readonly options: WalStoreOptions;
  private readonly segmentBytes: number;
  private lock: DirLock | undefined;
  private writer: SegmentWriter | undefined;
  private readonly retiring: Array<Promise<void>> = [];
  private readonly liveSegments = new Set<number>();
  private unacked: WalEntry[] = [];
  private unackedHead = 0;
  private pointer: AckPointer = { segment: 0, offset: 0 };
  private cached: WalEntry[] = [];
  private cachedBytes = 0;

  constructor(options: WalStoreOptions) {
    this.options = options;
    this.dir = options.dir;
    this.capacity = options.maxBytes;
    this.segmentBytes = options.segmentBytes ?? Math.min(16 * 1024 * 1024, Math.max(64 * 1024, Math.floor(options.maxBytes / 8)));
  }

  async open(): Promise<WalEntry[]> {
    mkdirSync(this.dir, { recursive: true });
    this.lock = lockQueueDir(this.dir);
    const saved = this.readPointer();
    const segments = readdirSync(this.dir)
      .map((name) => SEGMENT_NAME.exec(name))
      .filter((m): m is RegExpExecArray => m !== null)
      .map((m) => Number(m[1]))
      .sort((a, b) => a - b);
    const entries: WalEntry[] = [];
    for (const seq of segments) {
      if (saved && seq < saved.segment) {
        unlinkSync(this.segmentPath(seq)); // wholly acknowledged; a crash came before its deletion
        continue;
      }
      this.liveSegments.add(seq);
      const data = readFileSync(this.segmentPath(seq));
      const from = saved && seq === saved.segment ? Math.min(saved.offset, data.length) : 0;
      const scan = scanSegment(data, from);
      for (const region of scan.corrupt) this.options.onCorrupt({ ...region, file: this.segmentPath(seq) });
      for (const frame of scan.frames) {
        entries.push({ segment: seq, offset: frame.offset, bytes: frame.bytes, cost: frame.bytes, count: frame.count, acked: false, payload: undefined });
      }
    }
    const last = Math.max(0, saved?.segment ?? 0, ...segments);
    this.openSegment(last + 1);
    this.unacked = entries.slice();
    this.advancePointer();
    return entries;
  }

  prepare(payload: Payload): WalPrepared {
    const frame = encodeFrame(encodePayload(payload), payload.count);
    return { payload, frame, cost: frame.length };
  }

  append(batch: WalPrepared): { entry: WalEntry; durable: Promise<boolean> } {
    let writer = this.requireWriter();
    if (writer.size > 0 && writer.size + batch.frame.length > this.segmentBytes) writer = this.openSegment(writer.seq + 1);
    let offset: number;
    try {
      offset = writer.append(batch.frame);
    } catch (error) {
      if (!NO_SPACE.has((error as NodeJS.ErrnoException).code ?? '')) throw error;
      // Start a new segment, so the current one can be deleted as soon as all of it is acknowledged
      // (the one being written is never deleted; without this it would stay until a write succeeds).
      this.rotateAfterFailedWrite();
      throw new QueueStorageFullError(`no space left in ${this.dir} for a batch of ${batch.frame.length} bytes (${(error as NodeJS.ErrnoException).code})`);
    }
    const entry: WalEntry = { segment: writer.seq, offset, bytes: batch.frame.length, cost: batch.frame.length, count: batch.payload.count, acked: false, payload: batch.payload };
    this.unacked.push(entry);
    this.cache(entry);
    const durable = this.options.fsync
      ? writer.sync().then(
          () => true,
          (error: unknown) => {
            this.options.onDiskError(error, 'could not flush the persistent queue to disk: accepted batches may not survive a power loss');
            return false;
          },
        )
      : Promise.resolve(true);
    return { entry, durable };
  }

  async load(entry: WalEntry): Promise<Payload> {
    if (entry.payload) return entry.payload;
    const frame = Buffer.allocUnsafe(entry.bytes);
    let fd: number | undefined;
    try {
      fd = openSync(this.segmentPath(entry.segment), 'r');
      let read = 0;
      while (read < entry.bytes) {
        const n = readSync(fd, frame, read, entry.bytes - read, entry.offset + read);
        if (n === 0) break;
        read += n;
      }
      const payload = framePayload(read === entry.bytes ? frame : frame.subarray(0, read));
      if (!payload) throw new CorruptEntryError(`batch at ${this.segmentPath(entry.segment)}:${entry.offset} no longer matches its checksum`);
      if (isRecordsFormat(payload)) return await this.options.upgrade(decodeRecords(payload));
      return decodePayload(payload, entry.count);
    } catch (error) {
      if (error instanceof CorruptEntryError) throw error;
      throw new CorruptEntryError(`batch at ${this.segmentPath(entry.segment)}:${entry.offset} cannot be read back: ${(error as Error).message}`);
    } finally {
      if (fd !== undefined) closeSync(fd);
    }
  }

  ack(entry: WalEntry): void {
    entry.acked = true;
    this.uncache(entry);
    this.advancePointer();
  }

  async close(): Promise<void> {
    const writer = this.writer;
    this.writer = undefined;
    if (writer) this.retiring.push(writer.close());
    await Promise.all(this.retiring.splice(0));
    this.cached = [];
    this.cachedBytes = 0;
    this.lock?.release();
    this.lock = undefined;
  }

  private rotateAfterFailedWrite(): void {
    const writer = this.requireWriter();
    if (writer.size === 0) return;
    try {
      this.openSegment(writer.seq + 1);
      this.advancePointer();
    } catch (error) {
      // Not even an empty file fits: keep appending to the current one once space returns.
      this.options.onDiskError(error, 'could not start a new segment of the persistent queue on a full disk');
    }
  }

  private requireWriter(): SegmentWriter {
    if (!this.writer) throw new Error(`the persistent queue in ${this.dir} is not open`);
    return this.writer;
  }

  private openSegment(seq: number): SegmentWriter {
    const previous = this.writer;
    const writer = new SegmentWriter(this.segmentPath(seq), seq);
    if (this.options.fsync) this.syncDir(); // the new file's name must survive a power loss too
    this.writer = writer;
    this.liveSegments.add(seq);
    if (previous) this.retiring.push(previous.close());
    return writer;
  }

  /** Moves the ack pointer over the acknowledged prefix; persists it and deletes passed segments. */
  private advancePointer(): void {
    while (this.unackedHead < this.unacked.length && this.unacked[this.unackedHead].acked) this.unackedHead++;
    if (this.unackedHead > 1024 && this.unackedHead * 2 > this.unacked.length) {
      this.unacked = this.unacked.slice(this.unackedHead);
      this.unackedHead = 0;
    }
    const first = this.unacked[this.unackedHead];
    const writer = this.requireWriter();
    const next: AckPointer = first ? { segment: first.segment, offset: first.offset } : { segment: writer.seq, offset: writer.size };
    if (next.segment === this.pointer.segment && next.offset === this.pointer.offset) return;
    try {
      // Segments wholly before the pointer go first: they free the space the pointer may need on a
      // full disk, and a crash before the pointer is written only finds them gone (nothing to resend).
      for (const seq of this.liveSegments) {
        if (seq < next.segment) {
          unlinkSync(this.segmentPath(seq));
          this.liveSegments.delete(seq);
        }
      }
      const tmp = join(this.dir, 'ack.tmp');
      writeFileSync(tmp, JSON.stringify(next));
      renameSync(tmp, join(this.dir, 'ack'));
      this.pointer = next;
    } catch (error) {
      // The pointer on disk stays behind: acknowledged batches would be sent again after a restart.
      this.options.onDiskError(error, 'could not record acknowledged batches in the persistent queue: they may be sent again after a restart');
    }
  }

  private readPointer(): AckPointer | undefined {
    let text: string;
    try {
      text = readFileSync(join(this.dir, 'ack'), 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    const pointer = parsePointer(text);
    if (pointer) return pointer;
    // Without a pointer every batch on disk is sent again: duplicates, never loss.
    this.options.onUnreadablePointer(join(this.dir, 'ack'));
    return undefined;
  }

  private cache(entry: WalEntry): void {
    this.cached.push(entry);
    this.cachedBytes += entry.bytes;
    while (this.cachedBytes > CACHE_BYTES && this.cached.length > 1) {
      const oldest = this.cached.shift() as WalEntry;
      if (oldest.payload) {
        oldest.payload = undefined; // read back from disk if it is taken later
        this.cachedBytes -= oldest.bytes;
      }
    }
  }

  private uncache(entry: WalEntry): void {
    if (!entry.payload) return;
    entry.payload = undefined;
    this.cachedBytes -= entry.bytes;
    while (this.cached.length > 0 && !this.cached[0].payload) this.cached.shift();
  }

  private syncDir(): void {
    const fd = openSync(this.dir, 'r');
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  }

  private segmentPath(seq: number): string {
    return join(this.dir, `${String(seq).padStart(16, '0')}.wal`);
  }
}

function parsePointer(text: string): AckPointer | undefined {
  let parsed: Partial<AckPointer>;
  try {
    parsed = JSON.parse(text) as Partial<AckPointer>;
  } catch {
    return undefined;
  }
  if (!Number.isSafeInteger(parsed.segment) || !Number.isSafeInteger(parsed.offset)) return undefined;
  return { segment: parsed.segment as number, offset: parsed.offset as number };
}
