import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { z } from 'zod';
import { Registry } from '../component/registry.ts';
import type { Exporter, ExporterFactory, LogsConsumer, Receiver, ReceiverFactory } from '../component/types.ts';
import { loadConfigText } from '../config/load.ts';
import type { EventRecord } from '../model/record.ts';
import { batchProcessorFactory } from '../processors/batch/factory.ts';
import { silentLogger } from '../telemetry/logger.ts';
import { Metrics } from '../telemetry/metrics.ts';
import { Service } from './service.ts';

/** Fake components that log their lifecycle into one shared journal. */
function harness() {
  const journal: string[] = [];
  const received = new Map<string, string[]>();
  const receivers = new Map<string, LogsConsumer>();
  const receiverFactory: ReceiverFactory<{ fail?: boolean; hang?: boolean }> = {
    kind: 'receiver',
    type: 'src',
    stability: 'development',
    description: 'test source',
    configSchema: z.object({ fail: z.boolean().optional(), hang: z.boolean().optional() }).strict(),
    create(settings, config, next): Receiver {
      receivers.set(settings.id, next);
      return {
        start: async () => {
          if (config.fail) throw new Error('cannot start');
          journal.push(`start ${settings.id}`);
        },
        shutdown: () => {
          journal.push(`stop ${settings.id}`);
          return config.hang ? new Promise<void>(() => {}) : Promise.resolve();
        },
        isReady: () => true,
      };
    },
  };
  const exporterFactory: ExporterFactory<{ hang?: boolean }> = {
    kind: 'exporter',
    type: 'sink',
    stability: 'development',
    description: 'test sink',
    configSchema: z.object({ hang: z.boolean().optional() }).strict(),
    create(settings, config): Exporter {
      received.set(settings.id, []);
      return {
        start: async () => void journal.push(`start ${settings.id}`),
        shutdown: () => {
          journal.push(`stop ${settings.id}`);
          return config.hang ? new Promise<void>(() => {}) : Promise.resolve();
        },
        consume: async (records: EventRecord[]) => {
          received.get(settings.id)?.push(...records.map((r) => r.uid));
        },
      };
    },
  };
  const registry = new Registry([receiverFactory, exporterFactory, batchProcessorFactory]);
  return { journal, received, receivers, registry };
}

const CONFIG = `receivers: { src: {} }
processors: { batch: { send_batch_size: 100, timeout: 10s } }
exporters: { sink/a: {}, sink/b: {} }
service:
  pipelines:
    logs: { receivers: [src], processors: [batch], exporters: [sink/a, sink/b] }
    logs/raw: { receivers: [src], exporters: [sink/b] }
`;

describe('Service', () => {
  it('starts exporters before receivers, stops in reverse, and flushes the batch on shutdown', async () => {
    const h = harness();
    const service = new Service(loadConfigText(CONFIG, h.registry, {}), { logger: silentLogger(), metrics: new Metrics(), env: {} });
    await service.start();
    assert.deepEqual(h.journal, ['start sink/a', 'start sink/b', 'start src']);
    assert.equal(service.isReady(), true);

    await h.receivers.get('src')?.consume([{ uid: 'e1' } as EventRecord, { uid: 'e2' } as EventRecord]);
    // logs/raw has no batch: sink/b has them at once; logs holds them in its batch until shutdown.
    assert.deepEqual(h.received.get('sink/b'), ['e1', 'e2']);
    assert.deepEqual(h.received.get('sink/a'), []);

    await Promise.all([service.shutdown(), service.shutdown()]);
    await service.shutdown();
    assert.deepEqual(h.journal.slice(3), ['stop src', 'stop sink/a', 'stop sink/b']);
    assert.deepEqual(h.received.get('sink/a'), ['e1', 'e2'], 'the batch was flushed before its exporter stopped');
    assert.deepEqual(h.received.get('sink/b')?.sort(), ['e1', 'e1', 'e2', 'e2'], 'each pipeline delivered once');
    assert.equal(service.isReady(), false);
  });

  it('stops what it started when a component fails to start', async () => {
    const h = harness();
    const service = new Service(loadConfigText(CONFIG.replace('src: {}', 'src: { fail: true }'), h.registry, {}), { logger: silentLogger(), metrics: new Metrics(), env: {} });
    await assert.rejects(service.start(), /cannot start/);
    assert.deepEqual(h.journal, ['start sink/a', 'start sink/b', 'stop sink/b', 'stop sink/a']);
  });

  it('ends each shutdown phase at its budget plus the grace, whatever a component does', async () => {
    const h = harness();
    const config = CONFIG.replace('src: {}', 'src: { hang: true }').replace('sink/a: {}', 'sink/a: { hang: true }');
    const service = new Service(loadConfigText(config, h.registry, {}), { logger: silentLogger(), metrics: new Metrics(), env: {}, receiverStopMs: 100, drainMs: 200 });
    await service.start();
    const started = Date.now();
    await service.shutdown();
    const took = Date.now() - started;
    assert.deepEqual(h.journal.slice(3), ['stop src', 'stop sink/a', 'stop sink/b'], 'the phases after a stuck receiver still ran');
    assert.ok(took < 20_000, `returned although two components never stop (${took} ms; budgets 0.3 s + 2 x 1 s grace)`);
  });
});
