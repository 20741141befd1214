/**
 * No duplicates and no gaps across a restart: with `checkpoint_dir`, a restarted receiver relists,
 * skips what it delivered before, and delivers what changed while it was down.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { CHECKPOINT_FILE } from '../src/receivers/k8s-events/checkpoint.ts';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import { startHarness, testEvent } from './support/receiver-harness.ts';

const cleanup: Array<() => Promise<void>> = [];
after(async () => {
  for (const c of cleanup.reverse()) await c();
});

describe('k8s_events receiver: restart with checkpoint_dir', () => {
  it('sends nothing twice and misses nothing that happened while it was down', async () => {
    const sandbox = await SandboxApiServer.start();
    const dir = await mkdtemp(join(tmpdir(), 'tracecore-ckpt-'));
    cleanup.push(() => sandbox.close(), () => rm(dir, { recursive: true, force: true }));
    for (let i = 0; i < 50; i++) sandbox.store.add(testEvent(i));

    const first = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir } });
    await first.waitForRecords(50);
    await first.close();
    const saved = JSON.parse(await readFile(join(dir, CHECKPOINT_FILE), 'utf8')) as { seen: unknown[] };
    assert.equal(saved.seen.length, 50);

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
  });

  it('starts without a corrupt checkpoint instead of failing', async () => {
    const sandbox = await SandboxApiServer.start();
    const dir = await mkdtemp(join(tmpdir(), 'tracecore-ckpt-'));
    cleanup.push(() => sandbox.close(), () => rm(dir, { recursive: true, force: true }));
    await writeFile(join(dir, CHECKPOINT_FILE), '{"format":1,"seen":[["a","1"],');
    sandbox.store.add(testEvent(1));
    const h = await startHarness({ existingSandbox: sandbox, config: { checkpoint_dir: dir } });
    await h.waitForRecords(1);
    await h.close();
  });
});
