/**
 * otlp_grpc against a real OTLP/gRPC endpoint in this process (@grpc/grpc-js server decoding
 * every request with the official OTLP .proto files), in plain text and with TLS.
 */
import assert from 'node:assert/strict';
import { connect, createServer, type AddressInfo, type Socket } from 'node:net';
import { describe, it } from 'node:test';
import { otlpGrpcExporterFactory } from '../src/exporters/otlp-grpc/factory.ts';
import { makeRecords, OTHER_RESOURCE } from './fixtures/otlp/records.ts';
import { uidOf } from './support/otlp-decode.ts';
import { OtlpGrpcTestEndpoint, tlsFile } from './support/otlp-endpoint.ts';
import { assertExactlyOnce, FAST_RETRY, sendAndCheck, startExporter } from './support/otlp-exporter-harness.ts';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP relay to the endpoint that counts the bytes the client sends: what is on the wire. */
async function countingProxy(targetPort: number): Promise<{ port: number; close(): Promise<number> }> {
  let bytes = 0;
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('error', () => s.destroy());
      s.on('close', () => sockets.delete(s));
    }
    client.on('data', (chunk: Buffer) => (bytes += chunk.length));
    client.pipe(upstream).pipe(client);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as AddressInfo).port,
    close: () =>
      new Promise<number>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve(bytes));
      }),
  };
}


describe('otlp_grpc', () => {
  it('plain text, with and without gzip: every record arrives with every field, headers as metadata', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start();
    const wireBytes: { [compression: string]: number } = {};
    for (const compression of ['gzip', 'none'] as const) {
      const proxy = await countingProxy(endpoint.port);
      const { exporter, metric, logs } = await startExporter(otlpGrpcExporterFactory, { endpoint: `http://127.0.0.1:${proxy.port}`, compression, headers: { authorization: 'Bearer grpc-s3cret' } });
      const sent = [...makeRecords(150, { prefix: compression }), ...makeRecords(3, { prefix: `${compression}-other`, resource: OTHER_RESOURCE })];
      endpoint.records.length = 0;
      await exporter.consume(sent.slice(0, 100));
      await exporter.consume(sent.slice(100));
      await endpoint.waitForRecords(sent.length);
      await exporter.shutdown();
      wireBytes[compression] = await proxy.close();
      assertExactlyOnce(endpoint, sent);
      assert.equal(await metric('tracecore_exporter_sent_records_total'), sent.length);
      assert.ok(!logs.raw.some((line) => line.includes('grpc-s3cret')));
    }
    await endpoint.close();
    assert.ok(endpoint.requests.every((r) => r.headers.authorization === 'Bearer grpc-s3cret'));
    assert.ok(wireBytes.gzip * 3 < wireBytes.none, `gzip sent ${wireBytes.gzip} bytes, no compression ${wireBytes.none}`);
  });

  it('TLS with a CA file', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start({ tls: true });
    const { exporter } = await startExporter(otlpGrpcExporterFactory, { endpoint: endpoint.address, tls: { ca_file: tlsFile('ca.pem') } });
    const sent = makeRecords(20, { prefix: 'tls' });
    await sendAndCheck(exporter, endpoint, sent);
  });

  it('mutual TLS with a client certificate', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start({ tls: true, requireClientCert: true });
    const tls = { ca_file: tlsFile('ca.pem'), cert_file: tlsFile('client.pem'), key_file: tlsFile('client-key.pem') };
    const { exporter } = await startExporter(otlpGrpcExporterFactory, { endpoint: `https://${endpoint.address}`, tls });
    const sent = makeRecords(20, { prefix: 'mtls' });
    await sendAndCheck(exporter, endpoint, sent);
  });

  it('a plain-text client never talks to a TLS endpoint: retried, not dropped', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start({ tls: true });
    const { exporter, metric } = await startExporter(otlpGrpcExporterFactory, { endpoint: endpoint.address, tls: { insecure: true }, retry: FAST_RETRY });
    await exporter.consume(makeRecords(2));
    await sleep(300);
    await exporter.shutdown(AbortSignal.timeout(100));
    await endpoint.close();
    assert.equal(endpoint.requests.length, 0);
    assert.ok((await metric('tracecore_exporter_retried_records_total')) > 0);
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 0);
  });

  it('endpoint down (UNAVAILABLE) for a long outage, then back: every record arrives exactly once', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start();
    const { exporter, metric } = await startExporter(otlpGrpcExporterFactory, { endpoint: endpoint.address, tls: { insecure: true }, retry: FAST_RETRY });
    const sent = makeRecords(400, { prefix: 'outage' });
    await exporter.consume(sent.slice(0, 40));
    await endpoint.waitForRecords(40);
    await endpoint.down();
    for (let i = 1; i < 10; i++) {
      await exporter.consume(sent.slice(i * 40, (i + 1) * 40));
      await sleep(200);
    }
    await endpoint.up();
    await endpoint.waitForRecords(sent.length);
    await exporter.shutdown();
    await endpoint.close();
    assertExactlyOnce(endpoint, sent);
    assert.ok((await metric('tracecore_exporter_retried_records_total')) > 0);
  });

  it('RESOURCE_EXHAUSTED with RetryInfo is retried after the delay the server asked for', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start();
    endpoint.failNext(1, { kind: 'throttled', retryAfterSeconds: 1 });
    const { exporter } = await startExporter(otlpGrpcExporterFactory, { endpoint: endpoint.address, tls: { insecure: true }, retry: FAST_RETRY });
    const sent = makeRecords(5, { prefix: 'quota' });
    await exporter.consume(sent);
    await endpoint.waitForRecords(sent.length);
    await exporter.shutdown();
    await endpoint.close();
    assert.deepEqual(endpoint.requests.map((r) => r.answer), ['throttled', 'ok']);
    const waited = endpoint.requests[1].at - endpoint.requests[0].at;
    assert.ok(waited >= 900, `retried after ${waited} ms, not after the 1 s of RetryInfo`);
    assertExactlyOnce(endpoint, sent);
  });

  it('RESOURCE_EXHAUSTED without RetryInfo and INVALID_ARGUMENT drop that batch only, counted and logged', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start();
    endpoint.rejectWhen((records) => (records.some((r) => uidOf(r).startsWith('bad')) ? { kind: 'invalid', message: 'unknown severity (test)' } : undefined));
    endpoint.failNext(1, { kind: 'throttled' });
    const { exporter, metric, logs } = await startExporter(otlpGrpcExporterFactory, { endpoint: endpoint.address, tls: { insecure: true }, retry: FAST_RETRY });
    const good = makeRecords(6, { prefix: 'good' });
    await exporter.consume(makeRecords(2, { prefix: 'throttled' }));
    await exporter.consume(makeRecords(3, { prefix: 'bad' }));
    await sendAndCheck(exporter, endpoint, good);
    assert.equal(await metric('tracecore_exporter_dropped_records_total', { reason: 'permanent' }), 5);
    const errors = logs.lines.filter((l) => l.level === 'error');
    assert.deepEqual(errors.map((l) => l.code).sort(), ['grpc_INVALID_ARGUMENT', 'grpc_RESOURCE_EXHAUSTED']);
    assert.ok(errors.some((l) => l.error === 'unknown severity (test)'));
  });

  it('a message over the server limit is split until the halves fit', async () => {
    const endpoint = await OtlpGrpcTestEndpoint.start();
    endpoint.rejectWhen((records) => (records.length > 3 ? { kind: 'too_large' } : undefined));
    const { exporter } = await startExporter(otlpGrpcExporterFactory, { endpoint: endpoint.address, tls: { insecure: true } });
    const sent = makeRecords(10, { prefix: 'split' });
    await sendAndCheck(exporter, endpoint, sent);
  });
});
