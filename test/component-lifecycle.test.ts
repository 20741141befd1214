/**
 * The lifecycle every registered component must survive, as the OpenTelemetry Collector's generated
 * lifecycle tests require, looped over FACTORIES (a new factory without a config here fails the
 * first test): create then shut down twice without starting; create, start, consume, shut down
 * twice; and a sibling's start failure leaves the state on disk (checkpoint, persistent queue) as it
 * was. Real servers on loopback: the sandbox API, OTLP/HTTP and OTLP/gRPC endpoints.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { z } from 'zod';
import { Registry } from '../src/component/registry.ts';
import { StartupError } from '../src/component/startup-error.ts';
import type { AnyFactory, Component, CreateSettings, ExporterFactory, LogsConsumer } from '../src/component/types.ts';
import { FACTORIES } from '../src/components.ts';
import { loadConfigText } from '../src/config/load.ts';
import type { EventRecord } from '../src/model/record.ts';
import { Service } from '../src/pipeline/service.ts';
import { CHECKPOINT_FILE } from '../src/receivers/k8s-events/checkpoint.ts';
import { SandboxApiServer } from '../src/sandbox/sandbox-server.ts';
import { silentLogger } from '../src/telemetry/logger.ts';
import { Metrics } from '../src/telemetry/metrics.ts';
import { makeRecords } from './fixtures/otlp/records.ts';
import { testEvent } from './support/receiver-harness.ts';
import { OtlpGrpcTestEndpoint, OtlpHttpTestEndpoint } from './support/otlp-endpoint.ts';

let dir: string;
let sandbox: SandboxApiServer;
let http: OtlpHttpTestEndpoint;
let grpc: OtlpGrpcTestEndpoint;
let kubeconfig: string;

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracecore-lifecycle-'));
  sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 100 });
  sandbox.store.add(testEvent(1));
  kubeconfig = await sandbox.writeKubeconfig(dir);
  http = await OtlpHttpTestEndpoint.start();
  grpc = await OtlpGrpcTestEndpoint.start();
});

after(async () => {
  await Promise.all([sandbox.close(), http.close(), grpc.close()]);
  await rm(dir, { recursive: true, force: true });
});

/** A minimal working config per registered type, against the loopback servers above. */
function configFor(type: string): unknown {
  switch (type) {
    case 'k8s_events':
      return { auth: 'kubeconfig', kubeconfig };
    case 'batch':
      return { timeout: '50ms' };
    case 'findings':
      return {};
    case 'debug':
      return { verbosity: 'basic' };
    case 'file':
      return { path: join(dir, `file-${Math.random().toString(36).slice(2)}.jsonl`) };
    case 'otlp_http':
      return { endpoint: http.url, retry: { max_elapsed: '5s' } };
    case 'otlp_grpc':
      return { endpoint: `http://${grpc.address}`, retry: { max_elapsed: '5s' } };
    default:
      return undefined;
  }
}

function settings(factory: AnyFactory): CreateSettings {
  return { id: factory.type, logger: silentLogger(), metrics: new Metrics(), env: { HOME: dir } };
}

function create(factory: AnyFactory, next: LogsConsumer): Component & Partial<LogsConsumer> & { isReady?: () => boolean } {
  const config = factory.configSchema.parse(configFor(factory.type));
  switch (factory.kind) {
    case 'receiver':
      return factory.create(settings(factory), config, next);
    case 'processor':
      return factory.create(settings(factory), config, next);
    case 'exporter':
      return factory.create(settings(factory), config);
  }
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('every registered component', () => {
  it('has a config in this test (add one for a new factory)', () => {
    assert.deepEqual(FACTORIES.filter((f) => configFor(f.type) === undefined).map((f) => `${f.kind} ${f.type}`), []);
  });

  for (const factory of FACTORIES) {
    it(`${factory.kind} ${factory.type}: create, then shut down twice without start`, async () => {
      const received: EventRecord[] = [];
      const component = create(factory, { consume: async (records) => void received.push(...records) });
      await component.shutdown(AbortSignal.timeout(5000));
      await component.shutdown(AbortSignal.timeout(5000));
      assert.equal(received.length, 0);
    });

    it(`${factory.kind} ${factory.type}: create, start, consume, shut down twice`, async () => {
      const received: EventRecord[] = [];
      const component = create(factory, { consume: async (records) => void received.push(...records) });
      await component.start();
      if (factory.kind === 'receiver') {
        await waitFor('the receiver to deliver the sandbox event', () => received.length === 1);
        assert.equal(component.isReady?.(), true);
      } else {
        const sent = makeRecords(3);
        await component.consume?.(sent);
        await component.shutdown(AbortSignal.timeout(30_000));
        if (factory.kind === 'processor') assert.deepEqual(received.map((r) => r.uid), sent.map((r) => r.uid), 'a processor flushes at shutdown');
      }
      await component.shutdown(AbortSignal.timeout(30_000));
      await component.shutdown(AbortSignal.timeout(30_000));
    });
  }
});

describe("a sibling's start failure", () => {
  const failing: ExporterFactory<object> = {
    kind: 'exporter',
    type: 'fails_to_start',
    stability: 'development',
    description: 'an exporter whose start fails as a port in use would',
    configSchema: z.object({}).strict(),
    create: () => ({
      start: async () => {
        throw new StartupError('environment', 'listen EADDRINUSE 127.0.0.1:4318');
      },
      consume: async () => {},
      shutdown: async () => {},
    }),
  };

  const SAVED_CHECKPOINT = JSON.stringify({ format: 2, mode: 'ordered', watermark: '7', acked: [['9', '12']] });

  async function filesUnder(path: string): Promise<Map<string, string>> {
    const files = new Map<string, string>();
    for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
      if (entry.isFile()) files.set(join(entry.parentPath, entry.name), await readFile(join(entry.parentPath, entry.name), 'latin1'));
    }
    return files;
  }

  async function startFailingService(): Promise<{ checkpointDir: string; queueDir: string; error: unknown }> {
    const checkpointDir = await mkdtemp(join(dir, 'checkpoint-'));
    const queueDir = await mkdtemp(join(dir, 'queue-'));
    await writeFile(join(checkpointDir, CHECKPOINT_FILE), SAVED_CHECKPOINT);
    const config = loadConfigText(
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${JSON.stringify(kubeconfig)}, checkpoint_dir: ${JSON.stringify(checkpointDir)} }
exporters:
  otlp_http: { endpoint: ${JSON.stringify(http.url)}, queue: { storage: ${JSON.stringify(queueDir)} } }
  fails_to_start: {}
service:
  pipelines:
    logs: { receivers: [k8s_events], exporters: [otlp_http, fails_to_start] }
`,
      new Registry([...FACTORIES, failing]),
      { HOME: dir },
    );
    const service = new Service(config, { logger: silentLogger(), metrics: new Metrics(), env: { HOME: dir }, drainMs: 5000 });
    const error = await service.start().then(
      () => undefined,
      (err: unknown) => err,
    );
    await service.shutdown();
    return { checkpointDir, queueDir, error };
  }

  it('is rethrown as it was, typed, and the persistent queue holds no record', async () => {
    const { queueDir, error } = await startFailingService();
    assert.ok(error instanceof StartupError && error.kind === 'environment', String(error));
    const queued = [...(await filesUnder(queueDir)).values()].join('');
    assert.equal(queued.includes('uid-'), false, 'no record reached the queue');
  });

  it('leaves the checkpoint as it was', async () => {
    const { checkpointDir } = await startFailingService();
    assert.equal(await readFile(join(checkpointDir, CHECKPOINT_FILE), 'utf8'), SAVED_CHECKPOINT);
  });
});
