import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EventRecord } from '../../model/record.ts';
import { Metrics } from '../metrics.ts';
import { HintRate } from './hint-rate.ts';
import { statusSnapshotSchema } from './snapshot-schema.ts';
import { NOTE_MAX_CHARS, RATE_BUCKET_SECONDS, STATUS_EVENTS, StatusBoard } from './status-board.ts';

const NOW_MS = Date.UTC(2026, 10, 26, 12, 0, 0);

function record(i: number, observedMs: number, hint?: string, note = `note ${i}`): EventRecord {
  return {
    uid: `uid-${i}`,
    resourceVersion: String(i),
    reason: 'BackOff',
    type: 'Warning',
    note,
    regarding: { kind: 'Pod', namespace: 'shop', name: `pod-${i}` },
    ...(hint ? { hint } : {}),
    count: 1,
    eventTime: new Date(observedMs).toISOString(),
    timeUnixMicros: observedMs * 1000,
    observedUnixMicros: observedMs * 1000,
    severityNumber: 13,
    severityText: 'Warning',
    attributes: [],
    droppedAttributesCount: 0,
    resource: { attributes: [] },
  } as EventRecord;
}

describe('StatusBoard', () => {
  it('keeps the last 50 events, newest first, with notes cut for the page', async () => {
    const board = new StatusBoard(new Metrics());
    for (let i = 0; i < 120; i++) board.observe(record(i, NOW_MS - 1000, 'backoff', i === 119 ? 'x'.repeat(5000) : undefined));
    const s = statusSnapshotSchema.parse(await board.snapshot(true, NOW_MS));
    assert.equal(s.events.length, STATUS_EVENTS);
    assert.equal(s.events[0].object.name, 'pod-119');
    assert.equal(s.events[49].object.name, 'pod-70');
    assert.equal(s.events[0].note.length, NOTE_MAX_CHARS);
    assert.equal(s.eventsSeen, 120);
  });

  it('counts events per hint and bucket over the last 15 minutes only', async () => {
    const board = new StatusBoard(new Metrics());
    for (let i = 0; i < 30; i++) board.observe(record(i, NOW_MS - 2000, 'pod_evicted'));
    for (let i = 0; i < 7; i++) board.observe(record(100 + i, NOW_MS - 2000));
    for (let i = 0; i < 5; i++) board.observe(record(200 + i, NOW_MS - 16 * 60_000, 'oom_killed'));
    const { rate } = await board.snapshot(true, NOW_MS);
    assert.deepEqual(rate.byHint.map((h) => [h.hint, h.total]), [['pod_evicted', 30], ['none', 7]]);
    assert.equal(rate.bucketSeconds, RATE_BUCKET_SECONDS);
    assert.equal(rate.total.length, 900 / RATE_BUCKET_SECONDS);
    assert.equal(rate.total.reduce((a, b) => a + b, 0), 37);
    assert.ok(rate.end > NOW_MS / 1000 && rate.end <= NOW_MS / 1000 + RATE_BUCKET_SECONDS);
  });

  it('reuses a slot when its second comes round again, and ignores a stale second', () => {
    const rate = new HintRate(10, ['a']);
    rate.count('a', 100);
    rate.count('a', 110);
    rate.count('a', 100);
    const s = rate.series(110, 1);
    assert.deepEqual(s.byHint.map((h) => h.total), [1]);
  });

  it('reports receiver state: paused over degraded over phase, with the last error', async () => {
    const board = new StatusBoard(new Metrics());
    const r = board.receiver('k8s_events');
    r.setPhase('watching');
    r.failed('watch: connect ECONNREFUSED 127.0.0.1:6443');
    let [view] = (await board.snapshot(true, NOW_MS)).receivers;
    assert.equal(view.state, 'degraded');
    assert.match(view.lastError?.message ?? '', /ECONNREFUSED/);
    r.setPaused(true);
    [view] = (await board.snapshot(true, NOW_MS)).receivers;
    assert.equal(view.state, 'paused');
    r.setPaused(false);
    r.recovered();
    [view] = (await board.snapshot(true, NOW_MS)).receivers;
    assert.equal(view.state, 'watching');
    assert.notEqual(view.lastError, null, 'the last error stays visible after recovery');
  });

  it('shows leadership and the findings its sources report', async () => {
    const board = new StatusBoard(new Metrics());
    assert.equal((await board.snapshot(true)).leader.role, 'standalone');
    board.reportLeader({ role: 'follower', holder: 'tracecore-7d9f-abc12' });
    board.addFindingsSource(() => [{ kind: 'crash_loop', subject: { kind: 'Deployment', namespace: 'shop', name: 'orders-worker' }, count: 5, firstTimeMicros: NOW_MS * 1000, summary: 'restarted 5 times in 3 min' }]);
    const s = statusSnapshotSchema.parse(await board.snapshot(true, NOW_MS));
    assert.deepEqual(s.leader.role, 'follower');
    assert.equal(s.leader.holder, 'tracecore-7d9f-abc12');
    assert.deepEqual(s.findings.map((f) => [f.kind, f.subject, f.count, f.since]), [['crash_loop', 'Deployment shop/orders-worker', 5, new Date(NOW_MS).toISOString()]]);
  });

  it('marks an exporter failing when its failed attempts grow and its deliveries do not, dropping after a drop', async () => {
    const metrics = new Metrics();
    const board = new StatusBoard(metrics);
    metrics.exporterQueueCapacity.labels('otlp_http').set(100);
    metrics.exporterSent.labels('otlp_http').inc(10);
    let [x] = (await board.snapshot(true, NOW_MS)).exporters;
    assert.equal(x.health, 'ok');
    metrics.exporterSendFailed.labels('otlp_http').inc(5);
    metrics.exporterQueueSize.labels('otlp_http').set(40);
    [x] = (await board.snapshot(true, NOW_MS + 1000)).exporters;
    assert.deepEqual({ health: x.health, queue: x.queue, failed: x.failed }, { health: 'failing', queue: { size: 40, capacity: 100 }, failed: 5 });
    metrics.exporterSent.labels('otlp_http').inc(40);
    [x] = (await board.snapshot(true, NOW_MS + 2000)).exporters;
    assert.equal(x.health, 'ok');
    metrics.exporterDropped.labels('otlp_http', 'queue_full').inc(3);
    [x] = (await board.snapshot(true, NOW_MS + 3000)).exporters;
    assert.deepEqual([x.health, x.dropped], ['dropping', 3]);
    [x] = (await board.snapshot(true, NOW_MS + 3000 + 61_000)).exporters;
    assert.equal(x.health, 'ok');
  });

  it('stays bounded: 300,000 distinct records grow the heap by less than 4 MiB', () => {
    setFlagsFromString('--expose-gc');
    const gc = runInNewContext('gc') as () => void;
    const board = new StatusBoard(new Metrics());
    for (let i = 0; i < 1000; i++) board.observe(record(i, NOW_MS + i));
    gc();
    const before = process.memoryUsage().heapUsed;
    for (let i = 0; i < 300_000; i++) board.observe(record(i, NOW_MS + i * 10, i % 3 === 0 ? 'backoff' : undefined));
    gc();
    const grown = process.memoryUsage().heapUsed - before;
    assert.ok(grown < 4 * 1024 * 1024, `heap grew by ${grown} bytes`);
  });
});
