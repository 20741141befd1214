/**
 * Never lose, never repeat, as a user runs it: `tracecore run` in its own process with
 * `checkpoint_dir`, against the sandbox API with events arriving continuously (50/s), every
 * delivered record counted by event.uid at a real OTLP/HTTP endpoint. Restarts in between:
 * graceful (no gap, no duplicate), SIGKILL (no gap, redelivery within the README's bound), a start
 * that fails between two good runs (nothing twice), and the endpoint down with the in-memory queue
 * through a SIGTERM (nothing the API still holds is missing after a restart).
 */
import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { ATTR_EVENT_UID } from '../src/model/attributes.ts';
import { CHECKPOINT_FILE } from '../src/receivers/k8s-events/checkpoint.ts';
import { decodeCheckpoint } from '../src/receivers/k8s-events/checkpoint-format.ts';
import { Position } from '../src/receivers/k8s-events/position.ts';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import { startCli, type CliResult } from './support/cli.ts';
import { OtlpHttpTestEndpoint } from './support/otlp-endpoint.ts';
import { testEvent } from './support/receiver-harness.ts';

/** Events per second the "cluster" produces during every test. */
const RATE = 50;

let dir: string;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracecore-guarantees-'));
});
after(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

/** A cluster where events keep happening, each a new uid. */
class EventFlow {
  readonly uids: string[] = [];
  /** resourceVersion of each uid's one version. */
  readonly rvs = new Map<string, string>();
  private timer: NodeJS.Timeout | undefined;
  private n = 0;
  private readonly sandbox: SandboxApiServer;
  constructor(sandbox: SandboxApiServer) {
    this.sandbox = sandbox;
  }
  start(): void {
    this.timer = setInterval(() => {
      const now = new Date().toISOString().replace('Z', '000Z');
      const stored = this.sandbox.store.add(testEvent(this.n++, { eventTime: now })).metadata;
      this.uids.push(stored.uid ?? '');
      this.rvs.set(stored.uid ?? '', stored.resourceVersion ?? '');
    }, 1000 / RATE);
  }
  stop(): void {
    clearInterval(this.timer);
  }
}

interface Scenario {
  sandbox: SandboxApiServer;
  endpoint: OtlpHttpTestEndpoint;
  flow: EventFlow;
  kubeconfig: string;
  checkpointDir: string;
  /** Deliveries per uid so far. */
  counts(): Map<string, number>;
  close(): Promise<void>;
}

async function scenario(name: string): Promise<Scenario> {
  const sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 200 });
  const endpoint = await OtlpHttpTestEndpoint.start();
  const base = await mkdtemp(join(dir, `${name}-`));
  const kubeconfig = await sandbox.writeKubeconfig(base);
  const flow = new EventFlow(sandbox);
  return {
    sandbox,
    endpoint,
    flow,
    kubeconfig,
    checkpointDir: join(base, 'checkpoint'),
    counts() {
      const counts = new Map<string, number>();
      for (const r of endpoint.records) {
        const uid = String(r.attributes.find(([k]) => k === ATTR_EVENT_UID)?.[1]);
        counts.set(uid, (counts.get(uid) ?? 0) + 1);
      }
      return counts;
    },
    async close() {
      flow.stop();
      await Promise.all([sandbox.close(), endpoint.close()]);
    },
  };
}

interface Run {
  readonly done: Promise<CliResult>;
  kill(signal: NodeJS.Signals): void;
}

let configSerial = 0;
async function run(s: Scenario, options: { metricsAddress?: string } = {}): Promise<Run> {
  const config = join(dir, `config-${configSerial++}.yaml`);
  await writeFile(
    config,
    `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${JSON.stringify(s.kubeconfig)}, checkpoint_dir: ${JSON.stringify(s.checkpointDir)} }
processors:
  batch: { send_batch_size: 100, timeout: 100ms }
exporters:
  otlp_http: { endpoint: ${JSON.stringify(s.endpoint.url)}, retry: { initial_interval: 100ms, max_interval: 500ms } }
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [batch], exporters: [otlp_http] }
  telemetry:
    metrics: { address: ${options.metricsAddress ?? '127.0.0.1:0'} }
`,
  );
  const { child, done } = startCli(['run', '--config', config], { env: { KUBECONFIG: '' } });
  return { done, kill: (signal) => child.kill(signal) };
}

function assertComplete(s: Scenario): Map<string, number> {
  const counts = s.counts();
  const missing = s.flow.uids.filter((uid) => !counts.has(uid));
  assert.deepEqual(missing, [], `no gap: ${missing.length} of ${s.flow.uids.length} events never arrived`);
  return counts;
}

function duplicates(counts: Map<string, number>): number {
  let n = 0;
  for (const c of counts.values()) n += c - 1;
  return n;
}

async function finish(s: Scenario): Promise<Map<string, number>> {
  s.flow.stop();
  await waitFor('every event delivered', () => s.flow.uids.every((uid) => s.counts().has(uid)));
  return assertComplete(s);
}

describe('restart guarantees of tracecore run with checkpoint_dir', { concurrency: false }, () => {
  it('graceful restart: no gap, no duplicate', async (t) => {
    const s = await scenario('graceful');
    t.after(() => s.close());
    s.flow.start();
    const first = await run(s);
    await waitFor('100 records', () => s.endpoint.records.length >= 100);
    first.kill('SIGTERM');
    assert.equal((await first.done).code, 0);
    await new Promise((r) => setTimeout(r, 1000)); // events happen while it is down
    const second = await run(s);
    const counts = await finish(s);
    second.kill('SIGTERM');
    assert.equal((await second.done).code, 0);
    assert.equal(duplicates(counts), 0, 'nothing twice');
    t.diagnostic(`${s.flow.uids.length} events, 0 duplicates`);
  });

  it('SIGKILL: no gap, and what is sent again stays within the stated bound', async (t) => {
    const s = await scenario('sigkill');
    t.after(() => s.close());
    s.flow.start();
    const first = await run(s);
    await waitFor('150 records', () => s.endpoint.records.length >= 150);
    // A loaded machine may not have saved yet: the bound is read from a saved checkpoint.
    await waitFor('a saved checkpoint', () => existsSync(join(s.checkpointDir, CHECKPOINT_FILE)));
    first.kill('SIGKILL');
    await first.done;
    // The bound (README): what was delivered but not yet in the last saved checkpoint.
    const saved = decodeCheckpoint(await readFile(join(s.checkpointDir, CHECKPOINT_FILE), 'utf8'));
    assert.equal(saved.mode, 'ordered');
    const position = new Position({ onMoved() {}, onGaveUp() {} }, saved.mode === 'ordered' ? saved.state : undefined);
    const covered = (uid: string): boolean => position.delivered('', s.flow.rvs.get(uid) ?? '');
    const deliveredBeforeKill = [...s.counts().keys()];
    const bound = deliveredBeforeKill.filter((uid) => !covered(uid)).length;
    const second = await run(s);
    const counts = await finish(s);
    second.kill('SIGTERM');
    assert.equal((await second.done).code, 0);
    const again = [...counts].filter(([, n]) => n > 1).map(([uid]) => uid);
    t.diagnostic(`SIGKILL at 50 events/s: ${again.length} records sent again; delivered and not yet saved at the kill (the bound): ${bound}; events ${s.flow.uids.length}`);
    assert.deepEqual(again.filter(covered), [], 'nothing the saved checkpoint covers is sent again');
    assert.ok(again.length <= bound, `${again.length} sent again, over the bound ${bound}`);
  });

  it('a start that fails between two good runs sends nothing twice', async (t) => {
    const s = await scenario('failed-start');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    t.after(async () => {
      await new Promise((r) => taken.close(r));
      await s.close();
    });
    s.flow.start();
    const first = await run(s);
    await waitFor('100 records', () => s.endpoint.records.length >= 100);
    first.kill('SIGTERM');
    assert.equal((await first.done).code, 0);
    const failed = await run(s, { metricsAddress: `127.0.0.1:${(taken.address() as AddressInfo).port}` });
    const result = await failed.done;
    assert.notEqual(result.code, 0, 'the metrics port is taken: the start fails');
    const third = await run(s);
    const counts = await finish(s);
    third.kill('SIGTERM');
    assert.equal((await third.done).code, 0);
    assert.equal(duplicates(counts), 0, 'nothing twice');
  });

  it('endpoint down with the in-memory queue, SIGTERM, restart after recovery: nothing the API holds is missing', async (t) => {
    const s = await scenario('endpoint-down');
    t.after(() => s.close());
    s.flow.start();
    const first = await run(s);
    await waitFor('100 records', () => s.endpoint.records.length >= 100);
    await s.endpoint.down();
    await new Promise((r) => setTimeout(r, 2000));
    first.kill('SIGTERM'); // the drain budget runs out: what is queued is dropped and not acknowledged
    assert.equal((await first.done).code, 0);
    await s.endpoint.up();
    const second = await run(s);
    const counts = await finish(s);
    second.kill('SIGTERM');
    assert.equal((await second.done).code, 0);
    t.diagnostic(`${s.flow.uids.length} events, ${duplicates(counts)} sent twice`);
  });
});
