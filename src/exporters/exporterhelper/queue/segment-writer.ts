/**
 * The segment file being appended to. Appends are synchronous writes (in the OS page cache when
 * they return: a process crash cannot lose them); `sync()` flushes them to the disk with
 * fdatasync, shared by every append made before it starts (group commit), so many small batches
 * cost one flush.
 */
import { closeSync, fdatasync, ftruncateSync, openSync, writeSync } from 'node:fs';
import { promisify } from 'node:util';

const fdatasyncAsync = promisify(fdatasync);

export class SegmentWriter {
  readonly seq: number;
  size = 0;
  private readonly fd: number;
  private syncing: Promise<void> = Promise.resolve();
  private scheduled: Promise<void> | undefined;
  private closing: Promise<void> | undefined;

  constructor(path: string, seq: number) {
    this.seq = seq;
    this.fd = openSync(path, 'a');
  }

  /** Writes the whole frame at the end; returns its offset. On failure the file is cut back. */
  append(frame: Uint8Array): number {
    const offset = this.size;
    let written = 0;
    try {
      while (written < frame.length) written += writeSync(this.fd, frame, written, frame.length - written);
    } catch (error) {
      if (written > 0) ftruncateSync(this.fd, offset);
      throw error;
    }
    this.size += frame.length;
    return offset;
  }

  /** Resolves once every append made before the call is on the disk; one flush at a time. */
  sync(): Promise<void> {
    if (this.scheduled) return this.scheduled;
    const run = this.syncing.then(() => {
      this.scheduled = undefined; // appends from now on need the next flush
      return fdatasyncAsync(this.fd);
    });
    this.scheduled = run;
    // `syncing` settles when this flush does and never rejects: a failure is reported to its waiters only.
    this.syncing = run.catch(() => undefined);
    return run;
  }

  /** Waits for the flushes in progress, then closes. Idempotent. */
  close(): Promise<void> {
    this.closing ??= this.syncing.then(() => closeSync(this.fd));
    return this.closing;
  }
}
