/**
 * A hostile OTLP endpoint (test/support/otlp-endpoint.ts hostile answers): huge bodies, a huge
 * partial-success message, a body that trickles in. The exporter reads at most MAX_ANSWER_BYTES
 * of any answer, logs endpoint messages cut to MAX_ANSWER_MESSAGE_CHARS, and bounds a slow answer
 * by its `timeout`; records are never lost on the way.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otlpGrpcExporterFactory } from '../src/exporters/otlp-grpc/factory.ts';
import { otlpHttpExporterFactory } from '../src/exporters/otlp-http/factory.ts';
import { MAX_ANSWER_MESSAGE_CHARS } from '../src/otlp/export-response.ts';
import { makeRecords } from './fixtures/otlp/records.ts';
import { MiB, sampleMemory } from './support/memory-sampler.ts';
import { OtlpGrpcTestEndpoint, OtlpHttpTestEndpoint } from './support/otlp-endpoint.ts';
import { FAST_RETRY, assertExactlyOnce, startExporter, type ExporterUnderTest } from './support/otlp-exporter-harness.ts';

describe('OTLP exporters against a hostile endpoint', () => {
  it('otlp_http: a 200 answer with a 256 MiB body is not read whole (RSS bounded), and every record arrives once', () => hugeAnswer(200));
  it('otlp_http: a 503 answer with a 256 MiB body is not read whole (RSS bounded), and every record arrives once', () => hugeAnswer(503));

  it('otlp_http: a 100 KiB partial-success message is logged cut to a sane length', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await hugePartialMessage(endpoint, await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY }));
  });

  it('otlp_grpc: a 100 KiB partial-success message is logged cut to a sane length', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start();
    await hugePartialMessage(endpoint, await startExporter(otlpGrpcExporterFactory, { endpoint: endpoint.address, tls: { insecure: true }, retry: FAST_RETRY }));
  });

  it('otlp_http: a 200 whose body trickles in is bounded by timeout, retried, and the records arrive', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.failNext(1, { kind: 'slow_body', bytesPerSecond: 10, bytes: 1024 });
    const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, timeout: '1s', retry: FAST_RETRY });
    const sent = makeRecords(8, { prefix: 'slow' });
    const started = Date.now();
    await exporter.consume(sent);
    // The first answer never completes in time: the attempt times out (1 s) and the batch is sent again.
    await endpoint.waitFor(() => endpoint.requests.length >= 2, 'a second attempt after the timeout', 30_000);
    await exporter.shutdown();
    await endpoint.close();
    assert.ok(Date.now() - started < 30_000);
    assert.equal(await metric('tracecore_exporter_sent_records_total'), sent.length);
    // At least once: the trickling answer was a 200, so the first copy was also accepted.
    assert.equal(endpoint.records.length, sent.length * 2);
  });
});

/** The endpoint answers the first batch with `status` and a 256 MiB body; memory stays bounded and nothing is lost. */
async function hugeAnswer(status: number): Promise<void> {
  const endpoint = await OtlpHttpTestEndpoint.start();
  endpoint.failNext(1, { kind: 'huge_body', status, bytes: 256 * MiB });
  const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
  const sent = makeRecords(30, { prefix: `huge-${status}` });
  const rssBefore = process.memoryUsage().rss;
  const memory = sampleMemory();
  await exporter.consume(sent);
  await endpoint.waitForRecords(sent.length, 60_000);
  await exporter.shutdown();
  const growth = memory.stop().maxRssBytes - rssBefore;
  await endpoint.close();
  // Bound: the 1 MiB answer cap plus socket buffers; reading the body whole grew RSS by 273-844 MiB.
  assert.ok(growth < 64 * MiB, `RSS grew by ${Math.round(growth / MiB)} MiB (bound 64 MiB)`);
  assertExactlyOnce(endpoint, sent);
  assert.equal(await metric('tracecore_exporter_sent_records_total'), sent.length);
}

/** The endpoint rejects 2 records of the first batch with a 100 KiB message: logged cut, counted. */
async function hugePartialMessage(endpoint: OtlpHttpTestEndpoint | OtlpGrpcTestEndpoint, { exporter, metric, logs }: ExporterUnderTest): Promise<void> {
  endpoint.failNext(1, { kind: 'partial', rejected: 2, message: `bad record: ${'x'.repeat(100 * 1024)}` });
  const sent = makeRecords(10, { prefix: 'partial' });
  await exporter.consume(sent);
  await endpoint.waitForRecords(sent.length);
  await exporter.shutdown();
  await endpoint.close();
  const warn = logs.lines.find((l) => l.msg.includes('rejected part of a batch'));
  assert.ok(warn, 'the partial success is logged');
  const error = String(warn.error);
  assert.ok(error.startsWith('bad record: xxx'), error.slice(0, 40));
  assert.ok(error.length <= MAX_ANSWER_MESSAGE_CHARS + 3, `logged ${error.length} characters of the message`);
  assert.ok(logs.raw.every((line) => line.length < 4096), 'no log line carries the whole message');
  assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 2);
}
