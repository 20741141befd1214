/**
 * otlp_http against a real OTLP/HTTP endpoint in this process, which decodes every request with
 * the official OTLP .proto files and checks every record, field by field.
 *
 * The outage test keeps the endpoint down for 3 s with retries every 50-200 ms: an outage that
 * spans ~20 attempts, the same situation as a one-minute outage under the default 1 s-30 s
 * schedule, without a minute of wall time.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { otlpHttpExporterFactory } from '../src/exporters/otlp-http/factory.ts';
import { fanout } from '../src/pipeline/fanout.ts';
import { makeRecords, OTHER_RESOURCE } from './fixtures/otlp/records.ts';
import { OtlpHttpTestEndpoint, tlsFile } from './support/otlp-endpoint.ts';
import { assertExactlyOnce, FAST_RETRY, sendAndCheck, startExporter } from './support/otlp-exporter-harness.ts';
import { uidOf } from './support/otlp-decode.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));


describe('otlp_http', () => {
  for (const encoding of ['proto', 'json'] as const) {
    for (const compression of ['gzip', 'zstd', 'none'] as const) {
      it(`${encoding} encoding, compression ${compression}: every record arrives with every field`, async () => {
        const endpoint = await OtlpHttpTestEndpoint.start();
        const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, encoding, compression });
        const sent = [...makeRecords(120, { prefix: 'a' }), ...makeRecords(5, { prefix: 'b', resource: OTHER_RESOURCE })];
        await exporter.consume(sent.slice(0, 60));
        await exporter.consume(sent.slice(60));
        await endpoint.waitForRecords(sent.length);
        await exporter.shutdown();
        await endpoint.close();
        assertExactlyOnce(endpoint, sent);
        for (const request of endpoint.requests) {
          assert.equal(request.encoding, encoding);
          assert.equal(request.compressed, compression !== 'none');
          assert.equal(request.headers['content-encoding'], compression === 'none' ? undefined : compression);
          assert.match(request.headers['user-agent'], /^tracecore\//);
        }
        assert.equal(await metric('tracecore_exporter_sent_records_total'), sent.length);
        assert.ok((await metric('tracecore_exporter_sent_bytes_total')) > 0);
      });
    }
  }

  it('endpoint down for a long outage, then back: every record arrives exactly once', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
    const sent = makeRecords(600, { prefix: 'outage' });
    await exporter.consume(sent.slice(0, 50));
    await endpoint.waitForRecords(50);
    await endpoint.down();
    for (let i = 1; i < 12; i++) {
      await exporter.consume(sent.slice(i * 50, (i + 1) * 50)); // accepted into the queue while the endpoint is down
      await sleep(250);
    }
    assert.ok((await metric('tracecore_exporter_queue_size')) > 0, 'records wait in the queue during the outage');
    await endpoint.up();
    await endpoint.waitForRecords(sent.length);
    await exporter.shutdown();
    await endpoint.close();
    assertExactlyOnce(endpoint, sent);
    assert.ok((await metric('tracecore_exporter_retried_records_total')) > 0);
    assert.ok((await metric('tracecore_exporter_send_failed_records_total')) > 0);
    for (const reason of ['permanent', 'max_elapsed', 'queue_full', 'shutdown']) assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason }), 0, reason);
    assert.equal(await metric('tracecore_exporter_queue_size'), 0);
  });

  it('429 with Retry-After: 3 is waited out, then the batch arrives once', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    const { exporter } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
    endpoint.failNext(1, { kind: 'throttled', retryAfterSeconds: 3 });
    const sent = makeRecords(10, { prefix: 'throttled' });
    await exporter.consume(sent);
    await endpoint.waitForRecords(sent.length);
    await exporter.shutdown();
    await endpoint.close();
    assert.deepEqual(endpoint.requests.map((r) => r.answer), ['throttled', 'ok']);
    const waited = endpoint.requests[1].at - endpoint.requests[0].at;
    assert.ok(waited >= 2900, `the retry came ${waited} ms after the 429, not after the 3 s asked for (the backoff alone is 50 ms)`);
    assertExactlyOnce(endpoint, sent);
  });

  it("a 400 drops that batch only, counts it, and logs once per interval with the endpoint's message", async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.rejectWhen((records) => (records.some((r) => uidOf(r).startsWith('bad')) ? { kind: 'invalid', message: 'log record 3: attribute event.uid is not valid UTF-8 (test)' } : undefined));
    const { exporter, metric, logs } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
    const good = [...makeRecords(20, { prefix: 'good' }), ...makeRecords(20, { prefix: 'fine' })];
    await exporter.consume(good.slice(0, 20));
    await exporter.consume(makeRecords(7, { prefix: 'bad' }));
    await exporter.consume(makeRecords(5, { prefix: 'bad-again' }));
    await exporter.consume(good.slice(20));
    await endpoint.waitForRecords(good.length);
    await exporter.shutdown();
    await endpoint.close();
    assertExactlyOnce(endpoint, good);
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 12);
    assert.equal(endpoint.requests.length, 4, 'a permanent error is not retried');
    const errors = logs.lines.filter((l) => l.level === 'error');
    assert.equal(errors.length, 1, 'two rejected batches in one interval: one log line');
    assert.equal(errors[0].error, 'log record 3: attribute event.uid is not valid UTF-8 (test)');
    assert.equal(errors[0].code, 'http_400');
    assert.equal(errors[0].records, 7);
  });

  it('413: the batch is split until the halves are small enough; every record arrives once', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.rejectWhen((records) => (records.length > 4 ? { kind: 'too_large' } : undefined));
    const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
    const sent = makeRecords(19, { prefix: 'big' });
    await sendAndCheck(exporter, endpoint, sent);
    assert.ok(endpoint.requests.filter((r) => r.answer === 'ok').every((r) => r.records.length <= 4));
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 0);
  });

  for (const encoding of ['proto', 'json'] as const) {
    it(`413 with ${encoding}, zstd and two resources: the queued (encoded, compressed) batch is split on its bytes; every record arrives once, every field intact`, async () => {
      const endpoint = await OtlpHttpTestEndpoint.start();
      endpoint.rejectWhen((records) => (records.length > 3 ? { kind: 'too_large' } : undefined));
      const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, encoding, compression: 'zstd', retry: FAST_RETRY });
      const sent = [...makeRecords(7, { prefix: 'x' }), ...makeRecords(6, { prefix: 'y', resource: OTHER_RESOURCE })];
      await sendAndCheck(exporter, endpoint, sent);
      assert.ok(endpoint.requests.filter((r) => r.answer === 'ok').every((r) => r.records.length <= 3));
      assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 0);
    });
  }

  it('partial success: the records the endpoint rejected are counted as dropped', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.failNext(1, { kind: 'partial', rejected: 3, message: '3 records too old (test)' });
    const { exporter, metric, logs } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, encoding: 'json' });
    await exporter.consume(makeRecords(10));
    await endpoint.waitForRequests(1);
    await exporter.shutdown();
    await endpoint.close();
    assert.equal(await metric('tracecore_exporter_sent_records_total'), 7);
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 3);
    assert.ok(logs.lines.some((l) => l.level === 'warn' && l.error === '3 records too old (test)'));
  });

  it('gives up after max_elapsed and says so: dropped{max_elapsed}', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    const { exporter, metric, logs } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: { ...FAST_RETRY, max_elapsed: '400ms' } });
    await exporter.consume(makeRecords(4));
    const deadline = Date.now() + 5000;
    while ((await metric('tracecore_exporter_dropped_records_total', { reason: 'max_elapsed' })) === 0 && Date.now() < deadline) await sleep(50);
    await exporter.shutdown();
    await endpoint.close();
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'max_elapsed' }), 4);
    assert.ok(logs.lines.some((l) => l.level === 'error' && /max_elapsed/.test(l.msg)));
  });

  it('sends the configured headers and never logs their values', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    endpoint.failNext(2, { kind: 'status', status: 401, message: 'bad token (test)' });
    const { exporter, logs } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, headers: { authorization: 'Bearer s3cr3t-t0ken', 'X-Scope-OrgID': 'team-a' }, retry: FAST_RETRY });
    await exporter.consume(makeRecords(2, { prefix: 'h1' }));
    await exporter.consume(makeRecords(2, { prefix: 'h2' }));
    await exporter.consume(makeRecords(2, { prefix: 'h3' }));
    await endpoint.waitForRecords(2);
    await exporter.shutdown();
    await endpoint.close();
    assert.equal(endpoint.requests[0].headers.authorization, 'Bearer s3cr3t-t0ken');
    assert.equal(endpoint.requests[0].headers['x-scope-orgid'], 'team-a');
    assert.ok(logs.raw.length > 0);
    assert.ok(!logs.raw.some((line) => line.includes('s3cr3t')), 'a header value appeared in the logs');
    assert.ok(logs.lines.some((l) => Array.isArray(l.headers) && l.headers.includes('authorization')), 'header names are logged (at debug)');
  });

  it('HTTPS with a CA file and a client certificate (mutual TLS)', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start({ tls: true, requireClientCert: true });
    const tls = { ca_file: tlsFile('ca.pem'), cert_file: tlsFile('client.pem'), key_file: tlsFile('client-key.pem') };
    const { exporter } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, tls });
    const sent = makeRecords(5, { prefix: 'tls' });
    await sendAndCheck(exporter, endpoint, sent);
  });

  it('insecure_skip_verify accepts an unknown certificate and warns once at start', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start({ tls: true });
    const { exporter, logs } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, tls: { insecure_skip_verify: true } });
    await exporter.consume(makeRecords(3));
    await endpoint.waitForRecords(3);
    await exporter.shutdown();
    await endpoint.close();
    assert.equal(logs.lines.filter((l) => l.level === 'warn' && /insecure_skip_verify/.test(l.msg)).length, 1);
  });

  it('an unknown certificate without insecure_skip_verify is retried, never sent in the clear', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start({ tls: true });
    const { exporter, metric } = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY });
    await exporter.consume(makeRecords(3));
    await sleep(300);
    await exporter.shutdown(AbortSignal.timeout(100));
    await endpoint.close();
    assert.equal(endpoint.requests.length, 0);
    assert.ok((await metric('tracecore_exporter_send_failed_records_total')) >= 3);
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'shutdown' }), 3, 'in memory, what is left when the budget is spent is counted');
  });

  it('when_full: drop counts what does not fit; block makes consume wait until there is room', async () => {
    const endpoint = await OtlpHttpTestEndpoint.start();
    await endpoint.down();
    const dropping = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { size: 10, when_full: 'drop' } }, 'otlp_http/drop');
    const blocking = await startExporter(otlpHttpExporterFactory, { endpoint: endpoint.url, retry: FAST_RETRY, queue: { size: 10 } }, 'otlp_http/block');
    const sent = makeRecords(15, { prefix: 'full' });
    for (const batch of [sent.slice(0, 5), sent.slice(5, 10), sent.slice(10)]) await dropping.exporter.consume(batch);
    assert.equal(await dropping.metric('tracecore_exporter_dropped_records_total', { reason: 'queue_full' }), 5);
    await blocking.exporter.consume(sent.slice(0, 5));
    await blocking.exporter.consume(sent.slice(5, 10));
    let third = false;
    const waiting = blocking.exporter.consume(sent.slice(10)).then(() => (third = true));
    await sleep(200);
    assert.equal(third, false, 'a full queue makes consume wait');
    assert.equal(await blocking.metric('tracecore_exporter_queue_capacity'), 10);
    await endpoint.up();
    await waiting;
    await endpoint.waitForRecords(10 + 15);
    await Promise.all([dropping.exporter.shutdown(), blocking.exporter.shutdown()]);
    await endpoint.close();
    assert.equal(await blocking.metric('tracecore_exporter_dropped_records_total', { reason: 'queue_full' }), 0);
  });

  it('one exporter per endpoint, each with its own queue: a dead endpoint does not stall a healthy one', async () => {
    const dead = await OtlpHttpTestEndpoint.start();
    await dead.down();
    const healthy = await OtlpHttpTestEndpoint.start();
    const a = await startExporter(otlpHttpExporterFactory, { endpoint: dead.url, retry: FAST_RETRY }, 'otlp_http/dead');
    const b = await startExporter(otlpHttpExporterFactory, { endpoint: healthy.url, retry: FAST_RETRY }, 'otlp_http/healthy');
    const pipeline = fanout([a.exporter, b.exporter]);
    const sent = makeRecords(200, { prefix: 'fan' });
    for (let i = 0; i < 200; i += 20) await pipeline.consume(sent.slice(i, i + 20));
    await healthy.waitForRecords(sent.length);
    assert.equal(await a.metric('tracecore_exporter_queue_size'), 200, "the dead endpoint's records wait in its own queue");
    await dead.up();
    await dead.waitForRecords(sent.length);
    await Promise.all([a.exporter.shutdown(), b.exporter.shutdown()]);
    await Promise.all([dead.close(), healthy.close()]);
    assertExactlyOnce(healthy, sent);
    assertExactlyOnce(dead, sent);
  });
});
