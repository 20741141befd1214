/**
 * The k8s_events receiver: list/watch (with the pushable filters as a fieldSelector) -> normalize
 * -> skip what was delivered -> record -> filter (src/filter/, and max_event_age on a first list)
 * -> enrich (opt-in, from a cache, never waiting) -> bounded queue -> pump -> next consumer, every
 * batch with an ack (src/component/ack.ts) that moves the position (delivery-tracking.ts) once the
 * pipeline delivered it. A filtered record settles its position entry at once.
 *
 * Lifecycle: start() connects and starts the pump (and the enricher), then beginWatching(): restore
 * the checkpoint from its CheckpointStore (a file in checkpoint_dir by default), resume the watch
 * from it (or list on a first start). With leader election (`leadership`), src/leader calls
 * beginWatching() and endWatching() as this replica gains and loses the Lease; the pump, enricher
 * and connection stay up between terms, and the Lease is released after the last checkpoint
 * (drained()).
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
import { compileRecordFilter } from '../../filter/record-filter.ts';
import { fieldSelectorFor } from '../../filter/field-selector.ts';
import { RECEIVER_ERROR_KINDS, RECEIVER_FILTERS, type ReceiverErrorKind, type ReceiverFilter } from '../../telemetry/metrics.ts';
import { startEnrichment } from './enrich/start-enrichment.ts';
import type { OwnerEnricher } from './enrich/owner-enricher.ts';
import { guardErrorKind } from './guard-errors.ts';
import { ListWatch, rvOf, uidOf, type ListWatchOptions, type ObjectSource } from './list-watch.ts';
import { normalizeEvent } from './normalize.ts';
import { TokenBucket } from '../../net/token-bucket.ts';
import { FileCheckpointStore } from './checkpoint.ts';
import type { CheckpointStore } from './checkpoint-store.ts';
import { DeliveryTracking } from './delivery-tracking.ts';
import type { ReceiverLeadership } from '../../leader/receiver-leadership.ts';
import { listKey } from './position.ts';
import { createRecordBuilder } from './record.ts';
import { RecordQueue } from './record-queue.ts';
import type { StatusBoard } from '../../telemetry/status/status-board.ts';
import type { ReceiverStatus } from '../../telemetry/status/receiver-status.ts';

/** Records handed to the next consumer per call, at most. */
export const PUMP_BATCH = 1000;

export interface ReceiverTuning extends ListWatchOptions {
  /** A moved position is saved within this long (default 1 s). */
  readonly checkpointDelayMs?: number;
  /** Where the checkpoint lives; default a file in checkpoint_dir (none without it). */
  readonly checkpointStore?: CheckpointStore;
  /** 'auto' (default): start() begins watching; 'gated': the caller (leader election) calls beginWatching(). */
  readonly watching?: 'auto' | 'gated';
  /** With leader election: list/watch only while this replica holds the Lease (src/leader). */
  readonly leadership?: ReceiverLeadership;
  /** Opens the connection to the API server; the factory resolves credentials from the config. */
  readonly connect: () => Promise<ApiConnection>;
  readonly resource: Resource;
}

export class K8sEventsReceiver implements Receiver {
  private readonly config: K8sEventsConfig;
  private readonly settings: CreateSettings;
  private readonly next: LogsConsumer;
  private readonly tuning: ReceiverTuning;
  private readonly log: Logger;
  private readonly errorsLog: RateLimitedLog;
  private readonly queue: RecordQueue;
  private readonly tracking: DeliveryTracking;
  private readonly filter;
  private readonly build;
  /** Aborts the current list/watch term (endWatching, shutdown). */
  private abort = new AbortController();
  private client: ApiClient | undefined;
  private readonly metrics;
  /** The status page's view of this receiver (absent in bare tests). */
  private readonly board: StatusBoard | undefined;
  private readonly status: ReceiverStatus | undefined;
  private connection: ApiConnection | undefined;
  private enricher: OwnerEnricher | undefined;
  /** The conditions the API server applies (push_down_filters), sent on every list and watch. */
  private readonly fieldSelector: string | undefined;
  private loop: Promise<void> | undefined;
  private pump: Promise<void> | undefined;
  private ready = false;
  private everReady = false;
  private degraded = false;
  private stopping: Promise<void> | undefined;
  /** Set by shutdown: the pump hands over what is queued until this aborts, then stops. */
  private drainSignal: AbortSignal | undefined;
  private readonly pumpWake = new AbortController();
  private gaugeScheduled = false;
  /** Records accepted since the counter was last brought up to date (flushCounters). */
  private pendingAccepted = 0;
  private lastAcceptedMicros = 0;
  /** The first list of a first start (no checkpoint): max_event_age applies. */
  private firstList = false;

  constructor(settings: CreateSettings, config: K8sEventsConfig, next: LogsConsumer, tuning: ReceiverTuning) {
    this.config = config;
    this.settings = settings;
    this.next = next;
    this.tuning = tuning;
    this.log = settings.logger;
    this.errorsLog = new RateLimitedLog(settings.logger);
    this.queue = new RecordQueue(config.channel_cap);
    this.filter = compileRecordFilter(config);
    this.fieldSelector = config.push_down_filters ? fieldSelectorFor(config) : undefined;
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
      errors: Object.fromEntries(RECEIVER_ERROR_KINDS.map((kind) => [kind, m.receiverErrors.labels(id, kind)])) as { [kind in ReceiverErrorKind]: ReturnType<typeof m.receiverErrors.labels> },
      filtered: Object.fromEntries(RECEIVER_FILTERS.map((name) => [name, m.receiverFiltered.labels(id, name)])) as { [name in ReceiverFilter]: ReturnType<typeof m.receiverFiltered.labels> },
    };
    for (const kind of Object.values(this.metrics.errors)) kind.inc(0);
    for (const filtered of Object.values(this.metrics.filtered)) filtered.inc(0);
    const checkpointErrors = m.receiverCheckpointErrors.labels(id);
    const gaps = m.receiverGaps.labels(id);
    checkpointErrors.inc(0);
    gaps.inc(0);
    const store = tuning.checkpointStore ?? (config.checkpoint_dir === undefined ? undefined : new FileCheckpointStore(config.checkpoint_dir));
    this.tracking = new DeliveryTracking({ store, log: this.log, errorsLog: this.errorsLog, checkpointErrors, gaps, checkpointDelayMs: tuning.checkpointDelayMs });
    this.metrics.degraded.set(0);
    this.metrics.queueSize.set(0);
    m.receiverQueueCapacity.labels(id).set(config.channel_cap);
  }

  async start(): Promise<void> {
    this.connection = await this.tuning.connect();
    this.log.info({ api: this.connection.describe(), channel_cap: this.config.channel_cap, backpressure: this.config.backpressure }, 'k8s_events receiver starting');
    const limiter = new TokenBucket(this.config.api_qps, this.config.api_burst);
    this.client = new ApiClient(this.connection, limiter);
    this.enricher = startEnrichment(this.config.enrich, this.client, limiter, this.settings);
    if (this.fieldSelector !== undefined) this.log.info({ field_selector: this.fieldSelector }, 'filters pushed down to the API server');
    this.pump = this.runPump();
    this.status?.setPhase('standby');
    if (this.tuning.leadership) this.tuning.leadership.start(this.client, this);
    else if (this.tuning.watching !== 'gated') await this.beginWatching();
  }

  /**
   * Restores the checkpoint and starts listing/watching from it (a leader's term begins). No-op
   * while a term runs or after shutdown began.
   */
  async beginWatching(): Promise<void> {
    if (this.loop !== undefined || this.stopping || this.client === undefined) return;
    this.abort = new AbortController();
    await this.tracking.restore();
    if (this.stopping) return;
    const resumeFrom = this.tracking.resumeFrom();
    this.firstList = this.tracking.firstStart && this.config.max_event_age > 0;
    const listWatch = new ListWatch(this.client, this.handler(), { resyncMs: this.config.resync, pageSize: this.config.list_page_size, fieldSelector: this.fieldSelector, ...this.tuning, resumeFrom });
    this.loop = listWatch.run(this.abort.signal).catch((err: unknown) => {
      // run() only ends on abort; anything else is a bug we still must not crash on.
      this.log.error({ err }, 'list/watch loop ended unexpectedly');
    });
    this.status?.setPhase(resumeFrom === undefined ? 'listing' : 'watching');
  }

  /**
   * Stops listing/watching and saves what is settled (a leader's term ends). Records already
   * queued still go to the pipeline; acks that arrive later are not saved by this replica.
   */
  async endWatching(): Promise<void> {
    const loop = this.loop;
    if (loop === undefined) return;
    this.abort.abort(new Error('list/watch stopped'));
    await loop;
    this.loop = undefined;
    this.ready = false;
    this.status?.setPhase('standby');
    await this.tracking.close();
  }

  isReady(): boolean {
    return (this.ready || this.tuning.leadership?.isFollower() === true) && !this.stopping;
  }

  /** Idempotent. Stops the watch at once, then hands what is queued to the pipeline until `drain` aborts. */
  shutdown(drain?: AbortSignal): Promise<void> {
    this.stopping ??= this.stop(drain ?? AbortSignal.timeout(1000));
    return this.stopping;
  }

  /** After the pipeline drained at shutdown: saves what its acknowledgements settled. */
  async drained(): Promise<void> {
    await this.tracking.flush();
    if (this.tuning.leadership === undefined) return;
    await this.tuning.leadership.release(); // after the last checkpoint: the next leader resumes from it
    await this.connection?.close();
  }

  private async stop(drain: AbortSignal): Promise<void> {
    await this.tuning.leadership?.stop();
    this.abort.abort(new Error('receiver shutting down'));
    await this.loop;
    this.drainSignal = drain;
    this.wakePump();
    await this.pump;
    this.flushCounters();
    const left = this.queue.size;
    if (left > 0) {
      this.metrics.errors.backpressure_drop.inc(left);
      this.log.warn({ records: left }, 'shutdown budget spent: records still queued in the receiver were dropped (a restart sends them again)');
      const tags: number[] = [];
      this.queue.takeBatch(left, tags);
      this.tracking.ackFor(tags).nack();
      this.metrics.queueSize.set(0);
    }
    this.enricher?.close();
    await this.tracking.flush();
    if (this.tuning.leadership === undefined) await this.connection?.close(); // the Lease still needs it until drained()
    this.status?.setPhase('stopped');
    this.log.info('k8s_events receiver stopped');
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
      const tags: number[] = [];
      const batch = this.queue.takeBatch(PUMP_BATCH, tags);
      this.flushCounters();
      this.metrics.queueSize.set(this.queue.size);
      const ack = this.tracking.ackFor(tags);
      try {
        await this.next.consume(batch, ack);
      } catch (err) {
        ack.nack(); // no effect if the pipeline settled it before rejecting
        this.metrics.errors.consumer.inc();
        this.errorsLog.error('consumer', { err, records: batch.length }, 'the pipeline rejected a batch; the receiver goes on');
      }
    }
  }

  private handler() {
    return {
      onObject: (object: unknown, source: ObjectSource): Promise<void> | undefined => this.onObject(object, source),
      onDeleted: (object: unknown): void => this.tracking.deleted(uidOf(object), rvOf(object)),
      onListStart: (rv: string): void => this.tracking.listStart(rv),
      onListComplete: (rv: string): void => {
        this.tracking.listEnd(rv);
        this.firstList = false;
        this.metrics.lists.inc();
        this.status?.setPhase('watching');
        if (!this.ready) this.log.info({ resource_version: rv }, this.everReady ? 'relist complete: receiver ready again' : 'first list complete: receiver ready');
        this.everReady = true;
        this.ready = true;
      },
      onWatchStart: (rv: string): void => this.tracking.watchFrom(rv),
      onBookmark: (rv: string): void => this.tracking.streamAt(rv),
      onExpired: (rv: string | undefined): void => this.tracking.expired(rv),
      onSuccess: (kind: 'list' | 'watch'): void => {
        this.status?.recovered();
        if (kind === 'watch') {
          this.status?.setPhase('watching');
          this.metrics.watches.inc();
          if (!this.ready) this.log.info('watch resumed from the checkpoint: receiver ready');
          this.everReady = true;
          this.ready = true;
        }
        if (this.degraded) {
          this.degraded = false;
          this.metrics.degraded.set(0);
          this.log.info({ kind }, 'API server reachable again: receiver recovered');
        }
      },
      onFailure: (kind: 'list' | 'watch', error: ApiError, retryInMs: number): void => {
        this.metrics.errors[guardErrorKind(error.kind) ?? kind].inc();
        if (error.kind === 'gone') {
          // Not ready while relisting: nothing flows until the list completes (then ready again).
          this.ready = false;
          this.status?.setPhase('listing');
          this.log.info({ kind, reason: error.message }, 'resource version expired: relisting (already delivered events are skipped); not ready until the list completes');
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
      const rv = rvOf(object);
      if (source === 'watch' && rv !== undefined) this.tracking.settled(source, '', rv);
      return undefined;
    }
    const rv = event.metadata.resourceVersion ?? '';
    const key = listKey(event.metadata.namespace ?? '', event.metadata.name ?? '');
    if (this.tracking.delivered(source, key, event.metadata.uid, rv)) return undefined;
    const nowMicros = Date.now() * 1000;
    const record = this.build(event, nowMicros);
    if (source === 'watch') this.metrics.lag.observe(Math.max(0, (nowMicros - record.timeUnixMicros) / 1e6));
    const dropped = this.filter(record) ?? (this.firstList && source === 'list' && nowMicros - record.timeUnixMicros > this.config.max_event_age * 1000 ? 'max_event_age' : undefined);
    if (dropped !== undefined) {
      this.metrics.filtered[dropped].inc();
      this.tracking.settled(source, key, rv);
      return undefined;
    }
    return this.enqueue(this.enricher === undefined ? record : this.enricher.enrich(record), this.tracking.track(source, key, event.metadata.uid, rv));
  }

  private enqueue(record: EventRecord, tag: number): Promise<void> | undefined {
    if (this.queue.offer(record, tag)) {
      this.accepted(record);
      return undefined;
    }
    this.metrics.queueSize.set(this.queue.size);
    if (this.config.backpressure === 'drop') {
      this.tracking.dropped(tag);
      this.metrics.errors.backpressure_drop.inc();
      this.errorsLog.warn('backpressure_drop', { channel_cap: this.config.channel_cap }, 'receiver queue full: dropped the newest record (backpressure: drop)');
      return undefined;
    }
    return this.waitAndOffer(record, tag);
  }

  private async waitAndOffer(record: EventRecord, tag: number): Promise<void> {
    const signal = this.abort.signal;
    this.status?.setPaused(true);
    try {
      while (!signal.aborted) {
        await this.queue.whenRoom(signal);
        if (this.queue.offer(record, tag)) {
          this.accepted(record);
          return;
        }
      }
    } finally {
      this.status?.setPaused(false);
    }
    this.tracking.dropped(tag); // the term ended while waiting: never handed on
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
