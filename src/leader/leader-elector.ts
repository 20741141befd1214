/**
 * Leader election over one Lease, with client-go's semantics (tools/leaderelection):
 *
 * - A candidate reads the Lease every `retryPeriodMs` (with jitter). It takes the Lease when it is
 *   missing (create), has no holder (released), or has not changed for the holder's
 *   `leaseDurationSeconds` as measured by this process's own monotonic clock since it saw the last
 *   change (renewTime + leaseDurationSeconds passed, without trusting another node's clock). Every
 *   write carries the resourceVersion read: of two candidates only one wins (409 for the other).
 * - The leader renews every `retryPeriodMs`. If it has not renewed within `renewDeadlineMs` of its
 *   last successful renewal (which is < lease duration), it stops leading before anyone else may
 *   take the Lease; the same at once when a read shows another holder.
 * - `release()` (graceful stop, client-go's ReleaseOnCancel) writes an empty holder and a 1 s
 *   duration so the next candidate takes over at its next read.
 *
 * Writes go one at a time; `updateAnnotation` (the checkpoint) is a write like a renewal and counts
 * as one. Every request has a deadline; errors are classified by the API client and reported to
 * `onError` (the caller logs with a rate limit and counts); the loop never throws.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { annotationsBytes, MAX_ANNOTATIONS_BYTES, microTime, type Lease } from './lease.ts';
import type { LeaseClient } from './lease-client.ts';

export interface LeaderElectorOptions {
  readonly identity: string;
  readonly leaseDurationMs: number;
  readonly renewDeadlineMs: number;
  readonly retryPeriodMs: number;
  /** Called when this process starts leading; `term` aborts when it stops (lost, or released). */
  readonly onStartedLeading: (term: AbortSignal) => void;
  /** Called when this process stops leading; `reason` for the log. */
  readonly onStoppedLeading: (reason: string) => void;
  /** A request failed (already classified); the elector goes on. */
  readonly onError: (action: 'acquire' | 'renew' | 'release' | 'annotate', err: unknown) => void;
  /** A new holder was seen (also ourselves), for the log. */
  readonly onNewLeader?: (identity: string) => void;
  /** Monotonic clock in ms; default performance.now. */
  readonly now?: () => number;
}

/** client-go's JitterFactor for the acquire loop: waits are retryPeriod * [1, 2.2). */
const JITTER_FACTOR = 1.2;
/** How long a release may take at shutdown, at most. */
const RELEASE_DEADLINE_MS = 5000;

export class NotLeaderError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'NotLeaderError';
  }
}

export class LeaderElector {
  readonly identity: string;
  private readonly client: LeaseClient;
  private readonly options: LeaderElectorOptions;
  private readonly now: () => number;
  private readonly stopController = new AbortController();
  /** The Lease as last read or written, and when (monotonic) its content last changed. */
  private observed: Lease | undefined;
  private observedAt = 0;
  private leading = false;
  private lastRenewAt = 0;
  private term: AbortController | undefined;
  private writes: Promise<unknown> = Promise.resolve();
  private loop: Promise<void> | undefined;
  private released: Promise<void> | undefined;
  private lastHolder: string | undefined;

  constructor(client: LeaseClient, options: LeaderElectorOptions) {
    if (!(options.renewDeadlineMs < options.leaseDurationMs)) throw new RangeError('renew deadline must be shorter than the lease duration');
    if (!(options.retryPeriodMs < options.renewDeadlineMs)) throw new RangeError('retry period must be shorter than the renew deadline');
    this.client = client;
    this.options = options;
    this.identity = options.identity;
    this.now = options.now ?? (() => performance.now());
  }

  isLeader(): boolean {
    return this.leading;
  }

  /** The annotation on the Lease as this process last saw it (right after acquiring: the old leader's last write). */
  annotation(key: string): string | undefined {
    return this.observed?.metadata.annotations?.[key];
  }

  /** Starts campaigning; idempotent. */
  start(): void {
    this.loop ??= this.run(this.stopController.signal);
  }

  /**
   * Stops campaigning, ends the term if leading, and releases the Lease (empty holder) so the next
   * candidate takes it at once. Idempotent. Call it after the work the Lease protects has stopped.
   */
  release(): Promise<void> {
    this.released ??= this.doRelease();
    return this.released;
  }

  /**
   * Writes one annotation on the Lease (with a renewal) while leading. Rejects with NotLeaderError
   * when not leading or another holder took the Lease, and with a RangeError when the annotations
   * would exceed 256 KiB in all.
   */
  updateAnnotation(key: string, value: string, signal: AbortSignal): Promise<void> {
    return this.serialized(async () => {
      for (let attempt = 0; attempt < 2; attempt++) {
        const current = this.observed;
        if (!this.leading || current === undefined) throw new NotLeaderError('not the leader: the checkpoint is written by the replica that leads');
        const annotations = { ...current.metadata.annotations, [key]: value };
        const bytes = annotationsBytes(annotations);
        if (bytes > MAX_ANNOTATIONS_BYTES) throw new RangeError(`the Lease's annotations would take ${bytes} bytes, more than the ${MAX_ANNOTATIONS_BYTES} the API server allows`);
        const sentAt = this.now();
        const written = await this.client.update(
          { ...current, metadata: { ...current.metadata, annotations }, spec: { ...current.spec, renewTime: microTime() } },
          signal,
          this.requestDeadline(),
        );
        if (written !== 'conflict') {
          this.wrote(written, sentAt);
          return;
        }
        const fresh = await this.client.get(signal, this.requestDeadline());
        if (fresh === undefined || fresh.spec.holderIdentity !== this.identity) {
          this.lose(`the Lease is now held by ${fresh?.spec.holderIdentity || 'nobody'}`);
          throw new NotLeaderError('another replica took the Lease');
        }
        this.see(fresh);
      }
      throw new NotLeaderError('the Lease kept changing under this replica');
    });
  }

  private async run(stop: AbortSignal): Promise<void> {
    while (!stop.aborted) {
      if (!this.leading) {
        const acquired = await this.attempt('acquire', stop);
        if (acquired) this.startLeading();
        else await this.pause(this.options.retryPeriodMs * (1 + Math.random() * JITTER_FACTOR), stop);
        continue;
      }
      await this.pause(this.options.retryPeriodMs, stop);
      if (stop.aborted || !this.leading) continue;
      const renewed = await this.attempt('renew', stop);
      if (!renewed && this.leading && this.now() - this.lastRenewAt >= this.options.renewDeadlineMs) {
        this.lose(`could not renew the Lease within the renew deadline (${this.options.renewDeadlineMs} ms)`);
      }
    }
  }

  /** One tryAcquireOrRenew; false when it did not win or renew (an error is reported, never thrown). */
  private attempt(action: 'acquire' | 'renew', stop: AbortSignal): Promise<boolean> {
    return this.serialized(() => this.tryAcquireOrRenew(stop)).then(
      (ok) => ok,
      (err: unknown) => {
        if (!stop.aborted) this.options.onError(action, err);
        return false;
      },
    );
  }

  private async tryAcquireOrRenew(signal: AbortSignal): Promise<boolean> {
    const startedAt = this.now();
    // A leader first writes over what it holds; a conflict falls back to a fresh read (an error too:
    // the read then fails or succeeds on its own and is what gets reported).
    if (this.leading && this.observed !== undefined) {
      const written = await this.client.update(this.renewed(this.observed), signal, this.requestDeadline()).catch(() => 'conflict' as const);
      if (written !== 'conflict') {
        this.wrote(written, startedAt);
        return true;
      }
    }
    const lease = await this.client.get(signal, this.requestDeadline());
    if (lease === undefined) {
      const created = await this.client.create(this.fresh(), signal, this.requestDeadline());
      if (created === 'conflict') return false;
      this.wrote(created, startedAt);
      return true;
    }
    this.see(lease);
    const holder = lease.spec.holderIdentity ?? '';
    const durationMs = (lease.spec.leaseDurationSeconds ?? 0) * 1000;
    if (holder !== '' && holder !== this.identity) {
      if (this.leading) this.lose(`the Lease is now held by ${holder}`);
      if (this.observedAt + durationMs > this.now()) return false;
    }
    const written = await this.client.update(holder === this.identity ? this.renewed(lease) : this.taken(lease), signal, this.requestDeadline());
    if (written === 'conflict') return false;
    this.wrote(written, startedAt);
    return true;
  }

  private fresh(): Lease {
    const now = microTime();
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: { name: this.client.name, namespace: this.client.namespace },
      spec: { holderIdentity: this.identity, leaseDurationSeconds: this.durationSeconds(), acquireTime: now, renewTime: now, leaseTransitions: 0 },
    };
  }

  private taken(lease: Lease): Lease {
    const now = microTime();
    const transitions = (lease.spec.leaseTransitions ?? 0) + 1;
    return { ...lease, spec: { holderIdentity: this.identity, leaseDurationSeconds: this.durationSeconds(), acquireTime: now, renewTime: now, leaseTransitions: transitions } };
  }

  private renewed(lease: Lease): Lease {
    return { ...lease, spec: { ...lease.spec, holderIdentity: this.identity, leaseDurationSeconds: this.durationSeconds(), renewTime: microTime() } };
  }

  private durationSeconds(): number {
    return Math.ceil(this.options.leaseDurationMs / 1000);
  }

  /** Records a Lease read; its observation time moves only when its content changed. */
  private see(lease: Lease): void {
    if (this.observed?.metadata.resourceVersion !== lease.metadata.resourceVersion) this.observedAt = this.now();
    this.observed = lease;
    const holder = lease.spec.holderIdentity ?? '';
    if (holder !== '' && holder !== this.lastHolder) {
      this.lastHolder = holder;
      this.options.onNewLeader?.(holder);
    }
  }

  /** Records a Lease this process wrote as holder: a renewal as of when the request was sent. */
  private wrote(lease: Lease, sentAt: number): void {
    this.see(lease);
    if (lease.spec.holderIdentity === this.identity) this.lastRenewAt = sentAt;
  }

  private startLeading(): void {
    this.leading = true;
    this.term = new AbortController();
    this.options.onStartedLeading(this.term.signal);
  }

  private lose(reason: string): void {
    if (!this.leading) return;
    this.leading = false;
    this.term?.abort(new NotLeaderError(reason));
    this.term = undefined;
    this.options.onStoppedLeading(reason);
  }

  /** A request may take until the renew deadline would pass (leading), else the renew deadline. */
  private requestDeadline(): number {
    if (!this.leading) return this.options.renewDeadlineMs;
    return Math.max(1, Math.ceil(Math.min(this.options.renewDeadlineMs, this.lastRenewAt + this.options.renewDeadlineMs - this.now())));
  }

  private async doRelease(): Promise<void> {
    this.stopController.abort(new Error('leader election stopped'));
    await this.loop;
    if (!this.leading) return;
    const signal = AbortSignal.timeout(RELEASE_DEADLINE_MS);
    await this.serialized(async () => {
      // A renewal cut short by the stop may have landed after all: on a conflict, read again and
      // release what is still ours.
      for (let current = this.observed, attempt = 0; current !== undefined && attempt < 2; attempt++) {
        const now = microTime();
        const released: Lease = { ...current, spec: { holderIdentity: '', leaseDurationSeconds: 1, acquireTime: now, renewTime: now, leaseTransitions: current.spec.leaseTransitions ?? 0 } };
        if ((await this.client.update(released, signal, RELEASE_DEADLINE_MS)) !== 'conflict') return;
        current = await this.client.get(signal, RELEASE_DEADLINE_MS);
        if (current?.spec.holderIdentity !== this.identity) return; // someone else holds it already
      }
      throw new NotLeaderError('the Lease kept changing: it was not released and expires on its own');
    }).catch((err: unknown) => this.options.onError('release', err));
    this.lose('released the Lease (graceful stop)');
  }

  private serialized<T>(work: () => Promise<T>): Promise<T> {
    const result = this.writes.then(work, work);
    this.writes = result.catch(() => undefined); // the caller gets the error; the chain goes on
    return result;
  }

  private async pause(ms: number, stop: AbortSignal): Promise<void> {
    const term = this.term?.signal;
    const signal = term ? AbortSignal.any([stop, term]) : stop;
    // Unref'd: a process that ends without release() is not kept alive by campaigning (its Lease expires).
    await sleep(ms, undefined, { signal, ref: false }).catch(() => undefined); // woken early by a stop or a lost term
  }
}
