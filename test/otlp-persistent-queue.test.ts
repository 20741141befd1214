/**
 * otlp_http with `queue.storage`: what was accepted survives a SIGKILL and a restart.
 *
 * Guarantee under test: at least once. Every record whose consume() resolved arrives after a
 * restart; a record arrives twice only if its batch was in flight (sent, not yet acknowledged)
 * when the process died.
 */
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { otlpHttpExporterFactory } from '../src/exporters/otlp-http/factory.ts';
import { makeRecords } from './fixtures/otlp/records.ts';
import { uidOf } from './support/otlp-decode.ts';
import { checkDelivery, OtlpHttpTestEndpoint } from './support/otlp-endpoint.ts';
import { FAST_RETRY, SCOPE, startExporter } from './support/otlp-exporter-harness.ts';

const CHILD = fileURLToPath(new URL('./fixtures/otlp/wal-child.ts', import.meta.url));
const root = mkdtempSync(join(tmpdir(), 'tracecore-pq-'));
after(() => rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const freshDir = () => join(root, `q${++dirs}`);

interface Child {
  readonly process: ChildProcess;
  /** Resolves with the first stdout line matching `pattern`. */
  line(pattern: RegExp): Promise<string>;
  exited: Promise<number | null>;
}

/** Children still running; a failed test must not leave one behind (it would keep the run alive). */
const running = new Set<ChildProcess>();
after(() => {
  for (const child of running) child.kill('SIGKILL');
});

/** Generous: a child's start-up (type stripping, module loading) is slow on a loaded machine. */
const LINE_DEADLINE_MS = 60_000;

function startChild(args: object): Child {
  const child = spawn(process.execPath, [CHILD, JSON.stringify(args)], { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  child.on('exit', () => running.delete(child));
  let out = '';
  let err = '';
  const listeners = new Set<() => void>();
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    for (const l of [...listeners]) l();
  });
  child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return {
    process: child,
    exited,
    line: (pattern) =>
      new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`child printed no line matching ${pattern} within ${LINE_DEADLINE_MS / 1000} s; stdout: ${out}; stderr: ${err}`)), LINE_DEADLINE_MS);
        const check = () => {
          const found = out.split('\n').find((l) => pattern.test(l));
          if (found === undefined) return;
          clearTimeout(timer);
          listeners.delete(check);
          resolve(found);
        };
        listeners.add(check);
        check();
        void exited.then(() => {
          check();
          if (listeners.has(check)) {
            clearTimeout(timer);
            listeners.delete(check);
            reject(new Error(`child exited without a line matching ${pattern}; stdout: ${out}; stderr: ${err}`));
          }
        });
      }),
  };
}

async function kill(child: Child): Promise<void> {
  child.process.kill('SIGKILL');
  await child.exited;
}

describe('persistent sending queue (queue.storage)', () => {
  it('killed with SIGKILL during an outage and started again: every record arrives, exactly once', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down(); // the port stays ours; connections are refused
    const storage = freshDir();
    const feeder = startChild({ endpoint: endpoint.url, storage, mode: 'feed', batches: 20, batchSize: 25, prefix: 'kill' });
    assert.equal(await feeder.line(/^queued/), 'queued 500');
    await kill(feeder);

    await endpoint.up();
    const drainer = startChild({ endpoint: endpoint.url, storage, mode: 'drain' });
    assert.equal(await drainer.line(/^started/), 'started 500', 'the restarted process recovers every accepted record');
    await drainer.line(/^drained/);
    assert.equal(await drainer.exited, 0);
    await endpoint.close();

    const sent = makeRecords(500, { prefix: 'kill' });
    assert.deepEqual(checkDelivery(endpoint.records, sent, SCOPE), { missing: [], duplicated: [], mismatched: [], unexpected: [] });
  });

  it('killed while batches are in flight: nothing is lost; only the batch in flight may arrive twice', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.delayMs = 150; // a slow endpoint: the process dies with a request outstanding
    const storage = freshDir();
    const feeder = startChild({ endpoint: endpoint.url, storage, mode: 'feed', batches: 12, batchSize: 10, prefix: 'flight' });
    await feeder.line(/^queued/);
    await endpoint.waitForRequests(3);
    await kill(feeder);
    const deliveredBefore = endpoint.records.length;

    endpoint.delayMs = 0;
    const drainer = startChild({ endpoint: endpoint.url, storage, mode: 'drain' });
    await drainer.line(/^drained/);
    await endpoint.close();

    const sent = makeRecords(120, { prefix: 'flight' });
    const check = checkDelivery(endpoint.records, sent, SCOPE);
    assert.deepEqual(check.missing, []);
    assert.deepEqual(check.mismatched, []);
    assert.ok(check.duplicated.length <= 10, `at most the one batch in flight is sent twice (${check.duplicated.length} duplicated)`);
    assert.ok(deliveredBefore >= 20 && deliveredBefore < 120, `the kill came mid-way (${deliveredBefore} delivered before)`);
  });

  it('a clean shutdown during an outage keeps the records on disk; the next start sends them', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    const storage = freshDir();
    const first = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { storage } });
    const sent = makeRecords(30, { prefix: 'kept' });
    await first.exporter.consume(sent.slice(0, 15));
    await first.exporter.consume(sent.slice(15));
    await first.exporter.shutdown(AbortSignal.timeout(200));
    assert.equal(await first.metric('tracecore_exporter_dropped_records_total', { reason: 'shutdown' }), 0, 'nothing is dropped: it stays on disk');

    await endpoint.up();
    const second = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { storage } });
    await endpoint.waitForRecords(sent.length);
    await second.exporter.shutdown();
    await endpoint.close();
    assert.deepEqual(checkDelivery(endpoint.records, sent, SCOPE), { missing: [], duplicated: [], mismatched: [], unexpected: [] });
    assert.ok(second.logs.lines.some((l) => l.records === 30 && /previous run/.test(l.msg)));
  });

  it('a corrupt tail is skipped and counted, never fatal; the rest is delivered', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    const storage = freshDir();
    const first = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { storage } });
    const sent = makeRecords(8, { prefix: 'tail' });
    await first.exporter.consume(sent);
    await first.exporter.shutdown(AbortSignal.timeout(100));
    const dir = join(storage, 'otlp_http');
    const segment = readdirSync(dir).filter((n) => n.endsWith('.wal')).sort()[0];
    appendFileSync(join(dir, segment), Buffer.from([0x54, 0x43, 0x51, 0x31, 0xff, 0xff, 0, 0, 1])); // a frame header cut short

    await endpoint.up();
    const second = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { storage } });
    await endpoint.waitForRecords(sent.length);
    await second.exporter.shutdown();
    await endpoint.close();
    assert.deepEqual(endpoint.records.map(uidOf), sent.map((r) => r.uid));
    assert.equal(await second.metric('tracecore_exporter_queue_corrupt_total'), 1);
    assert.ok(second.logs.lines.some((l) => l.level === 'warn' && l.kind === 'torn'));
  });
});
