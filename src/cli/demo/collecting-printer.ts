/**
 * The demo's exporter: prints each record as it arrives (with colour on a terminal; findings
 * highlighted) and keeps the counts and the findings for the closing summary. Registered only in
 * the demo's own registry, never in the product's.
 */
import { z } from 'zod';
import type { Exporter, ExporterFactory } from '../../component/types.ts';
import { formatRecordLine } from '../../exporters/debug/format.ts';
import { isFinding } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';
import { formatTerminalLine } from './terminal-line.ts';

export class CollectingPrinter {
  readonly byHint = new Map<string, number>();
  readonly byNamespace = new Map<string, number>();
  readonly byHintAndNamespace = new Map<string, number>();
  /** Event records received (findings not included). */
  received = 0;
  /** Every finding record, in arrival order (firing, updates, resolved). */
  readonly findings: EventRecord[] = [];
  private readonly out: NodeJS.WritableStream;
  private readonly color: boolean;
  /** Terminal columns to fit each line in; undefined: full lines (a pipe or a file). */
  private readonly width: number | undefined;
  private readonly waiters: Array<{ count: number; resolve: () => void }> = [];

  constructor(out: NodeJS.WritableStream, color: boolean, width?: number) {
    this.out = out;
    this.color = color;
    this.width = width;
  }

  take(records: readonly EventRecord[]): void {
    for (const r of records) {
      this.out.write((this.width === undefined ? formatRecordLine(r, this.color) : formatTerminalLine(r, this.width, this.color)) + '\n');
      if (isFinding(r)) {
        this.findings.push(r);
        continue;
      }
      this.received++;
      const hint = r.hint ?? '(none)';
      const ns = r.regarding.namespace ?? '(cluster)';
      bump(this.byHint, hint);
      bump(this.byNamespace, ns);
      bump(this.byHintAndNamespace, `${hint}\u0000${ns}`);
    }
    for (const w of this.waiters.splice(0)) {
      if (this.received >= w.count) w.resolve();
      else this.waiters.push(w);
    }
  }

  /** Resolves once `count` records have arrived, or after `timeoutMs`; true if they all came. */
  async waitFor(count: number, timeoutMs: number): Promise<boolean> {
    if (this.received >= count) return true;
    let timer: NodeJS.Timeout | undefined;
    const arrived = new Promise<boolean>((resolve) => this.waiters.push({ count, resolve: () => resolve(true) }));
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    const result = await Promise.race([arrived, late]);
    clearTimeout(timer);
    return result;
  }

  factory(): ExporterFactory<object> {
    const take = (records: readonly EventRecord[]): void => this.take(records);
    return {
      kind: 'exporter',
      type: 'demo_printer',
      stability: 'development',
      description: 'prints records for the demo and counts them for its summary',
      configSchema: z.object({}).strict(),
      create: (): Exporter => ({ start: async () => {}, shutdown: async () => {}, consume: async (records) => take(records) }),
    };
  }
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}
