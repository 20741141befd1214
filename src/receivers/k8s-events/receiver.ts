/**
 * The k8s_events receiver: list/watch -> normalize -> filter -> de-duplicate -> record -> bounded
 * queue -> pump -> next consumer.
 *
 * Never blocks the process and never crashes: every failure is classified, counted in
 * tracecore_receiver_errors_total{kind}, logged with a rate limit, and recovered from. The queue
 * between the watch and the pipeline holds at most `channel_cap` records; when it is full,
 * `backpressure: pause` stops reading the watch (lossless: the API server keeps the history) and
 * `backpressure: drop` drops the newest record and counts it.
 */
import type { CreateSettings, LogsConsumer, Receiver } from '../../component/types.ts';
import type { EventRecord, Resource } from '../../model/record.ts';
import { RateLimitedLog, type Logger } from '../../telemetry/logger.ts';
import { ApiClient, type ApiConnection, type ApiError } from './api-client.ts';
import type { K8sEventsConfig } from './config.ts';
import { compileFilters } from './filters.ts';
import { ListWatch, uidOf, type ListWatchOptions, type ObjectSource } from './list-watch.ts';
import { normalizeEvent } from './normalize.ts';
import { TokenBucket } from './rate-limiter.ts';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.ts';
import { createRecordBuilder } from './record.ts';
import { RecordQueue } from './record-queue.ts';
import { SeenEvents } from './seen-events.ts';
import type { StatusBoard } from '../../telemetry/status/status-board.ts';
import type { ReceiverStatus } from '../../telemetry/status/receiver-status.ts';

/** Records handed to the next consumer per call, at most. */
export const PUMP_BATCH = 1000;
/** Delivered (uid, resourceVersion) pairs remembered for de-duplication, at most. */
export const SEEN_EVENTS_MAX = 200_000;

/** How often a changed checkpoint is written (with `checkpoint_dir`). */
export const CHECKPOINT_INTERVAL_MS = 10_000;

export interface ReceiverTuning extends ListWatchOptions {
  readonly checkpointIntervalMs?: number;
  /** Opens the connection to the API server; the factory resolves credentials from the config. */
  readonly connect: () => Promise<ApiConnection>;
  readonly resource: Resource;
}

export class K8sEventsReceiver implements Receiver {
  private readonly config: K8sEventsConfig;
  private readonly next: LogsConsumer;
  private readonly tuning: ReceiverTuning;
  private readonly log: Logger;
  private readonly errorsLog: RateLimitedLog;
  private readonly queue: RecordQueue;
  private readonly seen = new SeenEvents(SEEN_EVENTS_MAX);
  private readonly filter;
  private readonly build;
  private readonly abort = new AbortController();
  private readonly metrics;
  /** The status page's view of this receiver (absent in bare tests). */
  private readonly board: StatusBoard | undefined;
  private readonly status: ReceiverStatus | undefined;
  private connection: ApiConnection | undefined;
  private loop: Promise<void> | undefined;
  private pump: Promise<void> | undefined;
  private ready = false;
  private degraded = false;
  private stopping: Promise<void> | undefined;
  /** Set by shutdown: the pump hands over what is queued until this aborts, then stops. */
  private drainSignal: AbortSignal | undefined;
  private readonly pumpWake = new AbortController();
  private gaugeScheduled = false;
  /** Records accepted since the counter was last brought up to date (flushCounters). */
  private pendingAccepted = 0;
  private lastAcceptedMicros = 0;
  private checkpointTimer: NodeJS.Timeout | undefined;
  private checkpointedVersion = -1;
  private checkpointing: Promise<void> = Promise.resolve();

  constructor(settings: CreateSettings, config: K8sEventsConfig, next: LogsConsumer, tuning: ReceiverTuning) {
    this.config = config;
    this.next = next;
    this.tuning = tuning;
    this.log = settings.logger;
    this.errorsLog = new RateLimitedLog(settings.logger);
    this.queue = new RecordQueue(config.channel_cap);
    this.filter = compileFilters(config);
    this.build = createRecordBuilder({ maxAttributes: config.max_attributes, noteMaxBytes: config.note_max_bytes, semconvCompat: config.semconv_compat, resource: tuning.resource });
    const m = settings.metrics;
    const id = settings.id;
    this.board = settings.status;
    this.status = settings.status?.receiver(id);
    this.metrics = {
      degraded: m.receiverDegraded.labels(id),
      accepted: m.receiverAccepted.labels(id),
      queueSize: m.receiverQueueSize.labels(id),
      paused: m.receiverPausedSeconds.labels(id),
      lists: m.receiverLists.labels(id),
      watches: m.receiverWatches.labels(id),
      lastRecord: m.receiverLastRecordTime.labels(id),
      lag: m.eventsLag.labels(id),
      errors: {
        watch: m.receiverErrors.labels(id, 'watch'),
        list: m.receiverErrors.labels(id, 'list'),
        decode: m.receiverErrors.labels(id, 'decode'),
        backpressure_drop: m.receiverErrors.labels(id, 'backpressure_drop'),
        consumer: m.receiverErrors.labels(id, 'consumer'),
      },
      filtered: (filter: string) => m.receiverFiltered.labels(id, filter),
    };
    for (const kind of Object.values(this.metrics.errors)) kind.inc(0);
    this.metrics.degraded.set(0);
    this.metrics.queueSize.set(0);
    m.receiverQueueCapacity.labels(id).set(config.channel_cap);
  }

  async start(): Promise<void> {
    await this.restoreCheckpoint();
    this.connection = await this.tuning.connect();
    this.log.info({ api: this.connection.describe(), channel_cap: this.config.channel_cap, backpressure: this.config.backpressure }, 'k8s_events receiver starting');
    const client = new ApiClient(this.connection, new TokenBucket());
    const listWatch = new ListWatch(client, this.handler(), { resyncMs: this.config.resync, ...this.tuning });
    this.loop = listWatch.run(this.abort.signal).catch((err: unknown) => {
      // run() only ends on abort; anything else is a bug we still must not crash on.
      this.log.error({ err }, 'list/watch loop ended unexpectedly');
    });
    this.pump = this.runPump();
    this.status?.setPhase('listing');
  }

  isReady(): boolean {
    return this.ready && !this.stopping;
  }

  /** Idempotent. Stops the watch at once, then hands what is queued to the pipeline until `drain` aborts. */
  shutdown(drain?: AbortSignal): Promise<void> {
    this.stopping ??= this.stop(drain ?? AbortSignal.timeout(1000));
    return this.stopping;
  }

  private async stop(drain: AbortSignal): Promise<void> {
    this.abort.abort(new Error('receiver shutting down'));
    await this.loop;
    this.drainSignal = drain;
    this.wakePump();
    await this.pump;
    this.flushCounters();
    const left = this.queue.size;
    if (left > 0) {
      this.metrics.errors.backpressure_drop.inc(left);
      this.log.warn({ records: left }, 'shutdown budget spent: records still queued in the receiver were dropped');
      this.queue.takeBatch(left);
      this.metrics.queueSize.set(0);
    }
    clearInterval(this.checkpointTimer);
    await this.writeCheckpoint();
    await this.connection?.close();
    this.status?.setPhase('stopped');
    this.log.info('k8s_events receiver stopped');
  }


  private async restoreCheckpoint(): Promise<void> {
    const dir = this.config.checkpoint_dir;
    if (dir === undefined) return;
    const { seen, problem } = await loadCheckpoint(dir);
    if (problem) this.log.warn({ dir }, problem);
    this.seen.restore(seen);
    this.checkpointedVersion = this.seen.version;
    if (seen.length > 0) this.log.info({ dir, events: seen.length }, 'checkpoint restored: events delivered before the restart will not be sent again');
    this.checkpointTimer = setInterval(() => void this.writeCheckpoint(), this.tuning.checkpointIntervalMs ?? CHECKPOINT_INTERVAL_MS);
    this.checkpointTimer.unref();
  }

  /** Writes the checkpoint if it changed; one write at a time; a failure is logged, never thrown. */
  private writeCheckpoint(): Promise<void> {
    const dir = this.config.checkpoint_dir;
    if (dir === undefined) return Promise.resolve();
    this.checkpointing = this.checkpointing.then(async () => {
      const version = this.seen.version;
      if (version === this.checkpointedVersion) return;
      try {
        await saveCheckpoint(dir, this.seen.entries());
        this.checkpointedVersion = version;
      } catch (err) {
        this.errorsLog.error('checkpoint', { dir, err }, 'cannot write the checkpoint: a restart may send some events again');
      }
    });
    return this.checkpointing;
  }

  private wakePump(): void {
    this.pumpWake.abort();
  }

  private async runPump(): Promise<void> {
    for (;;) {
      if (this.queue.size === 0) {
        if (this.drainSignal) return;
        await this.queue.whenNotEmpty(this.pumpWake.signal);
        continue;
      }
      if (this.drainSignal?.aborted) return;
      const batch = this.queue.takeBatch(PUMP_BATCH);
      this.flushCounters();
      this.metrics.queueSize.set(this.queue.size);
      try {
        await this.next.consume(batch);
      } catch (err) {
        this.metrics.errors.consumer.inc();
        this.errorsLog.error('consumer', { err, records: batch.length }, 'the pipeline rejected a batch; the receiver goes on');
      }
    }
  }

  private handler() {
    return {
      onObject: (object: unknown, source: ObjectSource): Promise<void> | undefined => this.onObject(object, source),
      onDeleted: (object: unknown): void => {
        const uid = uidOf(object);
        if (uid !== undefined) this.seen.forget(uid);
      },
      onListComplete: (uids: ReadonlySet<string>): void => {
        this.seen.retainOnly(uids);
        this.metrics.lists.inc();
        this.status?.setPhase('watching');
        if (!this.ready) this.log.info({ events: uids.size }, 'first list complete: receiver ready');
        this.ready = true;
      },
      onSuccess: (kind: 'list' | 'watch'): void => {
        if (kind === 'watch') this.metrics.watches.inc();
        this.status?.recovered();
        if (this.degraded) {
          this.degraded = false;
          this.metrics.degraded.set(0);
          this.log.info({ kind }, 'API server reachable again: receiver recovered');
        }
      },
      onFailure: (kind: 'list' | 'watch', error: ApiError, retryInMs: number): void => {
        this.metrics.errors[kind].inc();
        if (error.kind === 'gone') {
          this.status?.setPhase('listing');
          this.log.info({ kind, reason: error.message }, 'resource version expired: relisting (already delivered events are skipped)');
          return;
        }
        if (error.kind === 'stalled' || error.kind === 'broken') {
          this.errorsLog.warn(error.kind, { kind }, error.message);
          return;
        }
        this.status?.failed(`${kind}: ${error.message}`);
        if (!this.degraded) {
          this.degraded = true;
          this.metrics.degraded.set(1);
        }
        this.errorsLog.warn(`${kind}:${error.kind}`, { kind, error: error.kind, status: error.status, retry_in_ms: retryInMs }, `receiver degraded: ${error.message}`);
      },
      onDecodeError: (message: string): void => {
        this.metrics.errors.decode.inc();
        this.errorsLog.warn('decode', {}, `skipped undecodable input: ${message}`);
      },
      onPaused: (ms: number): void => {
        this.metrics.paused.inc(ms / 1000);
      },
    };
  }


  private onObject(object: unknown, source: ObjectSource): Promise<void> | undefined {
    const event = normalizeEvent(object);
    if (event === undefined) {
      this.metrics.errors.decode.inc();
      this.errorsLog.warn('decode-object', {}, 'skipped an object that is not an Event');
      return undefined;
    }
    const dropped = this.filter(event);
    if (dropped !== undefined) {
      this.metrics.filtered(dropped).inc();
      return undefined;
    }
    const rv = event.metadata.resourceVersion ?? '';
    if (!this.seen.markIfNew(event.metadata.uid, rv)) return undefined;
    const nowMicros = Date.now() * 1000;
    const record = this.build(event, nowMicros);
    if (source === 'watch') this.metrics.lag.observe(Math.max(0, (nowMicros - record.timeUnixMicros) / 1e6));
    return this.enqueue(record);
  }

  private enqueue(record: EventRecord): Promise<void> | undefined {
    if (this.queue.offer(record)) {
      this.accepted(record);
      return undefined;
    }
    this.metrics.queueSize.set(this.queue.size);
    if (this.config.backpressure === 'drop') {
      this.metrics.errors.backpressure_drop.inc();
      this.errorsLog.warn('backpressure_drop', { channel_cap: this.config.channel_cap }, 'receiver queue full: dropped the newest record (backpressure: drop)');
      return undefined;
    }
    return this.waitAndOffer(record);
  }

  private async waitAndOffer(record: EventRecord): Promise<void> {
    const signal = this.abort.signal;
    this.status?.setPaused(true);
    try {
      while (!signal.aborted) {
        await this.queue.whenRoom(signal);
        if (this.queue.offer(record)) {
          this.accepted(record);
          return;
        }
      }
    } finally {
      this.status?.setPaused(false);
    }
  }

  /**
   * Per record only a local count: the accepted counter and the gauges are brought up to date
   * once per turn of the event loop, and the counter also before any record leaves for the
   * pipeline, so it never lags what the next consumer has seen.
   */
  private accepted(record: EventRecord): void {
    this.pendingAccepted++;
    this.lastAcceptedMicros = record.observedUnixMicros;
    this.board?.observe(record);
    if (!this.gaugeScheduled) {
      this.gaugeScheduled = true;
      setImmediate(this.flushGauges).unref();
    }
  }

  private readonly flushGauges = (): void => {
    this.gaugeScheduled = false;
    this.flushCounters();
    this.metrics.queueSize.set(this.queue.size);
    this.metrics.lastRecord.set(this.lastAcceptedMicros / 1e6);
  };

  private flushCounters(): void {
    if (this.pendingAccepted === 0) return;
    this.metrics.accepted.inc(this.pendingAccepted);
    this.pendingAccepted = 0;
  }

}
