/**
 * Every series an alert uses exists from start, at 0 (issue 9, defect 2): a real `tracecore run`
 * in its own process against the sandbox API, scraped over HTTP before anything went wrong. A
 * series born at its first increment is invisible to increase()/rate() for that increment, so an
 * alert on it misses a first burst of drops. Also: the event-loop lag reads the true lag, not the
 * 1 s sampling interval.
 */
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { FilterName } from '../src/receivers/k8s-events/filters.ts';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import type { ReceiverFilter } from '../src/telemetry/metrics.ts';
import { loadAlertRules, selectorsOf } from './deploy/alert-rules.ts';
import { startCli } from './support/cli.ts';
import { OtlpHttpTestEndpoint } from './support/otlp-endpoint.ts';

// Compile-time: every filter the receiver can name is pre-created (a new FilterName fails here).
const _everyFilterPrecreated: ReceiverFilter = '' as FilterName;

let sandbox: SandboxApiServer;
let endpoint: OtlpHttpTestEndpoint;
let dir: string;
before(async () => {
  sandbox = await SandboxApiServer.start({ protocol: 'https' });
  endpoint = await OtlpHttpTestEndpoint.start();
  dir = await mkdtemp(join(tmpdir(), 'tracecore-zero-'));
});
after(async () => {
  await Promise.all([sandbox.close(), endpoint.close()]);
  await rm(dir, { recursive: true, force: true });
});

async function poll<T>(what: string, probe: () => Promise<T | undefined>, timeoutMs = 60_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** `name{labels} value` lines of a Prometheus text exposition. */
function samples(text: string): Array<{ name: string; labels: string; value: number }> {
  return text
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const m = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{[^}]*\})? (\S+)/.exec(l);
      assert.ok(m, `not a sample line: ${l}`);
      return { name: m[1], labels: m[2] ?? '', value: Number(m[3]) };
    });
}

describe('metrics at 0 from start', () => {
  it('every metric an alert uses has a sample on a fresh agent; labelled counters have every known label value', async () => {
    const kubeconfig = await sandbox.writeKubeconfig(dir);
    const config = join(dir, 'config.yaml');
    await writeFile(
      config,
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig} }
processors:
  batch: {}
  findings: {}
exporters:
  otlp_http: { endpoint: "${endpoint.url}" }
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [findings, batch], exporters: [otlp_http] }
  telemetry:
    metrics: { address: 127.0.0.1:0 }
`,
    );
    const { child, done } = startCli(['run', '--config', config], { env: { KUBECONFIG: '' } });
    let stderr = '';
    child.stderr?.on('data', (s: string) => (stderr += s));
    try {
      const address = await poll('the telemetry address', async () => /"address":"([^"]+)","msg":"serving/.exec(stderr)?.[1]);
      await poll('/readyz 200', async () => ((await fetch(`http://${address}/readyz`)).status === 200 ? true : undefined));
      // Let the 1 s event-loop monitor take a few samples before the scrape that checks it.
      await new Promise((r) => setTimeout(r, 3500));
      const scraped = samples(await (await fetch(`http://${address}/metrics`)).text());
      const names = new Set(scraped.map((s) => s.name));

      const used = new Set(loadAlertRules().flatMap((rule) => selectorsOf(rule.expr).map((s) => s.metric)));
      used.delete('up'); // Prometheus' own, per target
      assert.ok(used.size >= 10, `alerts name ${used.size} metrics`);
      assert.deepEqual([...used].filter((name) => !names.has(name)).sort(), [], 'metrics alerts use but a fresh agent does not expose');

      const has = (name: string, labels: string): boolean => scraped.some((s) => s.name === name && s.labels === labels && s.value === 0);
      for (const reason of ['permanent', 'max_elapsed', 'queue_full', 'shutdown']) assert.ok(has('tracecore_exporter_dropped_records_total', `{exporter="otlp_http",reason="${reason}"}`), reason);
      for (const name of ['tracecore_exporter_send_failed_records_total', 'tracecore_exporter_retried_records_total', 'tracecore_exporter_queue_corrupt_total']) assert.ok(has(name, '{exporter="otlp_http"}'), name);
      for (const kind of ['watch', 'list', 'decode', 'backpressure_drop', 'consumer']) assert.ok(has('tracecore_receiver_errors_total', `{receiver="k8s_events",kind="${kind}"}`), kind);
      assert.ok(has('tracecore_receiver_paused_seconds_total', '{receiver="k8s_events"}'));
      assert.ok(has('tracecore_receiver_filtered_records_total', '{receiver="k8s_events",filter="reason"}'));
      assert.ok(has('tracecore_k8s_events_lag_seconds_count', '{receiver="k8s_events"}'));

      const p99 = scraped.find((s) => s.name === 'nodejs_eventloop_lag_p99_seconds');
      assert.ok(p99, 'nodejs_eventloop_lag_p99_seconds is exposed');
      assert.ok(p99.value < 0.5, `an idle agent's event-loop lag is not the 1 s sampling interval: p99 ${p99.value} s`);
    } finally {
      child.kill('SIGTERM');
      await done;
    }
  });
});
