/**
 * A hostile Kubernetes API (the sandbox's hostile mode): pages too large to hold, bodies that
 * trickle in, continue tokens that loop, lists that never end, watches that end at once, giant
 * notes. For each: memory stays under a stated bound, the failure is counted in its own error
 * kind and logged in words an operator can act on, degraded and readiness tell the truth, the
 * receiver backs off instead of hammering, and it recovers once the API behaves again.
 */
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterEach, describe, it } from 'node:test';
import { Backoff, BACKOFF_SCHEDULE_MS } from '../src/receivers/k8s-events/backoff.ts';
import { MiB, liveHeapBytes, sampleMemory } from './support/memory-sampler.ts';
import { capturingLogger, startHarness, testEvent, type Harness } from './support/receiver-harness.ts';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

/** The real schedule ten times faster, without jitter. */
const fastBackoff = (): Backoff =>
  new Backoff(
    BACKOFF_SCHEDULE_MS.map((ms) => ms / 10),
    () => 0.5,
  );

const degraded = async (harness: Harness): Promise<number> => harness.metric('tracecore_receiver_degraded');
const errors = async (harness: Harness, kind: string): Promise<number> => harness.metric('tracecore_receiver_errors_total', { kind });
const logged = (lines: Array<{ [key: string]: unknown }>, text: string): boolean => lines.some((l) => String(l.msg).includes(text));

describe('k8s_events receiver against a hostile API server', () => {
  it('a list page of 256 MiB fails at the 64 MiB cap as list_too_large, memory bounded, then recovers', async (t) => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({
      logger,
      tuning: { backoff: fastBackoff() },
      before: (s) => {
        for (let i = 0; i < 5; i++) s.store.add(testEvent(i));
        s.hostile({ listPageBytes: 256 * MiB });
      },
    });
    for (const kind of ['list_too_large', 'list_deadline', 'list_loop', 'watch_short']) assert.equal(await errors(h, kind), 0, `${kind} exists at 0 from start`);
    const rssBefore = process.memoryUsage().rss;
    const memory = sampleMemory();
    await h.waitUntil('a list_too_large error', async () => (await errors(h!, 'list_too_large')) >= 1, 60_000);
    h.sandbox.clearFaults();
    const sample = memory.stop();
    const growth = sample.maxRssBytes - rssBefore;
    t.diagnostic(`RSS growth ${Math.round(growth / MiB)} MiB over ${sample.samples} samples`);
    // Bound: the 64 MiB cap of buffered body plus TLS and allocator slack; reading it whole took >512 MiB.
    assert.ok(growth < 200 * MiB, `RSS grew by ${Math.round(growth / MiB)} MiB while a 256 MiB page was refused (bound 200 MiB)`);
    assert.equal(await errors(h, 'network'), 0, 'not filed as a network error');
    assert.ok(logged(lines, 'list page larger than 64 MiB; lower the page size'), 'says what is wrong and what to do');
    assert.equal(await degraded(h), 1, 'degraded while no list succeeds');
    assert.equal(h.receiver.isReady(), false);
    await h.waitForRecords(5, 30_000);
    await h.waitUntil('ready after recovery', () => h!.receiver.isReady());
    await h.waitUntil('not degraded after recovery', async () => (await degraded(h!)) === 0);
  });

  it('a list body trickling at 1 byte/s fails at the page deadline as list_deadline, degraded, not silent', async () => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({
      logger,
      tuning: { backoff: fastBackoff(), listPageDeadlineMs: 1500 },
      before: (s) => {
        s.store.add(testEvent(1));
        s.hostile({ listBytesPerSecond: 1 });
      },
    });
    await h.waitUntil('a list_deadline error', async () => (await errors(h!, 'list_deadline')) >= 1, 30_000);
    assert.equal(await degraded(h), 1);
    assert.equal(h.receiver.isReady(), false);
    assert.ok(logged(lines, 'list page not complete after 2 s'), JSON.stringify(lines.map((l) => l.msg)));
    h.sandbox.clearFaults();
    await h.waitForRecords(1, 30_000);
    await h.waitUntil('recovered', async () => (await degraded(h!)) === 0);
  });

  it('a continue token that repeats is list_loop, logged, and backed off (not 78,000 requests)', async () => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({
      logger,
      before: (s) => {
        for (let i = 0; i < 3; i++) s.store.add(testEvent(i));
        s.hostile({ repeatContinue: true });
      },
    });
    await h.waitUntil('a list_loop error', async () => (await errors(h!, 'list_loop')) >= 1, 30_000);
    const started = h.sandbox.requests.lists;
    await sleep(3000);
    const during = h.sandbox.requests.lists - started;
    // The real schedule: 1 s, then 2 s, each try 2 pages: at most 3 tries in 3 s (±20% jitter).
    assert.ok(during <= 6, `${during} list requests in 3 s while the token loops`);
    assert.ok(logged(lines, 'list continue token repeated'));
    assert.equal(await degraded(h), 1);
    assert.equal(h.receiver.isReady(), false);
    h.sandbox.clearFaults();
    await h.waitForRecords(3, 60_000);
    assert.deepEqual(h.duplicates(), [], 'items of the looping pages were not delivered twice');
  });

  it('a list whose pages never end stops at the page guard as list_loop, with the uid set bounded', async () => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({
      logger,
      tuning: { backoff: fastBackoff(), maxListPages: 40 },
      config: { channel_cap: 100_000 },
      before: (s) => {
        for (let i = 0; i < 50; i++) s.store.add(testEvent(i));
        s.hostile({ endlessPages: true });
      },
    });
    await h.waitUntil('a list_loop error', async () => (await errors(h!, 'list_loop')) >= 1, 30_000);
    assert.ok(logged(lines, 'list did not end after 40 pages'));
    assert.ok(h.sandbox.requests.lists >= 40);
    h.sandbox.clearFaults();
    await h.waitUntil('ready after recovery', () => h!.receiver.isReady(), 30_000);
    assert.equal(await degraded(h), 0);
  });

  it('watches that end at once are backed off like client-go (watch_short, degraded), not reopened 5 times a second', async () => {
    const { logger, lines } = capturingLogger();
    h = await startHarness({ logger, before: (s) => void s.store.add(testEvent(1)) });
    await h.waitForRecords(1);
    await h.waitUntil('the watch to be open', () => h!.sandbox.openWatches === 1);
    h.sandbox.hostile({ watchesEndAtOnce: true });
    h.sandbox.closeStreams();
    await h.waitUntil('a watch_short error', async () => (await errors(h!, 'watch_short')) >= 1);
    const started = h.sandbox.requests.watches;
    await sleep(4000);
    const during = h.sandbox.requests.watches - started;
    // Backoff 1 s, 2 s, 5 s (±20%): at most 3 watches in 4 s; without it the client limit allows ~20.
    assert.ok(during <= 3, `${during} watch requests in 4 s`);
    assert.equal(await degraded(h), 1, 'degraded while watches end at once');
    assert.ok(logged(lines, 'very short watch'));
    h.sandbox.clearFaults();
    h.sandbox.store.add(testEvent(2));
    await h.waitForRecords(2, 30_000);
    await h.waitUntil('recovered', async () => (await degraded(h!)) === 0, 30_000);
    assert.deepEqual(h.duplicates(), []);
  });

  it('thousands of events with 64 KiB-1 MiB notes keep only their cut notes alive', async (t) => {
    // The two cases: 3,000 events with 64 KiB notes (OOM in 2 s), 400 with 1 MiB notes (664 MB held).
    const batches = [
      { noteBytes: 64 * 1024, events: 2600 },
      { noteBytes: 1024 * 1024, events: 400 },
    ];
    h = await startHarness({ config: { channel_cap: 100_000 } });
    await h.waitUntil('ready', () => h!.receiver.isReady());
    await h.waitUntil('the watch to be open', () => h!.sandbox.openWatches === 1);
    const heapBefore = liveHeapBytes();
    let sent = 0;
    for (const { noteBytes, events: n } of batches) {
      h.sandbox.hostile({ noteBytes });
      // Rather than re-open watches per size, the open watch pads notes as the events are written.
      h.sandbox.closeStreams();
      await h.waitUntil('the watch to be open again', () => h!.sandbox.openWatches === 1);
      for (let i = 0; i < n; i++) h.sandbox.store.add(testEvent(sent + i));
      sent += n;
      await h.waitForRecords(sent, 120_000);
    }
    const kept = liveHeapBytes() - heapBefore;
    const noteBytesKept = h.records.reduce((sum, r) => sum + Buffer.byteLength(r.note ?? ''), 0);
    t.diagnostic(`heap kept ${(kept / MiB).toFixed(1)} MiB for ${h.records.length} records`);
    // Records keep their 1 KiB notes (~3 MiB for 3,000) plus their attributes; sliced notes kept ~1.3 GiB.
    assert.ok(kept < 48 * MiB, `heap kept ${Math.round(kept / MiB)} MiB for ${h.records.length} records (${Math.round(noteBytesKept / 1024)} KiB of notes); bound 48 MiB`);
    assert.ok(h.records.every((r) => Buffer.byteLength(r.note ?? '') <= h!.config.note_max_bytes));
  });

  it('after a 410 the receiver is not ready while it relists, and ready again once the list completes', async () => {
    h = await startHarness({ tuning: { backoff: fastBackoff(), listPageDeadlineMs: 60_000 }, before: (s) => void s.store.add(testEvent(1)) });
    await h.waitForRecords(1);
    assert.equal(h.receiver.isReady(), true);
    // The relist will be slow: the receiver must say it is not ready meanwhile.
    h.sandbox.stallStreams();
    h.sandbox.store.add(testEvent(2));
    h.sandbox.store.compact();
    h.sandbox.hostile({ listBytesPerSecond: 200 });
    h.sandbox.cutStreams();
    await h.waitUntil('the relist to start', () => h!.sandbox.requests.lists >= 2, 30_000);
    assert.equal(h.receiver.isReady(), false, 'not ready while relisting after the 410');
    await h.waitForRecords(2, 60_000);
    await h.waitUntil('ready again', () => h!.receiver.isReady(), 30_000);
  });
});
