/**
 * End-to-end acknowledgements from the exporters (src/component/ack.ts): one test per outcome,
 * against a real OTLP/HTTP endpoint on loopback. The receiver's checkpoint moves on `ack` only, so
 * an ack for a record that was not delivered is a loss after a restart, and a nack for one that
 * was is a duplicate.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, it } from 'node:test';
import type { Ack } from '../src/component/ack.ts';
import { DebugExporter } from '../src/exporters/debug/debug-exporter.ts';
import { fileExporterFactory } from '../src/exporters/file/factory.ts';
import { otlpHttpExporterFactory } from '../src/exporters/otlp-http/factory.ts';
import { silentLogger } from '../src/telemetry/logger.ts';
import { Metrics } from '../src/telemetry/metrics.ts';
import { makeRecords } from './fixtures/otlp/records.ts';
import { OtlpHttpTestEndpoint } from './support/otlp-endpoint.ts';
import { FAST_RETRY, startExporter } from './support/otlp-exporter-harness.ts';

/** An ack that records how (and how often) it was settled. */
function recorder(): Ack & { readonly settled: string[]; when(): Promise<string> } {
  const settled: string[] = [];
  return {
    settled,
    ack: () => void settled.push('ack'),
    nack: () => void settled.push('nack'),
    async when() {
      const deadline = Date.now() + 60_000;
      while (settled.length === 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 10));
      return settled.join(',');
    },
  };
}

describe('exporter acknowledgements', () => {
  it('acks once the endpoint accepted the batch, not before', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.delayMs = 300;
    const { exporter } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url });
    const ack = recorder();
    await exporter.consume(makeRecords(10, { prefix: 'ok' }), ack);
    assert.deepEqual(ack.settled, [], 'queued in memory is not delivered');
    assert.equal(await ack.when(), 'ack');
    assert.equal(endpoint.records.length, 10);
    await exporter.shutdown();
    await endpoint.close();
    assert.deepEqual(ack.settled, ['ack']);
  });

  it('acks a batch the endpoint rejected for good (counted as dropped{permanent})', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.failNext(1, { kind: 'invalid', message: 'bad batch' });
    const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
    const ack = recorder();
    await exporter.consume(makeRecords(5, { prefix: 'bad' }), ack);
    assert.equal(await ack.when(), 'ack');
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 5);
    await exporter.shutdown();
    await endpoint.close();
  });

  it('acks a partial success (the rejected part is permanent)', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.failNext(1, { kind: 'partial', rejected: 2, message: 'two too old' });
    const { exporter } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url });
    const ack = recorder();
    await exporter.consume(makeRecords(6, { prefix: 'partial' }), ack);
    assert.equal(await ack.when(), 'ack');
    await exporter.shutdown();
    await endpoint.close();
  });

  it('acks a batch split after a 413 once both halves are delivered', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.failNext(1, { kind: 'too_large' });
    const { exporter } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url });
    const ack = recorder();
    await exporter.consume(makeRecords(8, { prefix: 'split' }), ack);
    assert.equal(await ack.when(), 'ack');
    assert.equal(endpoint.records.length, 8);
    await exporter.shutdown();
    await endpoint.close();
    assert.deepEqual(ack.settled, ['ack']);
  });

  it('nacks a batch given up on after retry.max_elapsed', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: { initial_interval: '20ms', max_interval: '50ms', max_elapsed: '300ms' } });
    const ack = recorder();
    await exporter.consume(makeRecords(4, { prefix: 'late' }), ack);
    assert.equal(await ack.when(), 'nack');
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'max_elapsed' }), 4);
    await exporter.shutdown();
    await endpoint.close();
  });

  it('nacks what the shutdown budget left undelivered (in-memory queue), in flight and waiting', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
    const first = recorder();
    const second = recorder();
    await exporter.consume(makeRecords(3, { prefix: 'a' }), first);
    await exporter.consume(makeRecords(3, { prefix: 'b' }), second);
    await exporter.shutdown(AbortSignal.timeout(300));
    assert.deepEqual(first.settled, ['nack']);
    assert.deepEqual(second.settled, ['nack']);
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'shutdown' }), 6);
    const late = recorder();
    await assert.rejects(exporter.consume(makeRecords(1, { prefix: 'c' }), late));
    assert.deepEqual(late.settled, ['nack']);
    await endpoint.close();
  });

  it('nacks a batch dropped by a full queue in drop mode', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    const { exporter } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { size: 5, when_full: 'drop' } });
    const kept = recorder();
    const dropped = recorder();
    await exporter.consume(makeRecords(5, { prefix: 'kept' }), kept);
    await exporter.consume(makeRecords(5, { prefix: 'dropped' }), dropped);
    assert.deepEqual(dropped.settled, ['nack']);
    assert.deepEqual(kept.settled, []);
    await endpoint.up();
    assert.equal(await kept.when(), 'ack');
    await exporter.shutdown();
    await endpoint.close();
  });

  it('acks once the batch is durable in the persistent queue, even while the endpoint is down', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracecore-acks-'));
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    try {
      const { exporter } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { storage: dir } });
      const ack = recorder();
      await exporter.consume(makeRecords(7, { prefix: 'disk' }), ack);
      assert.deepEqual(ack.settled, ['ack']);
      assert.equal(endpoint.records.length, 0);
      await exporter.shutdown(AbortSignal.timeout(200));
      assert.deepEqual(ack.settled, ['ack'], 'kept on disk for the next start: no nack');
    } finally {
      await endpoint.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('file exporter: acks after writing the line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tracecore-acks-'));
    try {
      const path = join(dir, 'out.jsonl');
      const { exporter } = await startExporter(fileExporterFactory, { path });
      const ack = recorder();
      await exporter.consume(makeRecords(3, { prefix: 'file' }), ack);
      assert.deepEqual(ack.settled, ['ack']);
      assert.equal(readFileSync(path, 'utf8').trim().split('\n').length, 1);
      await exporter.shutdown();
      const late = recorder();
      await assert.rejects(exporter.consume(makeRecords(1, { prefix: 'late' }), late));
      assert.deepEqual(late.settled, ['nack']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('debug exporter: acks after writing', async () => {
    const out = new PassThrough();
    out.resume();
    const settings = { id: 'debug', logger: silentLogger(), metrics: new Metrics(), env: {} };
    const exporter = new DebugExporter(settings, { verbosity: 'basic', color: 'never' }, out);
    const ack = recorder();
    await exporter.consume(makeRecords(2, { prefix: 'debug' }), ack);
    assert.deepEqual(ack.settled, ['ack']);
    await exporter.shutdown();
  });
});
