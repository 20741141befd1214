/**
 * Issue 10.1, scaled down to 10 s: the OTLP endpoint answers 503 while events arrive at 300/s.
 * Backpressure must reach the watch: the exporter's queue (16 KiB of encoded batches) fills,
 * consume waits, the batch processor waits, the receiver's queue fills and the receiver pauses the
 * watch (the API server keeps the history). Memory stays bounded, nothing is dropped, every event
 * arrives exactly once after recovery, and SIGTERM during an outage ends within the documented
 * budget. The 2-minute version under the Deployment's settings is bench/outage.ts.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { runOutage, sumSeries } from './support/outage-scenario.ts';

/** Stated bound for the agent's RSS during the run (idle is about 120 MiB; see docs/performance.md). */
const RSS_BOUND_MIB = 300;
/** receiver stop (1 s) + drain (10 s) + 2 x grace (1 s), with room for a loaded machine. */
const SIGTERM_BOUND_SECONDS = 25;

describe('export outage: backpressure end to end', () => {
  it('endpoint answering 503 at 300 events/s: the receiver pauses, memory stays bounded, nothing dropped, all delivered once, SIGTERM within budget', async () => {
    const run = await runOutage({ eventsPerSecond: 300, outageSeconds: 10, channelCap: 256, batch: '{ send_batch_size: 100, timeout: 50ms }', queue: '{ max_bytes: 16KiB }' });
    try {
      const produced = run.produced;
      assert.ok(produced >= 2500, `events produced during the outage (${produced})`);
      // Counted when a pause ends, so read after recovery: about the length of the outage.
      assert.ok(sumSeries(run.metricsText, 'tracecore_receiver_paused_seconds_total') > run.outageSeconds / 2, 'the receiver paused the watch for most of the outage');
      assert.ok(run.acceptedAtOutageEnd < produced / 2, `the receiver stopped accepting: ${run.acceptedAtOutageEnd} of ${produced} accepted while the endpoint was down`);
      assert.ok(run.queueBytesMaxSeen <= 16 * 1024 + 64 * 1024, `the exporter queue kept to its byte bound (max seen ${run.queueBytesMaxSeen} B; one batch may exceed it when the queue is empty)`);
      assert.ok(run.maxRssMiB < RSS_BOUND_MIB, `RSS stayed under ${RSS_BOUND_MIB} MiB (max ${run.maxRssMiB.toFixed(1)} MiB)`);
      assert.equal(run.dropped, 0, 'nothing dropped');
      assert.equal(run.delivered.size, produced, 'every event arrived');
      assert.deepEqual([...run.delivered].filter(([, n]) => n !== 1), [], 'none twice');
      const stop = await run.stopDuringOutage(3000);
      assert.equal(stop.result.code, 0, stop.result.stderr.slice(-2000));
      assert.ok(stop.seconds < SIGTERM_BOUND_SECONDS, `SIGTERM during an outage with a full queue ended in ${stop.seconds.toFixed(1)} s`);
    } finally {
      await run.close();
    }
  });
});
