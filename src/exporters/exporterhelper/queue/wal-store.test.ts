import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, truncateSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { payloadOf, recordsOf } from '../../../../test/support/queue-payloads.ts';
import { makeRecords, OTHER_RESOURCE, TEST_RESOURCE } from '../../../../test/fixtures/otlp/records.ts';
import type { EventRecord } from '../../../model/record.ts';
import { SendingQueue, type ExporterQueue, type QueueEntry } from './sending-queue.ts';
import { WalStore, type WalStoreOptions } from './wal-store.ts';
import { encodeFrame, type CorruptRegion } from './wal-frame.ts';
import { encodeRecords } from './record-codec.ts';
import { QueueDirInUseError } from './wal-lock.ts';

const root = mkdtempSync(join(tmpdir(), 'tracecore-wal-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `q${++dirs}`);

interface Opened {
  queue: ExporterQueue;
  corrupt: Array<CorruptRegion & { file: string }>;
  recovered: number;
}

async function openWal(dir: string, options: Partial<WalStoreOptions> = {}): Promise<Opened> {
  const corrupt: Opened['corrupt'] = [];
  const store = new WalStore({
    dir,
    maxBytes: 1024 * 1024,
    fsync: true,
    onCorrupt: (region) => void corrupt.push(region),
    onDiskError: (error) => assert.fail(`unexpected disk error: ${String(error)}`),
    upgrade: async (records) => payloadOf(records),
    onUnreadablePointer: () => assert.fail('unexpected unreadable ack pointer'),
    ...options,
  });
  const queue = new SendingQueue(store, { whenFull: 'block', observer: { sizeChanged: () => undefined, corruptEntry: (e) => assert.fail(`unexpected corrupt entry: ${e.message}`), storageFull: () => undefined } });
  const recovered = await queue.open();
  return { queue, corrupt, recovered };
}

async function drain(queue: ExporterQueue, ack = true): Promise<QueueEntry[]> {
  const entries: QueueEntry[] = [];
  const stop = new AbortController();
  for (;;) {
    const waitAbit = setTimeout(() => stop.abort(), 50);
    const entry = await queue.take(stop.signal);
    clearTimeout(waitAbit);
    if (!entry) return entries;
    entries.push(entry);
    if (ack) queue.ack(entry);
  }
}

const uids = (entries: QueueEntry[]) => entries.flatMap((e) => recordsOf(e).map((r) => r.uid));
const segments = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.wal')).sort();

describe('persistent queue (write-ahead log)', () => {
  it('keeps unacknowledged batches across a restart, in order, with every field intact', async () => {
    const dir = freshDir();
    const sent = [...makeRecords(3, { prefix: 'a' }), ...makeRecords(2, { prefix: 'b', resource: OTHER_RESOURCE })];
    const first = await openWal(dir);
    await first.queue.offer(payloadOf(sent.slice(0, 3)));
    await first.queue.offer(payloadOf(sent.slice(3)));
    await first.queue.offer(payloadOf(makeRecords(1, { prefix: 'c' })));
    const taken = await first.queue.take(new AbortController().signal);
    first.queue.ack(taken!); // a-* delivered
    await first.queue.dispose();

    const second = await openWal(dir);
    assert.equal(second.recovered, 3);
    const entries = await drain(second.queue);
    assert.deepEqual(uids(entries), ['b-0', 'b-1', 'c-0']);
    assert.deepEqual(recordsOf(entries[0]), JSON.parse(JSON.stringify(sent.slice(3))), 'the batch read back is the bytes written');
    assert.deepEqual(recordsOf(entries[1])[0].resource, TEST_RESOURCE);
    assert.equal(entries[0].payload.contentType, 'application/json', 'with the headers it was written with');
    assert.equal(entries[0].payload.contentEncoding, 'identity');
    await second.queue.dispose();

    const third = await openWal(dir);
    assert.equal(third.recovered, 0, 'acknowledged batches are not sent again');
    await third.queue.dispose();
  });

  it('deletes segments once everything in them is acknowledged', async () => {
    const dir = freshDir();
    const { queue } = await openWal(dir, { segmentBytes: 4096 });
    for (let i = 0; i < 20; i++) await queue.offer(payloadOf(makeRecords(5, { prefix: `s${i}` })));
    assert.ok(segments(dir).length > 3, 'small segments roll over');
    assert.equal(uids(await drain(queue)).length, 100);
    assert.equal(segments(dir).length, 1, 'only the segment being written remains');
    await queue.dispose();
  });

  it('skips and reports a torn tail, keeps everything before it, and appends after it', async () => {
    const dir = freshDir();
    const first = await openWal(dir);
    await first.queue.offer(payloadOf(makeRecords(2, { prefix: 'good' })));
    await first.queue.offer(payloadOf(makeRecords(2, { prefix: 'torn' })));
    await first.queue.dispose();
    const [segment] = segments(dir);
    const path = join(dir, segment);
    truncateSync(path, statSync(path).size - 10); // the last write was cut short

    const second = await openWal(dir);
    assert.equal(second.recovered, 2);
    assert.deepEqual(second.corrupt.map((c) => c.kind), ['torn']);
    await second.queue.offer(payloadOf(makeRecords(1, { prefix: 'after' })));
    assert.deepEqual(uids(await drain(second.queue)), ['good-0', 'good-1', 'after-0']);
    await second.queue.dispose();
  });

  it('skips a corrupt batch in the middle and finds the good ones after it', async () => {
    const dir = freshDir();
    const first = await openWal(dir);
    await first.queue.offer(payloadOf(makeRecords(1, { prefix: 'one' })));
    await first.queue.offer(payloadOf(makeRecords(1, { prefix: 'two' })));
    await first.queue.offer(payloadOf(makeRecords(1, { prefix: 'three' })));
    await first.queue.dispose();
    const path = join(dir, segments(dir)[0]);
    const data = readFileSync(path);
    const second = data.indexOf('two-0');
    data[second] ^= 0xff; // a bit flip inside the second batch
    writeFileSync(path, data);

    const reopened = await openWal(dir);
    assert.deepEqual(reopened.corrupt.map((c) => c.kind), ['corrupt']);
    assert.deepEqual(uids(await drain(reopened.queue)), ['one-0', 'three-0']);
    await reopened.queue.dispose();
  });

  it('treats garbage at the end of a segment as corrupt, never as fatal', async () => {
    const dir = freshDir();
    const first = await openWal(dir);
    await first.queue.offer(payloadOf(makeRecords(1, { prefix: 'kept' })));
    await first.queue.dispose();
    appendFileSync(join(dir, segments(dir)[0]), Buffer.from('\x00garbage that is not a frame\n'));
    const second = await openWal(dir);
    assert.equal(second.corrupt.length, 1);
    assert.deepEqual(uids(await drain(second.queue)), ['kept-0']);
    await second.queue.dispose();
  });

  it('sends everything again when the ack pointer is unreadable (duplicates, never loss)', async () => {
    const dir = freshDir();
    const first = await openWal(dir);
    await first.queue.offer(payloadOf(makeRecords(1, { prefix: 'x' })));
    await first.queue.offer(payloadOf(makeRecords(1, { prefix: 'y' })));
    first.queue.ack((await first.queue.take(new AbortController().signal))!);
    await first.queue.dispose();
    writeFileSync(join(dir, 'ack'), '{not json');
    const unreadable: string[] = [];
    const second = await openWal(dir, { onUnreadablePointer: (file) => void unreadable.push(file) });
    assert.deepEqual(unreadable, [join(dir, 'ack')], 'reported as an ack file that makes everything resend, not as lost records');
    assert.equal(second.corrupt.length, 0);
    assert.deepEqual(uids(await drain(second.queue)), ['x-0', 'y-0']);
    await second.queue.dispose();
  });

  it('is bounded in bytes: a full queue makes offers wait until acknowledgements make room', async () => {
    const dir = freshDir();
    const { queue } = await openWal(dir, { maxBytes: 20_000 });
    const batch = (i: number): EventRecord[] => makeRecords(10, { prefix: `b${i}` });
    let accepted = 0;
    const offers: Array<Promise<unknown>> = [];
    for (let i = 0; i < 10; i++) offers.push(queue.offer(payloadOf(batch(i))).then(() => accepted++));
    // Poll (no fixed sleep: fsync is slow on a busy machine), then give late offers time to show up.
    for (let waited = 0; accepted === 0 && waited < 30_000; waited += 10) await new Promise((resolve) => setTimeout(resolve, 10));
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(accepted > 0 && accepted < 10, `some but not all batches fit (${accepted})`);
    const delivered = uids(await drain(queue));
    await Promise.all(offers);
    delivered.push(...uids(await drain(queue)));
    assert.equal(delivered.length, 100);
    await queue.dispose();
  });

  it('refuses a directory another live process uses', async () => {
    const dir = freshDir();
    const { queue } = await openWal(dir);
    writeFileSync(join(dir, 'lock'), `${process.ppid}\n`); // pretend the parent process holds it
    await assert.rejects(openWal(dir), QueueDirInUseError);
    await queue.dispose();
  });

  it('reads batches an older version wrote as records (format 1) and encodes them again', async () => {
    const dir = freshDir();
    mkdirSync(dir, { recursive: true });
    const old = makeRecords(4, { prefix: 'old' });
    writeFileSync(join(dir, '0000000000000001.wal'), encodeFrame(encodeRecords(old), old.length));
    const upgraded: string[][] = [];
    const { queue, recovered } = await openWal(dir, {
      upgrade: async (records) => {
        upgraded.push(records.map((r) => r.uid));
        return payloadOf(records);
      },
    });
    assert.equal(recovered, 4);
    assert.deepEqual(uids(await drain(queue)), ['old-0', 'old-1', 'old-2', 'old-3']);
    assert.deepEqual(upgraded, [['old-0', 'old-1', 'old-2', 'old-3']]);
    await queue.dispose();
  });
});
