/**
 * Groups records into batches of `send_batch_size`, sent when full, when the oldest record has
 * waited `timeout`, and on shutdown. A full batch is sent before `consume` resolves, so a slow
 * exporter slows the caller (backpressure reaches the receiver's queue) instead of piling up here:
 * this processor holds at most one partial batch.
 */
import type { CreateSettings, LogsConsumer, Processor } from '../../component/types.ts';
import type { EventRecord } from '../../model/record.ts';
import { RateLimitedLog } from '../../telemetry/logger.ts';
import type { BatchConfig } from './config.ts';

export class BatchProcessor implements Processor {
  private buffer: EventRecord[] = [];
  private timer: NodeJS.Timeout | undefined;
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

  async consume(records: EventRecord[]): Promise<void> {
    if (this.stopped) throw new Error('batch processor is shut down');
    if (this.buffer.length === 0 && records.length >= this.size) {
      // Common case under load: the incoming array already is (at least) a batch; pass it on whole.
      return this.sendFullBatches(records);
    }
    for (let i = 0; i < records.length; i++) {
      this.buffer.push(records[i]);
      if (this.buffer.length >= this.size) await this.flush();
    }
    if (this.buffer.length > 0 && this.timer === undefined) {
      this.timer = setTimeout(() => this.flushOnTimer(), this.timeoutMs);
    }
  }

  private async sendFullBatches(records: EventRecord[]): Promise<void> {
    let at = 0;
    while (records.length - at >= this.size) {
      const batch = at === 0 && records.length === this.size ? records : records.slice(at, at + this.size);
      at += this.size;
      await this.next.consume(batch);
    }
    if (at < records.length) await this.consume(records.slice(at));
  }

  private flushOnTimer(): void {
    this.timer = undefined;
    this.flush().catch((err: unknown) => this.errors.error('flush', { err }, 'batch could not be handed to the exporters'));
  }

  private async flush(): Promise<void> {
    if (this.timer !== undefined) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    if (this.buffer.length === 0) return;
    const batch = this.buffer;
    this.buffer = [];
    await this.next.consume(batch);
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    await this.flush();
  }
}
