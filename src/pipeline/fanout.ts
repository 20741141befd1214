/**
 * Hands one batch to several consumers. Each consumer owns what it is given, so all but the last
 * get their own copy of the array (records themselves are immutable and shared).
 *
 * Acknowledgements (src/component/ack.ts): the batch's ack is split into one part per consumer
 * (joinAcks), so it is acked only when every consumer acked its copy, and nacked as soon as all
 * have settled and one nacked. A consumer that rejects without settling its part counts as a nack.
 * The same function joins a receiver's several pipelines and a pipeline's several exporters.
 */
import { joinAcks, NO_ACK, type Ack } from '../component/ack.ts';
import type { LogsConsumer } from '../component/types.ts';
import type { EventRecord } from '../model/record.ts';

export function fanout(consumers: readonly LogsConsumer[]): LogsConsumer {
  if (consumers.length === 1) return consumers[0];
  return {
    async consume(records: EventRecord[], ack: Ack = NO_ACK): Promise<void> {
      const last = consumers.length - 1;
      const parts = joinAcks(ack, consumers.length);
      const results = await Promise.allSettled(
        consumers.map((c, i) => {
          try {
            return c.consume(i === last ? records : records.slice(), parts[i]);
          } catch (err) {
            return Promise.reject(err as Error);
          }
        }),
      );
      // A part is `once`: nacking one that its consumer settled before rejecting changes nothing.
      results.forEach((r, i) => {
        if (r.status === 'rejected') parts[i].nack();
      });
      const failures = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
      if (failures.length > 0) throw new AggregateError(failures.map((f) => f.reason as unknown), `${failures.length} of ${consumers.length} consumers failed`);
    },
  };
}
