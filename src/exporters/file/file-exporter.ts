/**
 * Appends each batch as one OTLP/JSON export request on its own line. `consume` resolves once the
 * line has been handed to the OS, so a slow disk slows the pipeline instead of growing a buffer.
 * Its ack (src/component/ack.ts) is acked once the line is written, nacked when it could not be.
 */
import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { NO_ACK, type Ack } from '../../component/ack.ts';
import type { CreateSettings, Exporter } from '../../component/types.ts';
import type { EventRecord } from '../../model/record.ts';
import { encodeLogsRequestJson } from '../../otlp/encode-json.ts';
import type { FileConfig } from './config.ts';

export class FileExporter implements Exporter {
  private stream: WriteStream | undefined;
  private readonly path: string;
  private readonly sent;
  private readonly bytes;
  private readonly failed;
  private stopping: Promise<void> | undefined;

  constructor(settings: CreateSettings, config: FileConfig) {
    this.path = config.path;
    this.sent = settings.metrics.exporterSent.labels(settings.id);
    this.bytes = settings.metrics.exporterSentBytes.labels(settings.id);
    this.failed = settings.metrics.exporterSendFailed.labels(settings.id);
  }

  async start(): Promise<void> {
    mkdirSync(dirname(this.path), { recursive: true });
    const stream = createWriteStream(this.path, { flags: 'a' });
    await new Promise<void>((resolve, reject) => {
      stream.once('open', () => resolve());
      stream.once('error', reject);
    });
    this.stream = stream;
  }

  async consume(records: EventRecord[], ack: Ack = NO_ACK): Promise<void> {
    const stream = this.stream;
    if (!stream || this.stopping) {
      ack.nack();
      throw new Error(`file exporter ${this.path} is not running`);
    }
    if (records.length === 0) {
      ack.ack();
      return;
    }
    const line = encodeLogsRequestJson(records) + '\n';
    await new Promise<void>((resolve, reject) => {
      stream.write(line, (err) => {
        if (err) {
          this.failed.inc(records.length);
          ack.nack();
          reject(err);
        } else {
          this.sent.inc(records.length);
          this.bytes.inc(Buffer.byteLength(line));
          ack.ack();
          resolve();
        }
      });
    });
  }

  shutdown(): Promise<void> {
    this.stopping ??= new Promise<void>((resolve) => {
      if (!this.stream) return resolve();
      this.stream.end(() => resolve());
    });
    return this.stopping;
  }
}
