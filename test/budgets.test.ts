/**
 * Per-unit-of-work budgets of the receiver: resident memory growth per 1,000 events and bytes per
 * event on the wire after batching and gzip. CPU per event is reported (a diagnostic), not asserted:
 * CPU time inflates on a loaded machine, and speed is measured in bench/, never asserted. Events are the sandbox's realistic synthetic ones (~900 bytes, a real cluster's reason mix).
 * The real targets are far tighter; `npm run bench` measures those.
 */
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { afterEach, describe, it } from 'node:test';
import type { EventRecord } from '../src/model/record.ts';
import { encodeLogsRequestProto } from '../src/otlp/encode-proto.ts';
import { generateEvents } from '../src/sandbox/index.ts';
import { startHarness, type Harness } from './support/receiver-harness.ts';

const EVENTS = 10_000;
let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

describe('receiver budgets per unit of work', () => {
  it('stays within 10 MiB of resident memory growth per 1,000 events and 150 bytes per event on the wire (CPU per event reported)', async (t) => {
    const events = generateEvents(EVENTS, 7);
    h = await startHarness({ sandbox: { protocol: 'http' }, config: { channel_cap: 4096 } });
    await h.waitUntil('ready', () => h!.receiver.isReady());
    await h.waitUntil('the watch to be open', () => h!.sandbox.openWatches === 1);
    // Warm up the path once so the measurement is of steady work, not of compilation.
    for (const e of events.slice(0, 500)) h.sandbox.store.add({ ...e, metadata: { ...e.metadata, name: `warm-${e.metadata.name}` } });
    await h.waitForRecords(500);

    const rssBefore = process.memoryUsage().rss;
    const cpuBefore = process.cpuUsage();
    for (const e of events) h.sandbox.store.add(e);
    await h.waitForRecords(500 + EVENTS, 60_000);
    const cpu = process.cpuUsage(cpuBefore);
    const rssGrowth = process.memoryUsage().rss - rssBefore;

    // The CPU above also pays for the sandbox API serving the events in this same process.
    const cpuMicrosPerEvent = (cpu.user + cpu.system) / EVENTS;
    t.diagnostic(`CPU per event ${cpuMicrosPerEvent.toFixed(1)} µs (receiver and sandbox in one process; bench/ measures the agent)`);
    const growthPerThousandMiB = rssGrowth / (EVENTS / 1000) / (1024 * 1024);
    assert.ok(growthPerThousandMiB <= 10, `RSS growth ${growthPerThousandMiB.toFixed(2)} MiB per 1,000 events (budget 10)`);

    const records: EventRecord[] = h.records.slice(500);
    let wire = 0;
    for (let i = 0; i < records.length; i += 1000) wire += gzipSync(encodeLogsRequestProto(records.slice(i, i + 1000))).length;
    const bytesPerEvent = wire / records.length;
    assert.ok(bytesPerEvent <= 150, `wire bytes per event ${bytesPerEvent.toFixed(1)} (budget 150)`);
    assert.deepEqual(h.duplicates(), []);
  });
});
