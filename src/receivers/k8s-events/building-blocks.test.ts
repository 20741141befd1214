import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EventRecord } from '../../model/record.ts';
import { Backoff, BACKOFF_SCHEDULE_MS } from './backoff.ts';
import { LineSplitter } from './line-splitter.ts';
import { TokenBucket } from './rate-limiter.ts';
import { RecordQueue } from './record-queue.ts';
import { SeenEvents } from './seen-events.ts';

describe('LineSplitter', () => {
  it('yields every line whatever the chunk boundaries, including split multi-byte characters', () => {
    const text = '{"a":"é"}\n{"b":"日本"}\n\n{"c":"🙂"}\n{"d":1}';
    const bytes = Buffer.from(text);
    for (let size = 1; size <= bytes.length; size++) {
      const lines: string[] = [];
      const splitter = new LineSplitter(1024, () => assert.fail('no line is oversized'));
      for (let at = 0; at < bytes.length; at += size) splitter.push(bytes.subarray(at, at + size), (l) => lines.push(l));
      splitter.end((l) => lines.push(l));
      assert.deepEqual(lines, ['{"a":"é"}', '{"b":"日本"}', '{"c":"🙂"}', '{"d":1}'], `chunk size ${size}`);
    }
  });

  it('drops a line over the limit, reports it once, and resumes at the next line', () => {
    const oversized: number[] = [];
    const lines: string[] = [];
    const splitter = new LineSplitter(10, (n) => oversized.push(n));
    splitter.push(Buffer.from('short\n' + 'x'.repeat(8)), (l) => lines.push(l));
    splitter.push(Buffer.from('y'.repeat(50)), (l) => lines.push(l));
    splitter.push(Buffer.from('z'.repeat(50) + '\nnext\n'), (l) => lines.push(l));
    assert.deepEqual(lines, ['short', 'next']);
    assert.equal(oversized.length, 1);
  });
});

describe('RecordQueue', () => {
  const rec = (n: number): EventRecord => ({ uid: String(n) }) as EventRecord;

  it('is bounded, FIFO, and wakes a waiting writer when room appears', async () => {
    const q = new RecordQueue(3);
    assert.equal([1, 2, 3, 4].map((n) => q.offer(rec(n))).join(), 'true,true,true,false');
    const signal = new AbortController().signal;
    let woke = false;
    const waiting = q.whenRoom(signal).then(() => (woke = true));
    await Promise.resolve();
    assert.equal(woke, false);
    assert.deepEqual(q.takeBatch(2).map((r) => r.uid), ['1', '2']);
    await waiting;
    assert.equal(woke, true);
    assert.ok(q.offer(rec(5)) && q.offer(rec(6)));
    assert.deepEqual(q.takeBatch(10).map((r) => r.uid), ['3', '5', '6']);
    assert.equal(q.size, 0);
  });

  it('releases waiters on abort', async () => {
    const q = new RecordQueue(1);
    const controller = new AbortController();
    const waiting = q.whenNotEmpty(controller.signal);
    controller.abort();
    await waiting;
    assert.equal(q.size, 0);
  });
});

describe('SeenEvents', () => {
  it('passes a new version, suppresses a repeat, and stays within its bound', () => {
    const seen = new SeenEvents(2);
    assert.equal(seen.markIfNew('a', '1'), true);
    assert.equal(seen.markIfNew('a', '1'), false);
    assert.equal(seen.markIfNew('a', '2'), true);
    seen.markIfNew('b', '1');
    seen.markIfNew('c', '1');
    assert.equal(seen.size, 2);
    assert.equal(seen.markIfNew('a', '2'), true, 'the oldest entry was evicted');
  });

  it('forgets deleted uids', () => {
    const seen = new SeenEvents(10);
    seen.markIfNew('a', '1');
    seen.markIfNew('b', '1');
    seen.forget('a');
    assert.equal(seen.size, 1);
    assert.equal(seen.markIfNew('a', '1'), true);
  });
});

describe('Backoff', () => {
  it('follows 1 s, 2 s, 5 s, then doubles to a 30 s ceiling, within ±20% jitter', () => {
    const low = new Backoff(BACKOFF_SCHEDULE_MS, () => 0);
    const high = new Backoff(BACKOFF_SCHEDULE_MS, () => 1);
    const lows = Array.from({ length: 8 }, () => low.next());
    const highs = Array.from({ length: 8 }, () => high.next());
    assert.deepEqual(lows, [800, 1600, 4000, 8000, 16000, 24000, 24000, 24000]);
    assert.deepEqual(highs, [1200, 2400, 6000, 12000, 24000, 36000, 36000, 36000]);
    low.reset();
    assert.equal(low.next(), 800);
  });
});

describe('TokenBucket', () => {
  it('allows a burst of 10, then 5 per second', () => {
    let now = 0;
    const bucket = new TokenBucket(5, 10, () => now);
    const waits = Array.from({ length: 12 }, () => bucket.reserve());
    assert.deepEqual(waits.slice(0, 10), Array(10).fill(0));
    assert.equal(Math.round(waits[10]), 200);
    assert.equal(Math.round(waits[11]), 400);
    now = 10_000;
    assert.equal(bucket.reserve(), 0);
  });
});
