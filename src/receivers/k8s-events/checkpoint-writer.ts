/**
 * Saves the receiver's checkpoint promptly and never wrongly: `moved()` schedules one save at most
 * `delayMs` after the previous one started (at once when that was longer ago; moves in between
 * coalesce into it), `flush()` saves at once (shutdown). One save at a
 * time; a save only when something moved since the last one. A failed save is reported through
 * `onError` (counted and logged by the receiver) and retried with the next move or flush. The
 * receiver creates a writer only after it restored the checkpoint, so a component that did not
 * restore it never writes it.
 */
import type { CheckpointStore } from './checkpoint-store.ts';

/** A moved position is saved within this long. */
export const CHECKPOINT_DELAY_MS = 1000;

export class CheckpointWriter {
  private readonly store: CheckpointStore;
  private readonly encode: () => string;
  private readonly onError: (err: unknown) => void;
  private readonly delayMs: number;
  private timer: NodeJS.Timeout | undefined;
  private version = 0;
  private savedVersion = 0;
  private chain: Promise<void> = Promise.resolve();
  private lastSaveAt = 0;

  constructor(store: CheckpointStore, encode: () => string, onError: (err: unknown) => void, delayMs = CHECKPOINT_DELAY_MS) {
    this.store = store;
    this.encode = encode;
    this.onError = onError;
    this.delayMs = delayMs;
  }

  moved(): void {
    this.version++;
    if (this.timer !== undefined) return;
    const wait = Math.max(0, this.lastSaveAt + this.delayMs - performance.now());
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.save();
    }, wait);
    this.timer.unref();
  }

  /** Saves now if anything moved since the last save; resolves when done (never rejects). */
  flush(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    return this.save();
  }

  private save(): Promise<void> {
    this.chain = this.chain.then(async () => {
      const version = this.version;
      if (version === this.savedVersion) return;
      this.lastSaveAt = performance.now();
      try {
        await this.store.save(this.encode());
        this.savedVersion = version;
      } catch (err) {
        this.onError(err);
      }
    });
    return this.chain;
  }
}
