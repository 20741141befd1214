/**
 * What the findings tests share: a processor wired to a consumer that keeps what it is handed
 * (and settles acks), with the process's real metrics registry.
 */
import type { Ack } from '../../src/component/ack.ts';
import type { LogsConsumer } from '../../src/component/types.ts';
import { ATTR_FINDING_STATE, findingAttribute, isFinding } from '../../src/model/finding.ts';
import type { AttributeValue, EventRecord } from '../../src/model/record.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { Metrics } from '../../src/telemetry/metrics.ts';
import { findingsConfigSchema } from '../../src/processors/findings/config.ts';
import { FindingsProcessor } from '../../src/processors/findings/findings-processor.ts';

export class Capture implements LogsConsumer {
  readonly batches: Array<{ records: EventRecord[]; ack: Ack | undefined }> = [];

  async consume(records: EventRecord[], ack?: Ack): Promise<void> {
    this.batches.push({ records, ack });
    ack?.ack();
  }

  get findings(): EventRecord[] {
    return this.batches.flatMap((b) => b.records.filter(isFinding));
  }

  get events(): EventRecord[] {
    return this.batches.flatMap((b) => b.records.filter((r) => !isFinding(r)));
  }
}

export function processorWith(config: object = {}): { processor: FindingsProcessor; capture: Capture; metrics: Metrics } {
  const capture = new Capture();
  const metrics = new Metrics();
  const processor = new FindingsProcessor({ id: 'findings', metrics, logger: silentLogger(), env: {} }, findingsConfigSchema.parse(config), capture);
  return { processor, capture, metrics };
}

/** Plays records one consume call each, in order. */
export async function play(processor: FindingsProcessor, records: readonly EventRecord[]): Promise<void> {
  for (const record of records) await processor.consume([record]);
}

export const attr = findingAttribute;

export function states(findings: readonly EventRecord[]): Array<AttributeValue | undefined> {
  return findings.map((f) => findingAttribute(f, ATTR_FINDING_STATE));
}
