/**
 * Runs the real k8s_events receiver against the sandbox API over HTTPS, with a consumer that
 * records what it is given. Tuning (inactivity deadline, backoff) can be shortened per test;
 * everything else is the production path (kubeconfig -> credentials -> undici -> list/watch).
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogsConsumer } from '../../src/component/types.ts';
import type { Record } from '../../src/model/record.ts';
import { k8sEventsConfigSchema, type K8sEventsConfig } from '../../src/receivers/k8s-events/config.ts';
import { openConnection } from '../../src/receivers/k8s-events/connect.ts';
import { resourceFor } from '../../src/receivers/k8s-events/factory.ts';
import { K8sEventsReceiver, type ReceiverTuning } from '../../src/receivers/k8s-events/receiver.ts';
import { ReceiverLeadership } from '../../src/leader/receiver-leadership.ts';
import { SandboxApiServer, type EventInput, type SandboxOptions, type WriteKubeconfigOptions } from '../../src/sandbox/index.ts';
import { createLogger, silentLogger, type Logger } from '../../src/telemetry/logger.ts';
import { Metrics } from '../../src/telemetry/metrics.ts';

export interface HarnessOptions {
  readonly sandbox?: SandboxOptions;
  /** Use this running sandbox (e.g. a restarted receiver against the same API); the harness will not close it. */
  readonly existingSandbox?: SandboxApiServer;
  readonly kubeconfig?: WriteKubeconfigOptions;
  readonly config?: { [key: string]: unknown };
  readonly tuning?: Omit<ReceiverTuning, 'connect' | 'resource'>;
  /** Wraps the recording consumer (to slow it down or make it fail). */
  readonly consumer?: (record: LogsConsumer) => LogsConsumer;
  /** Where the receiver logs (default: nowhere). */
  readonly logger?: Logger;
  /** Populate the sandbox before the receiver starts. */
  readonly before?: (sandbox: SandboxApiServer) => void | Promise<void>;
}

export interface Harness {
  readonly sandbox: SandboxApiServer;
  readonly receiver: K8sEventsReceiver;
  readonly metrics: Metrics;
  readonly records: Record[];
  readonly config: K8sEventsConfig;
  /** Resolves when at least `n` records arrived (rejects after `timeoutMs`). */
  waitForRecords(n: number, timeoutMs?: number): Promise<void>;
  /** Resolves when `condition` holds, polling (rejects after `timeoutMs` with `what`). */
  waitUntil(what: string, condition: () => boolean | Promise<boolean>, timeoutMs?: number): Promise<void>;
  /** Metric value for `name` with labels, summed over other labels. */
  metric(name: string, labels?: { [key: string]: string }): Promise<number>;
  /** (uid, resourceVersion) pairs delivered more than once. */
  duplicates(): string[];
  close(): Promise<void>;
}

export async function startHarness(options: HarnessOptions = {}): Promise<Harness> {
  const sandbox = options.existingSandbox ?? (await SandboxApiServer.start({ bookmarkIntervalMs: 100, ...options.sandbox }));
  const dir = await mkdtemp(join(tmpdir(), 'tracecore-rx-'));
  const kubeconfig = await sandbox.writeKubeconfig(dir, options.kubeconfig);
  await options.before?.(sandbox);
  const config = k8sEventsConfigSchema.parse({ auth: 'kubeconfig', kubeconfig, ...options.config });
  const metrics = new Metrics();
  const records: Record[] = [];
  const recording: LogsConsumer = {
    consume: async (batch, ack) => {
      records.push(...batch);
      ack?.ack();
    },
  };
  const consumer = options.consumer ? options.consumer(recording) : recording;
  const logger = options.logger ?? silentLogger();
  const settings = { id: 'k8s_events', logger, metrics, env: process.env };
  // As the factory does; the identity starts with POD_NAME "harness".
  const leadership = config.leader_election.enabled ? new ReceiverLeadership(settings, config.leader_election, { POD_NAME: 'harness' }) : undefined;
  const receiver = new K8sEventsReceiver(settings, config, consumer, {
    connect: () => openConnection(config, { HOME: dir }, logger),
    resource: resourceFor(config),
    leadership,
    checkpointStore: leadership?.checkpointStore,
    ...options.tuning,
  });
  await receiver.start();

  const waitUntil = async (what: string, condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 10));
    }
  };
  const metric = async (name: string, labels: { [key: string]: string } = {}): Promise<number> => {
    const found = (await metrics.registry.getMetricsAsJSON()).find((m) => m.name === name);
    if (!found) throw new Error(`no metric ${name}`);
    const values = (found as unknown as { values: Array<{ value: number; labels: { [key: string]: string | number }; metricName?: string }> }).values;
    return values.filter((v) => (v.metricName === undefined || v.metricName === name) && Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want)).reduce((sum, v) => sum + v.value, 0);
  };
  let closed = false;
  return {
    sandbox,
    receiver,
    metrics,
    records,
    config,
    waitForRecords: (n, timeoutMs) => waitUntil(`${n} records (have ${records.length})`, () => records.length >= n, timeoutMs),
    waitUntil,
    metric,
    duplicates() {
      const seen = new Set<string>();
      const dups: string[] = [];
      for (const r of records) {
        const key = `${r.uid}@${r.resourceVersion}`;
        if (seen.has(key)) dups.push(key);
        seen.add(key);
      }
      return dups;
    },
    async close() {
      if (closed) return;
      closed = true;
      await receiver.shutdown();
      await receiver.drained(); // as the pipeline does after its exporters drained
      if (!options.existingSandbox) await sandbox.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal valid events.k8s.io/v1 Event for the sandbox to store. */
export function testEvent(i: number, overrides: Partial<EventInput> = {}): EventInput {
  return {
    metadata: { name: `pod-${i}.evt${i}`, namespace: 'default' },
    reason: i % 10 === 0 ? 'BackOff' : 'Scheduled',
    note: i % 10 === 0 ? 'Back-off restarting failed container app' : `Successfully assigned default/pod-${i} to node-1`,
    type: i % 10 === 0 ? 'Warning' : 'Normal',
    reportingController: 'default-scheduler',
    reportingInstance: 'default-scheduler-node-1',
    action: 'Binding',
    eventTime: new Date(Date.UTC(2026, 0, 1, 0, 0, 0, i)).toISOString().replace('Z', '000Z'),
    regarding: { kind: 'Pod', namespace: 'default', name: `pod-${i}`, uid: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`, apiVersion: 'v1' },
    ...overrides,
  };
}

/** Active handles other than the test runner's own; compare before and after to catch leaks. */
export function activeResources(): string[] {
  return process.getActiveResourcesInfo().filter((r) => r !== 'TTYWrap' && r !== 'PipeWrap' && r !== 'FSReqCallback');
}

/** A JSON logger whose lines are kept in `lines`, for asserting what an operator would read. */
export function capturingLogger(): { logger: Logger; lines: Array<{ [key: string]: unknown }> } {
  const lines: Array<{ [key: string]: unknown }> = [];
  const logger = createLogger('debug', { write: (line: string) => void lines.push(JSON.parse(line) as { [key: string]: unknown }) });
  return { logger, lines };
}
