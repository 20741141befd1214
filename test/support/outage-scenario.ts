/**
 * The export outage of issue 10.1, as a user meets it: `tracecore run` in its own process, the
 * sandbox API over TLS producing events at a steady rate, and an OTLP/HTTP endpoint answering 503
 * for the length of the outage. Samples the agent's RSS (/proc) and metrics all along, then brings
 * the endpoint back and waits until every event arrived. Used by test/export-backpressure.test.ts
 * (10 s) and bench/outage.ts (2 minutes, the Deployment's settings).
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ChildProcess } from 'node:child_process';
import { SandboxApiServer } from '../../src/sandbox/index.ts';
import { startCli, type CliResult } from './cli.ts';
import { OtlpHttpTestEndpoint } from './otlp-endpoint.ts';
import { uidOf } from './otlp-decode.ts';
import { testEvent } from './receiver-harness.ts';

export interface OutageOptions {
  readonly eventsPerSecond: number;
  readonly outageSeconds: number;
  /** The exporter's queue section as YAML flow (e.g. `{ max_bytes: 16KiB }`), given a scratch directory. */
  readonly queue: string | ((dir: string) => string);
  readonly channelCap: number;
  readonly batch: string;
  /** Node flags for the agent (e.g. the Deployment's --max-old-space-size=128). */
  readonly nodeOptions?: string;
}

export interface OutageRun {
  readonly produced: number;
  /** Highest RSS seen, in MiB, over the whole run. */
  readonly maxRssMiB: number;
  /** At the end of the outage. */
  readonly outageSeconds: number;
  readonly acceptedAtOutageEnd: number;
  readonly queueBytesMaxSeen: number;
  readonly recoverySeconds: number;
  /** Every uid the endpoint accepted, with how often. */
  readonly delivered: Map<string, number>;
  readonly dropped: number;
  readonly metricsText: string;
  /** Asks the agent to stop, during a second outage, and reports how long it took. */
  stopDuringOutage(extraEvents: number): Promise<{ seconds: number; result: CliResult }>;
  close(): Promise<void>;
}

export async function runOutage(options: OutageOptions): Promise<OutageRun> {
  const dir = await mkdtemp(join(tmpdir(), 'tracecore-outage-'));
  const sandbox = await SandboxApiServer.start({ protocol: 'https' });
  const endpoint = await OtlpHttpTestEndpoint.start();
  let outage = false;
  endpoint.rejectWhen(() => (outage ? { kind: 'unavailable' } : undefined));
  const kubeconfig = await sandbox.writeKubeconfig(dir);
  const config = join(dir, 'config.yaml');
  await writeFile(
    config,
    `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig}, cluster_name: outage, channel_cap: ${options.channelCap}, backpressure: pause }
processors:
  batch: ${options.batch}
exporters:
  otlp_http:
    endpoint: ${endpoint.url}
    retry: { initial_interval: 100ms, max_interval: 1s, max_elapsed: 0s }
    queue: ${typeof options.queue === 'string' ? options.queue : options.queue(dir)}
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [batch], exporters: [otlp_http] }
  telemetry:
    metrics: { address: 127.0.0.1:0 }
`,
  );
  const { child, done } = startCli(['run', '--config', config], { env: { KUBECONFIG: '', NODE_OPTIONS: options.nodeOptions ?? '' } });
  let stderr = '';
  child.stderr?.on('data', (s: string) => (stderr += s));
  let produced = 0;
  let maxRss = 0;
  let queueBytesMax = 0;
  let address = '';
  const metricsText = async (): Promise<string> => (await fetch(`http://${address}/metrics`)).text();
  const metric = async (name: string): Promise<number> => sumSeries(await metricsText(), name);
  const sampler = setInterval(() => {
    maxRss = Math.max(maxRss, rssMiB(child));
    if (address !== '') void metric('tracecore_exporter_queue_bytes').then((v) => (queueBytesMax = Math.max(queueBytesMax, v)), () => undefined);
  }, 100);
  const produce = (count: number): void => {
    for (let i = 0; i < count; i++) sandbox.store.add(testEvent(produced++));
  };
  try {
    address = await until('the telemetry address', () => /"address":"([^"]+)","msg":"serving/.exec(stderr)?.[1], 30_000);
    await until('/readyz 200', async () => ((await fetch(`http://${address}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined), 30_000);
    outage = true;
    await steadily(options.eventsPerSecond, options.outageSeconds, produce);
    const acceptedAtOutageEnd = await metric('tracecore_receiver_accepted_records_total');
    outage = false;
    const recoveryStart = Date.now();
    await until(`all ${produced} events delivered`, () => (new Set(endpoint.records.map(uidOf)).size >= produced ? true : undefined), 600_000);
    const recoverySeconds = (Date.now() - recoveryStart) / 1000;
    const delivered = new Map<string, number>();
    for (const record of endpoint.records) delivered.set(uidOf(record), (delivered.get(uidOf(record)) ?? 0) + 1);
    const text = await metricsText();
    return {
      produced,
      maxRssMiB: maxRss,
      outageSeconds: options.outageSeconds,
      acceptedAtOutageEnd,
      queueBytesMaxSeen: queueBytesMax,
      recoverySeconds,
      delivered,
      dropped: sumSeries(text, 'tracecore_exporter_dropped_records_total') + sumSeries(text, 'tracecore_receiver_errors_total{receiver="k8s_events",kind="backpressure_drop"}'),
      metricsText: text,
      async stopDuringOutage(extraEvents: number) {
        outage = true;
        produce(extraEvents);
        await new Promise((resolve) => setTimeout(resolve, 1000));
        const started = Date.now();
        child.kill('SIGTERM');
        const result = await done;
        return { seconds: (Date.now() - started) / 1000, result };
      },
      close: () => cleanup(),
    };
  } catch (error) {
    await cleanup();
    throw new Error(`${(error as Error).message}\n--- agent stderr (tail) ---\n${stderr.slice(-3000)}`, { cause: error });
  }

  async function cleanup(): Promise<void> {
    clearInterval(sampler);
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGKILL');
      await done.catch(() => undefined);
    }
    await endpoint.close();
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  }
}

/** Adds `rate` events per second for `seconds`, in ten slices a second. */
async function steadily(rate: number, seconds: number, produce: (n: number) => void): Promise<void> {
  const start = Date.now();
  let made = 0;
  while (Date.now() - start < seconds * 1000) {
    const due = Math.floor(((Date.now() - start) / 1000) * rate);
    if (due > made) {
      produce(due - made);
      made = due;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function rssMiB(child: ChildProcess): number {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0; // the process is gone
  }
}

/** The sum of every sample of a metric name (or of one exact series when labels are given). */
export function sumSeries(text: string, series: string): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (line.startsWith('#')) continue;
    const space = line.lastIndexOf(' ');
    const name = line.slice(0, space);
    if (series.includes('{') ? name === series : name === series || name.startsWith(`${series}{`)) sum += Number(line.slice(space + 1));
  }
  return sum;
}

async function until<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
