/**
 * The `filter` processor: passes on the records that meet its conditions, so one receiver can
 * feed several pipelines that each take their share (routing). Stateless: nothing is held.
 *
 * Acks (src/component/ack.ts): dropping a record is filtering on purpose, so a batch whose records
 * are all dropped is acked at once; otherwise the kept records go on with the batch's ack and it
 * settles when they are delivered.
 */
import type { Ack } from '../../component/ack.ts';
import type { CreateSettings, LogsConsumer, Processor } from '../../component/types.ts';
import { compileRecordFilter, FILTER_NAMES, type RecordFilter } from '../../filter/record-filter.ts';
import { ATTR_FINDING_KIND, ATTR_FINDING_STATE, findingAttribute, isFinding } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';
import type { FilterConfig } from './config.ts';

export const PROCESSOR_FILTER_NAMES = [...FILTER_NAMES, 'records', 'finding_kind', 'finding_state'] as const;
type ProcessorFilterName = (typeof PROCESSOR_FILTER_NAMES)[number];

type Lists = { readonly include: readonly string[]; readonly exclude: readonly string[] };

export class FilterProcessor implements Processor {
  private readonly next: LogsConsumer;
  private readonly events: RecordFilter;
  private readonly records: FilterConfig['records'];
  private readonly findingKinds: (value: string | undefined) => boolean;
  private readonly findingStates: (value: string | undefined) => boolean;
  private readonly counters: { [name in ProcessorFilterName]: { inc(n?: number): void } };

  constructor(settings: CreateSettings, config: FilterConfig, next: LogsConsumer) {
    this.next = next;
    this.events = compileRecordFilter(config);
    this.records = config.records;
    this.findingKinds = matcher(config.finding_kinds);
    this.findingStates = matcher(config.finding_states);
    const metric = settings.metrics.processorFiltered;
    this.counters = Object.fromEntries(PROCESSOR_FILTER_NAMES.map((name) => [name, metric.labels(settings.id, name)])) as FilterProcessor['counters'];
    for (const counter of Object.values(this.counters)) counter.inc(0);
  }

  start(): Promise<void> {
    return Promise.resolve();
  }

  shutdown(): Promise<void> {
    return Promise.resolve();
  }

  async consume(records: EventRecord[], ack?: Ack): Promise<void> {
    const kept: EventRecord[] = [];
    for (const record of records) {
      const dropped = this.dropReason(record);
      if (dropped === undefined) kept.push(record);
      else this.counters[dropped].inc();
    }
    if (kept.length === 0) {
      ack?.ack();
      return;
    }
    await this.next.consume(kept, ack);
  }

  private dropReason(record: EventRecord): ProcessorFilterName | undefined {
    if (!isFinding(record)) {
      if (this.records === 'findings') return 'records';
      return this.events(record);
    }
    if (this.records === 'events') return 'records';
    if (!this.findingKinds(stringOrUndefined(findingAttribute(record, ATTR_FINDING_KIND)))) return 'finding_kind';
    if (!this.findingStates(stringOrUndefined(findingAttribute(record, ATTR_FINDING_STATE)))) return 'finding_state';
    return undefined;
  }
}

function stringOrUndefined(value: string | number | undefined): string | undefined {
  return value === undefined ? undefined : String(value);
}

function matcher(lists: Lists): (value: string | undefined) => boolean {
  const include = lists.include.length > 0 ? new Set(lists.include) : undefined;
  const exclude = new Set(lists.exclude);
  return (value) => {
    if (include !== undefined && (value === undefined || !include.has(value))) return false;
    return value === undefined || !exclude.has(value);
  };
}
