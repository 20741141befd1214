/**
 * Never lose, never repeat, in process: with `checkpoint_dir`, a restarted receiver resumes the
 * watch after the last acknowledged event, sends again only what was not acknowledged, reports a
 * compacted history as a possible gap, and a first start honours max_event_age.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import type { LogsConsumer } from '../src/component/types.ts';
import { CHECKPOINT_FILE } from '../src/receivers/k8s-events/checkpoint.ts';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import { capturingLogger, startHarness, testEvent } from './support/receiver-harness.ts';

const cleanup: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

async function setup(options: { historyLimit?: number } = {}): Promise<{ sandbox: SandboxApiServer; dir: string }> {
  const sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 100, historyLimit: options.historyLimit });
  const dir = await mkdtemp(join(tmpdir(), 'tracecore-ckpt-'));
  cleanup.push(() => sandbox.close(), () => rm(dir, { recursive: true, force: true }));
  return { sandbox, dir };
}

async function readCheckpoint(dir: string): Promise<{ watermark: string; acked: unknown[] }> {
  return JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')) as { watermark: string; acked: unknown[] };
}

describe('k8s_events receiver: restart with checkpoint_dir', () => {
  it('sends nothing twice and misses nothing that happened while it was down', async () => {
    const { sandbox, dir } = await setup();
    for (let i = 0; i < 50; i++) sandbox.store.add(testEvent(i));

    const first = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir } });
    await first.waitForRecords(50);
    await first.close();
    const saved = await readCheckpoint(dir);
    assert.equal(saved.watermark, sandbox.store.resourceVersion, 'the watermark reached the list');

    // While it is down: new events, and a recurring one happens again.
    for (let i = 50; i < 60; i++) sandbox.store.add(testEvent(i));
    sandbox.store.recur({ namespace: 'default', name: 'pod-3.evt3' });

    const second = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir } });
    await second.waitForRecords(11);
    await second.waitUntil('the watch to be open', () => sandbox.openWatches === 1);
    await second.close();
    const names = second.records.map((r) => r.regarding.name).sort();
    assert.deepEqual(names, ['pod-3', ...Array.from({ length: 10 }, (_, i) => `pod-${50 + i}`)].sort());
    assert.equal(second.records.find((r) => r.regarding.name === 'pod-3')?.count, 2, 'the recurrence, not the original');
    assert.equal(await second.metric('tracecore_receiver_lists_total'), 0, 'resumed with a watch, no relist');
  });

  it('sends again after a restart exactly what the pipeline did not acknowledge', async () => {
    const { sandbox, dir } = await setup();
    for (let i = 0; i < 30; i++) sandbox.store.add(testEvent(i));
    // The first run's pipeline acknowledges every batch but the one holding pod-12.
    const refusing = (inner: LogsConsumer): LogsConsumer => ({
      consume: async (records, ack) => {
        if (records.some((r) => r.regarding.name === 'pod-12')) {
          await inner.consume(records);
          ack?.nack();
          return;
        }
        await inner.consume(records, ack);
      },
    });
    const first = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir, channel_cap: 1 }, consumer: refusing });
    await first.waitForRecords(30);
    for (let i = 30; i < 35; i++) sandbox.store.add(testEvent(i));
    await first.waitForRecords(35);
    await first.close();

    const second = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir } });
    await second.waitUntil('pod-12 again', () => second.records.some((r) => r.regarding.name === 'pod-12'));
    await second.waitUntil('the watch to be open', () => sandbox.openWatches === 1);
    await second.close();
    assert.deepEqual(second.records.map((r) => r.regarding.name), ['pod-12'], 'only the nacked record, nothing acknowledged');
  });

  it('does not write a checkpoint it did not restore (a start that failed before)', async () => {
    const { sandbox, dir } = await setup();
    sandbox.store.add(testEvent(1));
    const good = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir } });
    await good.waitForRecords(1);
    await good.close();
    const before = await readFile(join(dir, CHECKPOINT_FILE), 'utf8');
    const mtime = (await stat(join(dir, CHECKPOINT_FILE))).mtimeMs;
    // A receiver created but never started (an exporter failed to open first) is shut down.
    const { K8sEventsReceiver } = await import('../src/receivers/k8s-events/receiver.ts');
    const { k8sEventsConfigSchema } = await import('../src/receivers/k8s-events/config.ts');
    const { Metrics } = await import('../src/telemetry/metrics.ts');
    const { silentLogger } = await import('../src/telemetry/logger.ts');
    const never = new K8sEventsReceiver({ id: 'k8s_events', logger: silentLogger(), metrics: new Metrics(), env: {} }, k8sEventsConfigSchema.parse({ checkpoint_dir: dir }), { consume: async () => {} }, {
      connect: () => Promise.reject(new Error('never called')),
      resource: { attributes: [] },
    });
    await never.shutdown();
    await never.drained();
    assert.equal(await readFile(join(dir, CHECKPOINT_FILE), 'utf8'), before);
    assert.equal((await stat(join(dir, CHECKPOINT_FILE))).mtimeMs, mtime);
  });

  it('starts as on a first start from a corrupt checkpoint, and says so', async () => {
    const { sandbox, dir } = await setup();
    await writeFile(join(dir, CHECKPOINT_FILE), '{"format":2,"mode":"ordered","watermark":');
    sandbox.store.add(testEvent(1));
    const { logger, lines } = capturingLogger();
    const h = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir }, logger });
    await h.waitForRecords(1);
    assert.equal(await h.metric('tracecore_receiver_checkpoint_errors_total'), 1);
    await h.close();
    assert.ok(lines.some((l) => String(l.msg).includes('checkpoint is corrupt')), 'logged');
    assert.equal((await readCheckpoint(dir)).watermark, sandbox.store.resourceVersion, 'replaced by a good one');
  });

  it('counts and logs a checkpoint it cannot save, and carries on delivering', async () => {
    const { sandbox } = await setup();
    sandbox.store.add(testEvent(1));
    const { logger, lines } = capturingLogger();
    const failing = { description: 'a store on a full disk', load: async () => undefined, save: () => Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC' })) };
    const h = await startHarness({ existingSandbox: sandbox, logger, tuning: { checkpointStore: failing, checkpointDelayMs: 50 } });
    await h.waitForRecords(1);
    await h.waitUntil('a failed save counted', async () => (await h.metric('tracecore_receiver_checkpoint_errors_total')) >= 1);
    sandbox.store.add(testEvent(2));
    await h.waitForRecords(2);
    await h.close();
    assert.ok(lines.some((l) => String(l.msg).startsWith('cannot save the checkpoint')), 'logged');
  });

  it('reports a compacted history on resume as a possible gap with its time range, then relists what is held', async () => {
    const { sandbox, dir } = await setup();
    for (let i = 0; i < 5; i++) sandbox.store.add(testEvent(i));
    const first = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir } });
    await first.waitForRecords(5);
    await first.close();
    for (let i = 5; i < 10; i++) sandbox.store.add(testEvent(i));
    sandbox.store.compact();
    const { logger, lines } = capturingLogger();
    const second = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir }, logger });
    await second.waitForRecords(5);
    assert.equal(await second.metric('tracecore_receiver_gaps_total'), 1);
    await second.close();
    assert.deepEqual(second.records.map((r) => r.regarding.name).sort(), ['pod-5', 'pod-6', 'pod-7', 'pod-8', 'pod-9']);
    const gap = lines.find((l) => String(l.msg).startsWith('possible gap'));
    assert.ok(gap, 'a gap line');
    assert.match(String(gap.missing_from), /^\d{4}-\d\d-\d\dT/);
    assert.match(String(gap.missing_to), /^\d{4}-\d\d-\d\dT/);
  });

  it('on a first start with max_event_age sends only newer events and counts the rest as filtered', async () => {
    const { sandbox, dir } = await setup();
    for (let i = 0; i < 5; i++) sandbox.store.add(testEvent(i)); // 2026-01-01: old
    const now = new Date().toISOString().replace('Z', '000Z');
    for (let i = 5; i < 8; i++) sandbox.store.add(testEvent(i, { eventTime: now }));
    const h = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir, max_event_age: '1h' } });
    await h.waitForRecords(3);
    await h.waitUntil('the watch to be open', () => sandbox.openWatches === 1);
    sandbox.store.add(testEvent(9)); // old event time, but arrives on the watch: sent
    await h.waitForRecords(4);
    assert.equal(await h.metric('tracecore_receiver_filtered_records_total', { filter: 'max_event_age' }), 5);
    await h.close();
    assert.deepEqual(h.records.map((r) => r.regarding.name).sort(), ['pod-5', 'pod-6', 'pod-7', 'pod-9']);
  });
});
