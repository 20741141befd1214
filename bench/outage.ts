/**
 * `npm run bench:outage`: issue 10.1's endpoint outage at full length, too long for CI (the
 * scaled-down 10 s version is test/export-backpressure.test.ts). Prints produced, delivered once /
 * twice / missing, dropped, peak RSS, how long the receiver paused, queue bytes at most, the
 * recovery time and how long SIGTERM took during a second outage.
 *
 *   node bench/outage.ts [--seconds 120] [--rate 300] [--profile deployment|memory]
 *
 * deployment: the shipped Deployment's settings (persistent queue, max_bytes 160MiB, batch
 * 1000/200ms, channel_cap 1024, --max-old-space-size=128). memory: the in-memory queue at its
 * 4MiB default.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runOutage, sumSeries } from '../test/support/outage-scenario.ts';

const { values } = parseArgs({ options: { seconds: { type: 'string', default: '120' }, rate: { type: 'string', default: '300' }, profile: { type: 'string', default: 'deployment' } } });
const seconds = Number(values.seconds);
const rate = Number(values.rate);
const deployment = values.profile === 'deployment';

const run = await runOutage({
  eventsPerSecond: rate,
  outageSeconds: seconds,
  channelCap: 1024,
  batch: '{ send_batch_size: 1000, timeout: 200ms }',
  queue: deployment ? (dir: string) => `{ storage: ${join(dir, 'queue')}, max_bytes: 160MiB }` : '{}',
  nodeOptions: '--max-old-space-size=128',
});
try {
  const twice = [...run.delivered.values()].filter((n) => n > 1).length;
  const stop = await run.stopDuringOutage(rate * 5);
  const report = {
    profile: values.profile,
    outage_seconds: seconds,
    events_per_second: rate,
    produced: run.produced,
    delivered: run.delivered.size,
    delivered_twice: twice,
    missing: run.produced - run.delivered.size,
    dropped: run.dropped,
    peak_rss_mib: Number(run.maxRssMiB.toFixed(1)),
    accepted_at_outage_end: run.acceptedAtOutageEnd,
    receiver_paused_seconds: Number(sumSeries(run.metricsText, 'tracecore_receiver_paused_seconds_total').toFixed(1)),
    exporter_queue_bytes_max: run.queueBytesMaxSeen,
    recovery_seconds: run.recoverySeconds,
    sigterm_seconds: Number(stop.seconds.toFixed(1)),
    sigterm_exit_code: stop.result.code,
  };
  process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
} finally {
  await run.close();
}
