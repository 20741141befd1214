/**
 * The exporter helper (the OpenTelemetry Collector's exporterhelper): every network exporter is
 *
 *   consume -> PayloadEncoder (the exporter's serializer, then compression) -> sending queue
 *   (encoded batches, bounded in bytes, memory or disk) -> consumer workers -> BatchSender
 *   (retry, 413 split, count) -> transport
 *
 * A new exporter (webhook, ...) supplies only two things (./transport.ts), and gets queueing,
 * persistence, retries, backpressure, acknowledgements and metrics from here:
 * - a BatchSerializer: `contentType`, `serialize(records) -> bytes` (one request body) and
 *   `split(bytes)` (two halves of a body, for a 413; undefined for a single record);
 * - an ExportTransport: `send(payload, signal) -> SendOutcome` (one attempt, never rejects: it
 *   says what the answer means: success with partial rejections, retryable with a delay,
 *   permanent, too large (413: the helper splits the batch), aborted), `endpoint`, `close()`.
 * and declares its factory with queuedExporterFactory (./queued-exporter-factory.ts), its config
 * taking the helper's `queue`, `retry`, `tls`, `headers`, `compression` fields.
 *
 * Acknowledgements (src/component/ack.ts): `consume(records, ack)` settles `ack` exactly once:
 * - ack: the endpoint accepted the batch (a partial rejection counts as permanent), the batch was
 *   written durably to the persistent queue, or the endpoint rejected it for good (dropped
 *   {permanent});
 * - nack: dropped for lack of time or room: shutdown budget spent (dropped{shutdown}), retried
 *   past retry.max_elapsed (dropped{max_elapsed}), queue full in drop mode (dropped{queue_full}),
 *   a persistent queue that could not take or flush the batch.
 *
 * Lifecycle (src/component/types.ts):
 * - start(): opens the transport and the queue (a persistent queue recovers what a previous run
 *   accepted and did not deliver), then starts `queue.num_consumers` workers.
 * - consume(records): resolves once the batch is in the queue (durable, for a persistent one).
 *   When the queue is full it waits for room (`when_full: block`, the default: backpressure
 *   reaches the receiver) or drops the batch and counts dropped{queue_full} (`when_full: drop`).
 * - shutdown(drain): stops accepting (waiting consume calls reject and count dropped{shutdown}),
 *   keeps sending until the queue is empty or `drain` aborts, then: in memory, what is left is
 *   counted as dropped{shutdown}; on disk it stays for the next start. Idempotent.
 *
 * Each exporter has its own queue and workers: a slow endpoint stalls only its own queue (until
 * that is full, see docs/exporters.md for the backpressure chain).
 */
import { NO_ACK, type Ack } from '../../component/ack.ts';
import type { CreateSettings, Exporter } from '../../component/types.ts';
import type { EventRecord } from '../../model/record.ts';
import { RateLimitedLog, type Logger } from '../../telemetry/logger.ts';
import type { QueueConfig } from './queue/queue-config.ts';
import { createSendingQueue } from './queue/create-queue.ts';
import { QueueClosedError, type ExporterQueue } from './queue/sending-queue.ts';
import { BatchSender, type SendResult } from './batch-sender.ts';
import type { CompressionConfig } from './compression.ts';
import { PayloadEncoder } from './payload-encoder.ts';
import type { RetryConfig } from './retry-config.ts';
import type { BatchSerializer, ExportTransport } from './transport.ts';

export interface QueuedExporterOptions {
  readonly queue: QueueConfig;
  readonly retry: RetryConfig;
  readonly serializer: BatchSerializer;
  /** Applied by the helper; `none` when the transport compresses itself (gRPC). */
  readonly compression: CompressionConfig;
  /** Builds the transport at start (reads TLS files, prepares connections). */
  openTransport(): Promise<ExportTransport>;
}

type State = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/** Pause after an unexpected error in a worker, so a bug cannot spin. */
const WORKER_ERROR_PAUSE_MS = 1000;

export class QueuedExporter implements Exporter {
  private readonly id: string;
  private readonly settings: CreateSettings;
  private readonly options: QueuedExporterOptions;
  private readonly logger: Logger;
  private readonly log: RateLimitedLog;
  private readonly queue: ExporterQueue;
  private readonly encoder: PayloadEncoder;
  private readonly workStop = new AbortController();
  private readonly droppedQueueFull;
  private readonly droppedShutdown;
  private readonly droppedPermanent;
  private transport: ExportTransport | undefined;
  private workers: Array<Promise<void>> = [];
  private state: State = 'new';
  private stopping: Promise<void> | undefined;

  constructor(settings: CreateSettings, options: QueuedExporterOptions) {
    this.id = settings.id;
    this.settings = settings;
    this.options = options;
    this.logger = settings.logger;
    this.log = new RateLimitedLog(settings.logger);
    this.encoder = new PayloadEncoder(options.serializer, options.compression);
    this.queue = createSendingQueue(options.queue, settings, this.log, (records) => this.encoder.encode(records));
    this.droppedQueueFull = settings.metrics.exporterDropped.labels(this.id, 'queue_full');
    this.droppedShutdown = settings.metrics.exporterDropped.labels(this.id, 'shutdown');
    this.droppedPermanent = settings.metrics.exporterDropped.labels(this.id, 'permanent');
  }

  async start(): Promise<void> {
    if (this.state !== 'new') throw new Error(`exporter ${this.id} was already started`);
    this.state = 'starting';
    const transport = await this.options.openTransport();
    this.transport = transport;
    let recovered: number;
    try {
      recovered = await this.queue.open();
    } catch (error) {
      await transport.close();
      this.state = 'stopped';
      throw error;
    }
    const sender = new BatchSender({ id: this.id, transport, encoder: this.encoder, retry: this.options.retry, metrics: this.settings.metrics, logger: this.logger, log: this.log });
    for (let i = 0; i < this.options.queue.num_consumers; i++) this.workers.push(this.work(sender));
    this.state = 'running';
    const queue = this.options.queue.storage === undefined ? 'memory' : 'persistent';
    this.logger.info({ exporter: this.id, endpoint: transport.endpoint, queue }, 'exporter started');
    if (recovered > 0) this.logger.info({ exporter: this.id, records: recovered }, 'sending what a previous run accepted and did not deliver');
  }

  async consume(records: EventRecord[], ack: Ack = NO_ACK): Promise<void> {
    if (records.length === 0) {
      ack.ack();
      return;
    }
    if (this.state !== 'running') {
      if (this.state === 'stopping' || this.state === 'stopped') this.droppedShutdown.inc(records.length);
      ack.nack();
      throw new Error(`exporter ${this.id} is not running (${this.state})`);
    }
    let payload;
    try {
      // Encoded and compressed here, once: the queue holds batches as they go on the wire.
      payload = await this.encoder.encode(records);
    } catch (error) {
      this.droppedPermanent.inc(records.length);
      this.log.error(`${this.id}:encode`, { exporter: this.id, records: records.length, error: (error as Error).message }, 'could not encode a batch: dropped');
      ack.ack(); // sending it again cannot help
      return;
    }
    const persistent = this.queue.persistent;
    let result;
    try {
      // In memory the entry carries the ack to the worker that settles it; on disk it is settled here.
      result = await this.queue.offer(payload, persistent ? undefined : ack);
    } catch (error) {
      ack.nack();
      if (error instanceof QueueClosedError) {
        this.droppedShutdown.inc(records.length);
      } else {
        this.droppedQueueFull.inc(records.length);
        this.log.error(`${this.id}:queue_write`, { exporter: this.id, records: records.length, error: (error as Error).message }, 'could not add a batch to the sending queue: dropped');
      }
      throw error;
    }
    if (persistent) {
      if (result === 'queued') ack.ack();
      else ack.nack(); // full, or not flushed to disk: the receiver's position stays below it
    }
    if (result === 'full') {
      if (!persistent) ack.nack();
      this.droppedQueueFull.inc(records.length);
      this.log.warn(`${this.id}:queue_full`, { exporter: this.id, records: records.length, queue_size: this.queue.size }, 'sending queue full: batch dropped (queue.when_full: drop)');
    }
  }

  shutdown(drain?: AbortSignal): Promise<void> {
    this.stopping ??= this.stop(drain);
    return this.stopping;
  }

  private async stop(drain: AbortSignal | undefined): Promise<void> {
    if (this.state === 'new') {
      this.state = 'stopped';
      return;
    }
    this.state = 'stopping';
    this.queue.close();
    const abort = () => this.workStop.abort();
    if (drain?.aborted) abort();
    else drain?.addEventListener('abort', abort, { once: true });
    await Promise.all(this.workers);
    drain?.removeEventListener('abort', abort);
    this.workStop.abort();
    const left = await this.queue.dispose();
    if (left > 0 && this.queue.persistent) {
      this.logger.info({ exporter: this.id, records: left }, 'undelivered records stay in the persistent queue and are sent at the next start');
    } else if (left > 0) {
      this.droppedShutdown.inc(left);
      this.logger.warn({ exporter: this.id, records: left }, 'shutdown budget spent: undelivered records of the in-memory queue are dropped');
    }
    await this.transport?.close();
    this.state = 'stopped';
  }

  /** One consumer: takes batches from the queue and sends them until the queue is closed and empty. */
  private async work(sender: BatchSender): Promise<void> {
    const signal = this.workStop.signal;
    for (;;) {
      let entry;
      try {
        entry = await this.queue.take(signal);
        if (!entry) return;
        const result = await sender.send(entry.payload, signal);
        if (result.unsettled === 0) {
          settle(entry.ack, result);
          this.queue.ack(entry);
          continue;
        }
        // Aborted by shutdown: a persistent queue keeps the batch for the next start.
        if (!this.queue.persistent) {
          this.droppedShutdown.inc(result.unsettled);
          entry.ack.nack();
          this.queue.ack(entry);
        }
        return;
      } catch (error) {
        this.log.error(`${this.id}:worker`, { exporter: this.id, error: (error as Error).stack ?? String(error) }, 'unexpected error while sending a batch: dropped');
        if (entry) {
          this.droppedPermanent.inc(entry.payload.count);
          entry.ack.nack();
          this.queue.ack(entry);
        }
        if (signal.aborted) return;
        await new Promise((resolve) => setTimeout(resolve, WORKER_ERROR_PAUSE_MS).unref());
      }
    }
  }
}

/** Delivered or rejected for good: ack; anything given up on for lack of time: nack. */
function settle(ack: Ack, result: SendResult): void {
  if (result.expired > 0) ack.nack();
  else ack.ack();
}
