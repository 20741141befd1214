import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ack } from '../component/ack.ts';
import type { LogsConsumer } from '../component/types.ts';
import type { EventRecord } from '../model/record.ts';
import { fanout } from './fanout.ts';

/** A consumer that keeps the acks it is given, to settle them later as the test says. */
function holding(): LogsConsumer & { acks: Ack[] } {
  const acks: Ack[] = [];
  return {
    acks,
    consume: async (_records: EventRecord[], ack?: Ack) => {
      if (ack) acks.push(ack);
    },
  };
}

function tracked(): Ack & { outcome: string[] } {
  const outcome: string[] = [];
  return { outcome, ack: () => void outcome.push('ack'), nack: () => void outcome.push('nack') };
}

describe('fanout acknowledgements', () => {
  it('acks the batch only once every consumer acked', async () => {
    const a = holding();
    const b = holding();
    const parent = tracked();
    await fanout([a, b]).consume([], parent);
    a.acks[0].ack();
    assert.deepEqual(parent.outcome, [], 'one of two acked: still pending');
    b.acks[0].ack();
    assert.deepEqual(parent.outcome, ['ack']);
  });

  it('nacks the batch when one consumer nacked, once all settled', async () => {
    const a = holding();
    const b = holding();
    const parent = tracked();
    await fanout([a, b]).consume([], parent);
    a.acks[0].nack();
    b.acks[0].ack();
    b.acks[0].ack();
    assert.deepEqual(parent.outcome, ['nack']);
  });

  it('counts a consumer that rejects without settling as a nack', async () => {
    const a = holding();
    const failing: LogsConsumer = { consume: () => Promise.reject(new Error('boom')) };
    const parent = tracked();
    await assert.rejects(fanout([a, failing]).consume([], parent), AggregateError);
    a.acks[0].ack();
    assert.deepEqual(parent.outcome, ['nack']);
  });

  it('joins nested fan-outs (a receiver feeding two pipelines of two exporters each)', async () => {
    const sinks = [holding(), holding(), holding(), holding()];
    const parent = tracked();
    await fanout([fanout([sinks[0], sinks[1]]), fanout([sinks[2], sinks[3]])]).consume([], parent);
    for (const s of sinks.slice(0, 3)) s.acks[0].ack();
    assert.deepEqual(parent.outcome, []);
    sinks[3].acks[0].ack();
    assert.deepEqual(parent.outcome, ['ack']);
  });
});
