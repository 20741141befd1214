/**
 * Groups records into batches of `send_batch_size`, sent when full, when the oldest record has
 * waited `timeout`, and on shutdown.
 *
 * Bounded, with backpressure (docs/exporters.md): one batch at a time goes to the next consumer,
 * whether the size or the timer sent it; `consume` waits for it, so a slow or full exporter makes
 * the caller (the receiver's pump) wait instead of piling batches up here. This processor holds at
 * most one partial batch and one batch in flight.
 *
 * Acknowledgements (src/component/ack.ts): a consume call whose records land in several batches
 * splits its ack (joinAcks); a batch made of several calls' records merges theirs (allAcks).
 */
import { allAcks, joinAcks, NO_ACK, type Ack } from '../../component/ack.ts';
import type { CreateSettings, LogsConsumer, Processor } from '../../component/types.ts';
import type { EventRecord } from '../../model/record.ts';
import { RateLimitedLog } from '../../telemetry/logger.ts';
import type { BatchConfig } from './config.ts';

export class BatchProcessor implements Processor {
  private buffer: EventRecord[] = [];
  /** The acks of the parts of consume calls whose records are in `buffer` (at most one per record). */
  private bufferAcks: Ack[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** The batch in flight (never rejects): the next one is sent only once it is settled. */
  private sending: Promise<void> = Promise.resolve();
  /** Consume calls take turns, so a call's records are split exactly as counted. */
  private turn: Promise<void> = Promise.resolve();
  private readonly next: LogsConsumer;
  private readonly size: number;
  private readonly timeoutMs: number;
  private readonly errors: RateLimitedLog;
  private stopped = false;

  constructor(settings: Pick<CreateSettings, 'logger'>, config: BatchConfig, next: LogsConsumer) {
    this.next = next;
    this.size = config.send_batch_size;
    this.timeoutMs = config.timeout;
    this.errors = new RateLimitedLog(settings.logger);
  }

  async start(): Promise<void> {}

  consume(records: EventRecord[], ack: Ack = NO_ACK): Promise<void> {
    if (this.stopped) {
      ack.nack();
      return Promise.reject(new Error('batch processor is shut down'));
    }
    const run = this.turn.then(() => this.consumeInTurn(records, ack));
    this.turn = run.catch(() => undefined);
    return run;
  }

  private async consumeInTurn(records: EventRecord[], ack: Ack): Promise<void> {
    await this.sending; // a batch the timer sent is still in flight: wait for it (backpressure)
    if (this.stopped) {
      ack.nack();
      throw new Error('batch processor is shut down');
    }
    const parts = joinAcks(ack, this.batchesTouched(records.length));
    let at = 0;
    let part = 0;
    try {
      while (at < records.length) {
        const take = Math.min(this.size - this.buffer.length, records.length - at);
        if (this.buffer.length === 0 && at === 0 && take === records.length) this.buffer = records; // whole array, no copy
        else for (let i = at; i < at + take; i++) this.buffer.push(records[i]);
        this.bufferAcks.push(parts[part++]);
        at += take;
        if (this.buffer.length >= this.size) await this.flush();
      }
    } catch (error) {
      // The next consumer refused a batch (it settled that batch's ack): the rest of this call's
      // records are not passed on, so their parts are not delivered.
      for (; part < parts.length; part++) parts[part].nack();
      throw error;
    }
    if (this.buffer.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => this.flushOnTimer(), this.timeoutMs);
    }
  }

  /** How many batches `n` more records fall into, given the partial batch in the buffer. */
  private batchesTouched(n: number): number {
    if (n === 0) return 0;
    const first = Math.min(this.size - this.buffer.length, n);
    return 1 + Math.ceil((n - first) / this.size);
  }

  private flushOnTimer(): void {
    this.timer = undefined;
    this.flush().catch((err: unknown) => this.errors.error('flush', { err }, 'batch could not be handed to the exporters'));
  }

  /** Sends the buffer as one batch once the batch in flight is settled; resolves when it is accepted. */
  private flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return this.sending;
    const batch = this.buffer;
    const ack = allAcks(this.bufferAcks);
    this.buffer = [];
    this.bufferAcks = [];
    const run = this.sending.then(() => this.next.consume(batch, ack));
    this.sending = run.catch(() => undefined);
    return run;
  }

  /**
   * Sends what is buffered and waits for it, until `drain` aborts: then it returns, and the batch
   * still waiting for the exporter is settled (nacked) when the exporter shuts down.
   */
  async shutdown(drain?: AbortSignal): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    const flushed = this.turn.then(() => this.flush());
    if (drain === undefined) return flushed;
    if (drain.aborted) {
      flushed.catch(() => undefined);
      return;
    }
    let onAbort: () => void = () => {};
    const aborted = new Promise<void>((resolve) => {
      onAbort = resolve;
      drain.addEventListener('abort', onAbort, { once: true });
    });
    try {
      await Promise.race([flushed, aborted]);
    } finally {
      drain.removeEventListener('abort', onAbort);
      flushed.catch(() => undefined);
    }
  }
}
