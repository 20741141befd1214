/**
 * Hands one batch to several consumers. Each consumer owns what it is given, so all but the last
 * get their own copy of the array (records themselves are immutable and shared).
 */
import type { LogsConsumer } from '../component/types.ts';
import type { EventRecord } from '../model/record.ts';

export function fanout(consumers: readonly LogsConsumer[]): LogsConsumer {
  if (consumers.length === 1) return consumers[0];
  return {
    async consume(records: EventRecord[]): Promise<void> {
      const last = consumers.length - 1;
      const results = await Promise.allSettled(consumers.map((c, i) => c.consume(i === last ? records : records.slice())));
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failures.length > 0) throw new AggregateError(failures.map((f) => f.reason as unknown), `${failures.length} of ${consumers.length} consumers failed`);
    },
  };
}
