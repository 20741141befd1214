/**
 * Prints records for a human, on stdout. Not for production volume: it writes synchronously
 * through the stream and waits for the stream to drain before accepting more. Acks each batch
 * once it is written.
 */
import type { Writable } from 'node:stream';
import { NO_ACK, type Ack } from '../../component/ack.ts';
import type { CreateSettings, Exporter } from '../../component/types.ts';
import type { EventRecord } from '../../model/record.ts';
import type { DebugConfig } from './config.ts';
import { formatAttributes, formatRecordLine } from './format.ts';

export class DebugExporter implements Exporter {
  private readonly out: Writable & { isTTY?: boolean };
  private readonly verbosity: DebugConfig['verbosity'];
  private readonly color: boolean;
  private stopped = false;

  constructor(settings: CreateSettings, config: DebugConfig, out: Writable & { isTTY?: boolean } = process.stdout) {
    this.out = out;
    this.verbosity = config.verbosity;
    this.color = config.color === 'always' || (config.color === 'auto' && out.isTTY === true && settings.env.NO_COLOR === undefined);
  }

  async start(): Promise<void> {}

  async consume(records: EventRecord[], ack: Ack = NO_ACK): Promise<void> {
    if (this.stopped) {
      ack.nack();
      throw new Error('debug exporter is shut down');
    }
    let text: string;
    if (this.verbosity === 'basic') {
      const hinted = records.filter((r) => r.hint !== undefined).length;
      text = `${new Date().toISOString()}  batch of ${records.length} records, ${hinted} with a hint\n`;
    } else {
      const parts: string[] = [];
      for (const r of records) {
        parts.push(formatRecordLine(r, this.color));
        if (this.verbosity === 'detailed') parts.push(formatAttributes(r));
      }
      text = parts.join('\n') + '\n';
    }
    if (!this.out.write(text)) await new Promise<void>((resolve) => this.out.once('drain', resolve));
    ack.ack();
  }

  async shutdown(): Promise<void> {
    this.stopped = true;
  }
}
