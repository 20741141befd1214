/**
 * Sends one batch until the endpoint takes it, it is given up on (counted as dropped, with the
 * reason), or shutdown aborts it. Every record ends in exactly one of: sent, dropped{permanent},
 * dropped{max_elapsed}, or unsettled (returned to the caller on abort).
 *
 * - retryable outcome: wait per the RetrySchedule (honouring the endpoint's requested delay) and
 *   send the same bytes again; past max_elapsed: dropped{max_elapsed}.
 * - permanent outcome: dropped{permanent}, logged at most once per interval per code with the
 *   endpoint's message.
 * - too large (413): the encoded batch is split in half (on its bytes: the serializer's split) and
 *   each half sent on its own; a single record that is still too large is permanent.
 * - partial success: the rejected records are dropped{permanent}, the rest sent.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger, RateLimitedLog } from '../../telemetry/logger.ts';
import type { Metrics } from '../../telemetry/metrics.ts';
import type { RetryConfig } from './retry-config.ts';
import { RetrySchedule } from './retry-schedule.ts';
import type { PayloadEncoder } from './payload-encoder.ts';
import type { ExportTransport, Payload, SendOutcome } from './transport.ts';

/** How a batch ended: records left unsettled by an abort, and records given up on for max_elapsed. */
export interface SendResult {
  readonly unsettled: number;
  readonly expired: number;
}

const DONE: SendResult = Object.freeze({ unsettled: 0, expired: 0 });

export interface BatchSenderOptions {
  readonly id: string;
  readonly transport: ExportTransport;
  /** Splits a batch after a 413. */
  readonly encoder: PayloadEncoder;
  readonly retry: RetryConfig;
  readonly metrics: Metrics;
  readonly logger: Logger;
  readonly log: RateLimitedLog;
}

export class BatchSender {
  private readonly id: string;
  private readonly transport: ExportTransport;
  private readonly encoder: PayloadEncoder;
  private readonly retry: RetryConfig;
  private readonly logger: Logger;
  private readonly log: RateLimitedLog;
  private readonly sent;
  private readonly failed;
  private readonly retried;
  private readonly bytes;
  private readonly droppedPermanent;
  private readonly droppedMaxElapsed;
  /** Failed attempts since the endpoint last took a batch, to say when it recovers. */
  private failuresInARow = 0;

  constructor(options: BatchSenderOptions) {
    const { id, metrics } = options;
    this.id = id;
    this.transport = options.transport;
    this.encoder = options.encoder;
    this.retry = options.retry;
    this.logger = options.logger;
    this.log = options.log;
    this.sent = metrics.exporterSent.labels(id);
    this.failed = metrics.exporterSendFailed.labels(id);
    this.retried = metrics.exporterRetried.labels(id);
    this.bytes = metrics.exporterSentBytes.labels(id);
    this.droppedPermanent = metrics.exporterDropped.labels(id, 'permanent');
    this.droppedMaxElapsed = metrics.exporterDropped.labels(id, 'max_elapsed');
  }

  /**
   * Sends an encoded batch; resolves with how many records were left unsettled because `signal`
   * aborted and how many were dropped for max_elapsed (the rest were delivered or rejected for good).
   */
  async send(payload: Payload, signal: AbortSignal): Promise<SendResult> {
    const count = payload.count;
    if (count === 0) return DONE;
    if (signal.aborted) return { unsettled: count, expired: 0 };
    const body = payload.body;
    const schedule = new RetrySchedule(this.retry);
    for (let attempt = 0; ; attempt++) {
      if (attempt > 0) this.retried.inc(count);
      const outcome = await this.transport.send(payload, signal);
      if (outcome.kind === 'aborted') return { unsettled: count, expired: 0 };
      if (outcome.kind !== 'retryable' || outcome.answered) this.bytes.inc(body.length);
      switch (outcome.kind) {
        case 'success':
          this.succeeded(count, outcome);
          return DONE;
        case 'permanent':
          this.failed.inc(count);
          this.drop(count, outcome);
          return DONE;
        case 'too_large':
          this.failed.inc(count);
          return this.sendHalves(payload, outcome, signal);
        case 'retryable': {
          this.failed.inc(count);
          this.failuresInARow++;
          const delay = schedule.nextDelay(outcome.retryAfterMs);
          if (delay === undefined) {
            this.droppedMaxElapsed.inc(count);
            this.log.error(
              `${this.id}:max_elapsed`,
              { exporter: this.id, endpoint: this.transport.endpoint, records: count, attempts: attempt + 1, code: outcome.code, error: outcome.message },
              'gave up on a batch after retrying for retry.max_elapsed: dropped',
            );
            return { unsettled: 0, expired: count };
          }
          this.log.warn(
            `${this.id}:retry:${outcome.code}`,
            { exporter: this.id, endpoint: this.transport.endpoint, code: outcome.code, error: outcome.message, retry_in_ms: delay, attempt: attempt + 1 },
            'export failed; will retry',
          );
          if (!(await wait(delay, signal))) return { unsettled: count, expired: 0 };
          break;
        }
      }
    }
  }

  private async sendHalves(payload: Payload, outcome: { code: string; message: string }, signal: AbortSignal): Promise<SendResult> {
    let halves: [Payload, Payload] | undefined;
    try {
      halves = await this.encoder.split(payload);
    } catch (error) {
      this.drop(payload.count, { code: outcome.code, message: `${outcome.message}; and the batch could not be split: ${(error as Error).message}` });
      return DONE;
    }
    if (!halves) {
      const what = payload.count === 1 ? 'a single record is too large for the endpoint' : 'a batch too large for the endpoint cannot be split (written with another encoding)';
      this.drop(payload.count, { code: outcome.code, message: `${what}: ${outcome.message}` });
      return DONE;
    }
    const first = await this.send(halves[0], signal);
    if (first.unsettled > 0) return { unsettled: first.unsettled + halves[1].count, expired: first.expired };
    const second = await this.send(halves[1], signal);
    return { unsettled: second.unsettled, expired: first.expired + second.expired };
  }

  private succeeded(count: number, outcome: Extract<SendOutcome, { kind: 'success' }>): void {
    const rejected = Math.min(count, outcome.rejected);
    this.sent.inc(count - rejected);
    if (rejected > 0) this.droppedPermanent.inc(rejected);
    if (rejected > 0 || outcome.message !== '') {
      this.log.warn(
        `${this.id}:partial`,
        { exporter: this.id, endpoint: this.transport.endpoint, records: count, rejected, error: outcome.message },
        rejected > 0 ? 'the endpoint rejected part of a batch: those records are dropped' : 'the endpoint accepted a batch with a warning',
      );
    }
    if (this.failuresInARow > 0) {
      this.logger.info({ exporter: this.id, endpoint: this.transport.endpoint, failed_attempts: this.failuresInARow }, 'the endpoint accepts batches again');
      this.failuresInARow = 0;
    }
  }

  private drop(count: number, outcome: { code: string; message: string }): void {
    this.droppedPermanent.inc(count);
    this.log.error(
      `${this.id}:permanent:${outcome.code}`,
      { exporter: this.id, endpoint: this.transport.endpoint, code: outcome.code, records: count, error: outcome.message },
      'the endpoint rejected a batch for good: dropped',
    );
  }
}

/** Waits `ms`; false if `signal` aborted first. */
async function wait(ms: number, signal: AbortSignal): Promise<boolean> {
  if (signal.aborted) return false;
  try {
    await sleep(ms, undefined, { signal });
    return true;
  } catch (error) {
    if (signal.aborted) return false;
    throw error;
  }
}
