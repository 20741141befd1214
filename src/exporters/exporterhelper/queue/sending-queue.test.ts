import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { payloadOf, recordsOf } from '../../../../test/support/queue-payloads.ts';
import { makeRecords } from '../../../../test/fixtures/otlp/records.ts';
import { MemoryStore } from './memory-store.ts';
import { QueueClosedError, SendingQueue, type QueueObserver } from './sending-queue.ts';

function observer() {
  const sizes: number[] = [];
  const obs: QueueObserver = {
    sizeChanged: (held) => void sizes.push(held),
    corruptEntry: () => assert.fail('memory entries cannot be corrupt'),
    storageFull: () => assert.fail('memory has no disk'),
  };
  return { obs, sizes };
}

async function openQueue(capacity: number, whenFull: 'block' | 'drop' = 'block') {
  const { obs, sizes } = observer();
  const queue = new SendingQueue(new MemoryStore(1024 * 1024), { whenFull, observer: obs, maxRecords: capacity });
  await queue.open();
  return { queue, sizes };
}

/** Lets pending promise callbacks run. */
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('sending queue (memory)', () => {
  it('hands batches out oldest first and counts what it holds until acknowledged', async () => {
    const { queue, sizes } = await openQueue(100);
    await queue.offer(payloadOf(makeRecords(3, { prefix: 'a' })));
    await queue.offer(payloadOf(makeRecords(2, { prefix: 'b' })));
    assert.equal(queue.size, 5);
    const signal = new AbortController().signal;
    const first = await queue.take(signal);
    assert.deepEqual(recordsOf(first).map((r) => r.uid), ['a-0', 'a-1', 'a-2']);
    assert.equal(queue.size, 5, 'a batch in flight is still held');
    queue.ack(first!);
    assert.equal(queue.size, 2);
    assert.equal(sizes.at(-1), 2);
  });

  it('makes a full queue wait for room (when_full: block), first come first served', async () => {
    const { queue } = await openQueue(5);
    await queue.offer(payloadOf(makeRecords(4, { prefix: 'a' })));
    const order: string[] = [];
    const b = queue.offer(payloadOf(makeRecords(3, { prefix: 'b' }))).then((r) => order.push(`b:${r}`));
    const c = queue.offer(payloadOf(makeRecords(1, { prefix: 'c' }))).then((r) => order.push(`c:${r}`));
    await settle();
    assert.deepEqual(order, [], 'c fits but must not overtake b');
    const signal = new AbortController().signal;
    queue.ack((await queue.take(signal))!);
    await Promise.all([b, c]);
    assert.deepEqual(order, ['b:queued', 'c:queued']);
    assert.deepEqual(recordsOf(await queue.take(signal)).map((r) => r.uid), ['b-0', 'b-1', 'b-2']);
  });

  it('answers full at once when the policy is drop', async () => {
    const { queue } = await openQueue(5, 'drop');
    assert.equal(await queue.offer(payloadOf(makeRecords(4))), 'queued');
    assert.equal(await queue.offer(payloadOf(makeRecords(2))), 'full');
    assert.equal(queue.size, 4);
  });

  it('lets a batch larger than the whole capacity in once the queue is empty', async () => {
    const { queue } = await openQueue(5);
    assert.equal(await queue.offer(payloadOf(makeRecords(8))), 'queued');
    assert.equal(queue.size, 8);
  });

  it('gives a waiting consumer the next batch as soon as it arrives', async () => {
    const { queue } = await openQueue(10);
    const taken = queue.take(new AbortController().signal);
    await queue.offer(payloadOf(makeRecords(1, { prefix: 'late' })));
    assert.equal(recordsOf(await taken)[0].uid, 'late-0');
  });

  it('on close: waiting offers reject, later offers reject, consumers drain what is left and then get nothing', async () => {
    const { queue } = await openQueue(2);
    await queue.offer(payloadOf(makeRecords(2)));
    const waiting = queue.offer(payloadOf(makeRecords(1)));
    queue.close();
    await assert.rejects(waiting, QueueClosedError);
    await assert.rejects(queue.offer(payloadOf(makeRecords(1))), QueueClosedError);
    const signal = new AbortController().signal;
    const last = await queue.take(signal);
    assert.equal(recordsOf(last).length, 2);
    assert.equal(await queue.take(signal), undefined);
    assert.equal(await queue.dispose(), 2, 'the unacknowledged batch is reported as still held');
  });

  it('a consumer waiting on an empty queue returns when its signal aborts', async () => {
    const { queue } = await openQueue(2);
    const abort = new AbortController();
    const taken = queue.take(abort.signal);
    abort.abort();
    assert.equal(await taken, undefined);
    await queue.offer(payloadOf(makeRecords(1)));
    assert.equal(recordsOf(await queue.take(new AbortController().signal)).length, 1, 'the aborted consumer did not swallow the batch');
  });

  it('is bounded in bytes of encoded batches: an offer waits until an ack makes room', async () => {
    const queue = new SendingQueue(new MemoryStore(4096), { whenFull: 'block', observer: observer().obs });
    await queue.open();
    const batch = (prefix: string) => payloadOf(makeRecords(1, { prefix })); // about 1.5 KB each
    let queued = 0;
    const offers = ['a', 'b', 'c', 'd', 'e', 'f'].map((p) => queue.offer(batch(p)).then(() => queued++));
    await settle();
    assert.ok(queued > 0 && queued < 6, `some batches fit in 4 KiB (${queued})`);
    assert.ok(queue.bytes <= 4096, `held bytes stay within the bound (${queue.bytes})`);
    const signal = new AbortController().signal;
    while (queued < 6) {
      queue.ack((await queue.take(signal))!);
      await settle();
      assert.ok(queue.bytes <= 4096, `held bytes stay within the bound (${queue.bytes})`);
    }
    await Promise.all(offers);
  });
});
