/**
 * What the receiver delivered and where it resumes: restores the checkpoint from its store,
 * decides per object whether it was delivered before, tags what it hands on, turns the pipeline's
 * acknowledgements into position moves, and saves the checkpoint (checkpoint-writer.ts).
 *
 * Normal mode is position.ts (ordered resourceVersions: constant size). The first resourceVersion
 * that is not an ordered integer switches this process, once and with one log line, to the
 * fallback: a bounded exact set of (uid, resourceVersion) pairs marked when handed on
 * (seen-events.ts), checkpointed as its newest EXACT_PAIRS_SAVED pairs.
 *
 * A checkpoint that cannot be read or decoded is logged and ignored (a first start). Nothing is
 * ever written before `restore()` ran, so a start that failed before it leaves the checkpoint as
 * it was.
 */
import type { Counter } from 'prom-client';
import { once, type Ack } from '../../component/ack.ts';
import type { Logger, RateLimitedLog } from '../../telemetry/logger.ts';
import { decodeCheckpoint, encodeCheckpoint, EXACT_PAIRS_SAVED } from './checkpoint-format.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { CheckpointWriter } from './checkpoint-writer.ts';
import type { ObjectSource } from './list-watch.ts';
import { Position } from './position.ts';
import { isOrderedRv } from './resource-version.ts';
import { SeenEvents } from './seen-events.ts';

type CounterChild = ReturnType<Counter['labels']>;

/** Pairs the fallback remembers in memory, at most. */
export const EXACT_PAIRS_MAX = 50_000;

export interface DeliveryTrackingOptions {
  readonly store: CheckpointStore | undefined;
  readonly log: Logger;
  readonly errorsLog: RateLimitedLog;
  readonly checkpointErrors: CounterChild;
  readonly gaps: CounterChild;
  readonly checkpointDelayMs?: number;
}

export class DeliveryTracking {
  private readonly options: DeliveryTrackingOptions;
  private readonly log: Logger;
  private position: Position;
  private exact: SeenEvents | undefined;
  private writer: CheckpointWriter | undefined;
  private resumedFrom: string | undefined;

  constructor(options: DeliveryTrackingOptions) {
    this.options = options;
    this.log = options.log;
    this.position = this.newPosition();
  }

  /** Loads the checkpoint (if there is a store); from here on, moves are saved. */
  async restore(): Promise<void> {
    const store = this.options.store;
    this.position = this.newPosition();
    this.exact = undefined;
    this.resumedFrom = undefined;
    if (store === undefined) return;
    let text: string | undefined;
    try {
      text = await store.load();
    } catch (err) {
      this.options.checkpointErrors.inc();
      this.log.warn({ checkpoint: store.description, err }, 'cannot read the checkpoint: starting as on a first start (events the API still holds may be sent again)');
    }
    if (text !== undefined) {
      try {
        const checkpoint = decodeCheckpoint(text);
        if (checkpoint.mode === 'exact') {
          this.exact = new SeenEvents(EXACT_PAIRS_MAX);
          this.exact.restore(checkpoint.pairs);
          this.log.info({ checkpoint: store.description, pairs: checkpoint.pairs.length }, 'checkpoint restored (exact mode)');
        } else {
          this.position = this.newPosition(checkpoint.state);
          this.resumedFrom = this.position.resumeFrom();
          this.log.info({ checkpoint: store.description, watermark: checkpoint.state.watermark, ranges: checkpoint.state.acked.length, list: checkpoint.state.list }, 'checkpoint restored: resuming after the last acknowledged event');
        }
      } catch (err) {
        this.options.checkpointErrors.inc();
        this.log.warn({ checkpoint: store.description, problem: (err as Error).message }, 'checkpoint is corrupt or from another release: starting as on a first start (events the API still holds may be sent again)');
      }
    }
    this.writer = new CheckpointWriter(store, () => this.encode(), (err) => this.saveFailed(store, err), this.options.checkpointDelayMs);
  }

  /** Stops saving (until the next restore) after one last save of what is settled now. */
  async close(): Promise<void> {
    await this.flush();
    this.writer = undefined;
  }

  /** Saves now what is settled (shutdown, after the pipeline drained). */
  flush(): Promise<void> {
    return this.writer?.flush() ?? Promise.resolve();
  }

  /** The resourceVersion to watch from instead of listing, after a restart. */
  resumeFrom(): string | undefined {
    return this.exact ? undefined : this.position.resumeFrom();
  }

  /** Nothing delivered before: a first start (max_event_age applies to its first list). */
  get firstStart(): boolean {
    return this.exact ? this.exact.size === 0 : this.position.empty;
  }

  /** Entries in flight (for tests and bounds). */
  get inFlight(): number {
    return this.position.inFlight;
  }

  /** True when this object version was delivered before: skip it (and count it as settled). */
  delivered(source: ObjectSource, key: string, uid: string, rv: string): boolean {
    if (this.exact === undefined && !isOrderedRv(rv)) this.fallBack(rv);
    if (this.exact) return this.exact.has(uid, rv);
    if (!this.position.delivered(key, rv)) return false;
    this.settled(source, key, rv);
    return true;
  }

  /** An object that needs no delivery (filtered, undecodable): settled at once. */
  settled(source: ObjectSource, key: string, rv: string): void {
    if (this.exact) return;
    if (source === 'list') this.position.listItem(key, rv, true);
    else this.position.watchSettled(rv);
  }

  /** An object handed on: its tag, to come back with the batch's ack. */
  track(source: ObjectSource, key: string, uid: string, rv: string): number {
    if (this.exact) {
      this.exact.markIfNew(uid, rv);
      this.writer?.moved();
      return -1;
    }
    return source === 'list' ? this.position.listItem(key, rv) : this.position.watchItem(rv);
  }

  /** A tagged record dropped before it reached the pipeline (backpressure: drop). */
  dropped(tag: number): void {
    if (tag >= 0) this.position.settle(tag, tag, false);
  }

  /** The ack for a batch whose tags are `tags` (in order): settles them when the pipeline does. */
  ackFor(tags: readonly number[]): Ack {
    let first = -1;
    let last = -1;
    for (const t of tags) {
      if (t < 0) continue;
      if (first < 0) first = t;
      last = t;
    }
    if (first < 0) return once({ ack() {}, nack() {} });
    const position = this.position;
    return once({ ack: () => position.settle(first, last, true), nack: () => position.settle(first, last, false) });
  }

  listStart(rv: string): void {
    if (!this.exact && isOrderedRv(rv)) this.position.beginList(rv);
  }

  listEnd(rv: string): void {
    this.resumedFrom = undefined;
    if (!this.exact && isOrderedRv(rv)) this.position.endList(rv);
  }

  watchFrom(rv: string): void {
    if (!this.exact && isOrderedRv(rv)) this.position.watchFrom(rv);
  }

  /** A bookmark or another sign the resumed watch is served (the history since the checkpoint exists). */
  streamAt(rv: string): void {
    this.resumedFrom = undefined;
    if (!this.exact && isOrderedRv(rv)) this.position.watchSettled(rv);
  }

  deleted(uid: string | undefined, rv: string | undefined): void {
    if (this.exact) {
      if (uid !== undefined) this.exact.forget(uid);
    } else if (rv !== undefined && isOrderedRv(rv)) {
      this.position.watchSettled(rv);
    }
  }

  /**
   * The watch from `rv` was answered 410. On the first watch after a restore this is a possible
   * gap: the API no longer serves the history since the checkpoint, so events created and deleted
   * in between cannot be seen. Counted and logged with the time range; the relist sends the rest.
   */
  expired(rv: string | undefined): void {
    if (this.resumedFrom === undefined || rv !== this.resumedFrom) return;
    this.resumedFrom = undefined;
    this.options.gaps.inc();
    const since = this.position.watermarkTime;
    this.log.warn(
      { resource_version: rv, missing_from: since > 0 ? new Date(since).toISOString() : 'unknown', missing_to: new Date().toISOString() },
      'possible gap: the API server no longer holds the history since the checkpoint (410 on resume); events created and deleted in this time range may be missing; relisting what it still holds',
    );
  }

  private newPosition(state?: ConstructorParameters<typeof Position>[1]): Position {
    return new Position(
      {
        onMoved: () => this.writer?.moved(),
        onGaveUp: (n) => this.options.errorsLog.warn('position-gave-up', { holes: n }, 'too many unacknowledged records are remembered: the oldest will not be sent again after a restart'),
      },
      state,
    );
  }

  private fallBack(rv: string): void {
    this.exact = new SeenEvents(EXACT_PAIRS_MAX);
    this.log.warn({ resource_version: rv }, `the API server hands out resourceVersions that are not ordered integers: falling back to remembering up to ${EXACT_PAIRS_MAX} delivered (uid, resourceVersion) pairs (${EXACT_PAIRS_SAVED} in the checkpoint); a restart may send older events again`);
  }

  private encode(): string {
    if (this.exact) return encodeCheckpoint({ mode: 'exact', pairs: [...this.exact.newest(EXACT_PAIRS_SAVED)] });
    return encodeCheckpoint({ mode: 'ordered', state: this.position.snapshot() });
  }

  private saveFailed(store: CheckpointStore, err: unknown): void {
    this.options.checkpointErrors.inc();
    this.options.errorsLog.error('checkpoint', { checkpoint: store.description, err }, 'cannot save the checkpoint: a restart may send again what was delivered since the last save');
  }
}
