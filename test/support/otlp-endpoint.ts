/**
 * A real OTLP endpoint inside the test process: OTLP/HTTP (/v1/logs, protobuf or JSON, gzip,
 * optionally HTTPS with client certificates) or OTLP/gRPC (plain text or TLS). Every request is
 * decoded with protobufjs and the official OTLP .proto files (test/support/otlp-decode.ts) and its
 * records kept, in arrival order, for the test to check one by one.
 *
 * Fault controls: down() / up() (connections refused, same port afterwards), failNext(n, fault),
 * rejectWhen(predicate) for batches that must be answered with a given fault, and a response delay.
 * Faults are protocol-neutral and map to HTTP statuses or gRPC codes:
 *
 *   unavailable -> 503 / UNAVAILABLE              throttled -> 429 + Retry-After / RESOURCE_EXHAUSTED + RetryInfo
 *   invalid     -> 400 + Status / INVALID_ARGUMENT too_large -> 413 / RESOURCE_EXHAUSTED "larger than max"
 *   partial     -> 200 with partial_success        status    -> any HTTP status (HTTP only)
 *
 * Hostile answers (a broken or malicious endpoint; the batch counts as accepted when the status is 2xx):
 *   huge_body   -> that status with a body of `bytes`, streamed / a response message of `bytes` (gRPC)
 *   slow_body   -> 200 whose body trickles at `bytesPerSecond` (HTTP only; gRPC answers OK after `delayMs`)
 * A huge partial-success message is `partial` with a long `message`.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server as HttpServer, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { gunzipSync, zstdDecompressSync } from 'node:zlib';
import { writePaced } from '../../src/sandbox/paced-writer.ts';
import * as grpc from '@grpc/grpc-js';
import type { Record } from '../../src/model/record.ts';
import { ExportLogsServiceResponse, RetryInfo, RpcStatus, decodeRequestJson, decodeRequestProto, expectedFlat, flatten, uidOf, type FlatLogRecord } from './otlp-decode.ts';

export const TLS_DIR = new URL('../fixtures/otlp/tls/', import.meta.url);
export const tlsFile = (name: string): string => new URL(name, TLS_DIR).pathname;

export type Fault =
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'throttled'; readonly retryAfterSeconds?: number }
  | { readonly kind: 'invalid'; readonly message: string }
  | { readonly kind: 'too_large' }
  | { readonly kind: 'partial'; readonly rejected: number; readonly message: string }
  | { readonly kind: 'status'; readonly status: number; readonly message?: string }
  | { readonly kind: 'huge_body'; readonly status: number; readonly bytes: number }
  | { readonly kind: 'slow_body'; readonly bytesPerSecond: number; readonly bytes: number };

/** One request as the endpoint saw it. */
export interface ReceivedRequest {
  /** Date.now() when the request was decoded. */
  readonly at: number;
  readonly encoding: 'proto' | 'json';
  readonly compressed: boolean;
  readonly headers: { readonly [name: string]: string };
  readonly records: readonly FlatLogRecord[];
  /** What was answered: 'ok' or the fault's kind. */
  readonly answer: string;
}

type Rule = (records: readonly FlatLogRecord[]) => Fault | undefined;

export interface EndpointOptions {
  /** HTTPS / gRPC with TLS, server certificate from test/fixtures/otlp/tls. */
  readonly tls?: boolean;
  /** Require a client certificate signed by the test CA. */
  readonly requireClientCert?: boolean;
}

abstract class OtlpTestEndpoint {
  /** Every record accepted, in arrival order (a record sent twice appears twice). */
  readonly records: FlatLogRecord[] = [];
  readonly requests: ReceivedRequest[] = [];
  /** Milliseconds to wait before answering. */
  delayMs = 0;
  /** The port listened on (kept across down() / up()). */
  port = 0;
  protected isDown = false;
  private readonly nextFaults: Fault[] = [];
  private readonly rules: Rule[] = [];
  private readonly waiters = new Set<() => void>();

  /** Answer the next `count` requests with `fault` (they are decoded and recorded in `requests`, not in `records`). */
  failNext(count: number, fault: Fault): void {
    for (let i = 0; i < count; i++) this.nextFaults.push(fault);
  }

  /** Answer every batch for which `rule` returns a fault with that fault. */
  rejectWhen(rule: Rule): void {
    this.rules.push(rule);
  }

  /** Resolves once `predicate` holds (checked after every request); rejects after `timeoutMs`. */
  waitFor(predicate: () => boolean, what: string, timeoutMs = 8000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (!predicate()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}; the endpoint has ${this.records.length} records from ${this.requests.length} requests`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  waitForRecords(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.records.length >= count, `${count} records`, timeoutMs);
  }

  waitForRequests(count: number, timeoutMs?: number): Promise<void> {
    return this.waitFor(() => this.requests.length >= count, `${count} requests`, timeoutMs);
  }

  /** Refuses connections until up(): the listening socket is closed and open connections dropped. */
  async down(): Promise<void> {
    if (this.isDown) return;
    this.isDown = true;
    await this.stopListening();
  }

  /** Listens again, on the same port. */
  async up(): Promise<void> {
    if (!this.isDown) return;
    await this.listen(this.port);
    this.isDown = false;
  }

  abstract close(): Promise<void>;
  protected abstract stopListening(): Promise<void>;
  protected abstract listen(port: number): Promise<void>;

  /** Decides the answer to a decoded batch and records it. */
  protected handle(records: FlatLogRecord[], meta: Omit<ReceivedRequest, 'records' | 'answer' | 'at'>): Fault | undefined {
    const fault = this.nextFaults.shift() ?? this.rules.map((rule) => rule(records)).find((f) => f !== undefined);
    if (fault === undefined || fault.kind === 'partial' || fault.kind === 'slow_body' || (fault.kind === 'huge_body' && fault.status < 300)) this.records.push(...records);
    this.requests.push({ ...meta, at: Date.now(), records, answer: fault?.kind ?? 'ok' });
    for (const waiter of [...this.waiters]) waiter();
    return fault;
  }

  protected delay(): Promise<void> {
    return this.delayMs > 0 ? new Promise((resolve) => setTimeout(resolve, this.delayMs)) : Promise.resolve();
  }
}

export class OtlpHttpTestEndpoint extends OtlpTestEndpoint {
  private server: HttpServer;
  private readonly options: EndpointOptions;

  private constructor(options: EndpointOptions) {
    super();
    this.options = options;
    this.server = this.createServer();
  }

  static async start(options: EndpointOptions = {}): Promise<OtlpHttpTestEndpoint> {
    const endpoint = new OtlpHttpTestEndpoint(options);
    await endpoint.listen(0);
    return endpoint;
  }

  /** Base URL for the exporter's `endpoint` (without /v1/logs). */
  get url(): string {
    return `${this.options.tls ? 'https' : 'http'}://127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    this.isDown = true;
    await this.stopListening();
  }

  protected async listen(port: number): Promise<void> {
    this.server = this.createServer();
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(port, '127.0.0.1', () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.port = (this.server.address() as AddressInfo).port;
  }

  protected stopListening(): Promise<void> {
    const server = this.server;
    return new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeIdleConnections();
      setImmediate(() => server.closeAllConnections());
    });
  }

  private createServer(): HttpServer {
    const handler = (req: IncomingMessage, res: ServerResponse) => {
      this.onRequest(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' }).end(`test endpoint failed: ${String(error)}`);
      });
    };
    if (!this.options.tls) return createHttpServer(handler);
    return createHttpsServer(
      {
        cert: readFileSync(tlsFile('server.pem')),
        key: readFileSync(tlsFile('server-key.pem')),
        ca: readFileSync(tlsFile('ca.pem')),
        requestCert: this.options.requireClientCert === true,
        rejectUnauthorized: this.options.requireClientCert === true,
      },
      handler,
    );
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    if (this.isDown) {
      req.socket.destroy(); // went down while the request was arriving: nothing recorded, no answer
      return;
    }
    if (req.method !== 'POST' || req.url !== '/v1/logs') {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`no route for ${req.method} ${req.url}`);
      return;
    }
    const contentEncoding = req.headers['content-encoding'];
    const compressed = contentEncoding === 'gzip' || contentEncoding === 'zstd';
    const raw = Buffer.concat(chunks);
    const body = contentEncoding === 'gzip' ? gunzipSync(raw) : contentEncoding === 'zstd' ? zstdDecompressSync(raw) : raw;
    const type = req.headers['content-type'];
    const encoding = type === 'application/json' ? 'json' : 'proto';
    if (type !== 'application/json' && type !== 'application/x-protobuf') {
      res.writeHead(415, { 'content-type': 'text/plain' }).end(`unsupported content-type ${String(type)}`);
      return;
    }
    const records = flatten(encoding === 'json' ? decodeRequestJson(body.toString('utf8')) : decodeRequestProto(body));
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    await this.delay();
    const fault = this.handle(records, { encoding, compressed, headers });
    if (fault?.kind === 'huge_body' || fault?.kind === 'slow_body') {
      res.writeHead(fault.kind === 'huge_body' ? fault.status : 200, { 'content-type': 'text/plain' });
      writePaced(res, [fault.bytes], fault.kind === 'slow_body' ? fault.bytesPerSecond : undefined);
      return;
    }
    const answer = httpAnswer(fault, encoding);
    res.writeHead(answer.status, { 'content-type': type, ...answer.headers }).end(answer.body);
  }
}

function httpAnswer(fault: Fault | undefined, encoding: 'proto' | 'json'): { status: number; headers: { [k: string]: string }; body: Buffer | string } {
  const status = (code: number, message: string) => (encoding === 'json' ? JSON.stringify({ code, message }) : Buffer.from(RpcStatus.encode({ code, message }).finish()));
  const ok = (rejected = 0, message = '') => {
    const partial = rejected > 0 || message ? { partialSuccess: { rejectedLogRecords: rejected, errorMessage: message } } : {};
    return encoding === 'json' ? JSON.stringify(partial) : Buffer.from(ExportLogsServiceResponse.encode(ExportLogsServiceResponse.fromObject(partial)).finish());
  };
  if (fault === undefined) return { status: 200, headers: {}, body: ok() };
  switch (fault.kind) {
    case 'unavailable':
      return { status: 503, headers: {}, body: status(14, 'endpoint unavailable (test)') };
    case 'throttled':
      return { status: 429, headers: fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) }, body: status(8, 'slow down (test)') };
    case 'invalid':
      return { status: 400, headers: {}, body: status(3, fault.message) };
    case 'too_large':
      return { status: 413, headers: {}, body: status(8, 'request entity too large (test)') };
    case 'partial':
      return { status: 200, headers: {}, body: ok(fault.rejected, fault.message) };
    case 'status':
      return { status: fault.status, headers: {}, body: status(2, fault.message ?? `status ${fault.status} (test)`) };
    case 'huge_body':
    case 'slow_body':
      throw new Error(`${fault.kind} is streamed by onRequest`);
  }
}

export class OtlpGrpcTestEndpoint extends OtlpTestEndpoint {
  private server: grpc.Server | undefined;
  private readonly options: EndpointOptions;

  private constructor(options: EndpointOptions) {
    super();
    this.options = options;
  }

  static async start(options: EndpointOptions = {}): Promise<OtlpGrpcTestEndpoint> {
    const endpoint = new OtlpGrpcTestEndpoint(options);
    await endpoint.listen(0);
    return endpoint;
  }

  /** host:port for the exporter's `endpoint`. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async close(): Promise<void> {
    this.isDown = true;
    await this.stopListening();
  }

  protected async listen(port: number): Promise<void> {
    const server = new grpc.Server();
    server.addService(
      {
        Export: {
          path: '/opentelemetry.proto.collector.logs.v1.LogsService/Export',
          requestStream: false,
          responseStream: false,
          requestSerialize: (b: Buffer) => b,
          requestDeserialize: (b: Buffer) => b,
          responseSerialize: (b: Buffer) => b,
          responseDeserialize: (b: Buffer) => b,
        },
      },
      { Export: (call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>) => void this.onExport(call, callback) },
    );
    const credentials = this.options.tls
      ? grpc.ServerCredentials.createSsl(readFileSync(tlsFile('ca.pem')), [{ cert_chain: readFileSync(tlsFile('server.pem')), private_key: readFileSync(tlsFile('server-key.pem')) }], this.options.requireClientCert === true)
      : grpc.ServerCredentials.createInsecure();
    this.port = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${port}`, credentials, (error, bound) => (error ? reject(error) : resolve(bound))));
    this.server = server;
  }

  protected stopListening(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    if (!server) return Promise.resolve();
    return new Promise<void>((resolve) => {
      // Graceful first, so a batch recorded is also answered; then force whatever still hangs on.
      const force = setTimeout(() => {
        server.forceShutdown();
        resolve();
      }, 500);
      server.tryShutdown(() => {
        clearTimeout(force);
        resolve();
      });
    });
  }

  private async onExport(call: grpc.ServerUnaryCall<Buffer, Buffer>, callback: grpc.sendUnaryData<Buffer>): Promise<void> {
    try {
      const records = flatten(decodeRequestProto(call.request));
      const headers = Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)]));
      await this.delay();
      if (this.isDown) return callback({ code: grpc.status.UNAVAILABLE, details: 'going down (test)' });
      const compressed = headers['grpc-encoding'] === 'gzip';
      const fault = this.handle(records, { encoding: 'proto', compressed, headers });
      grpcAnswer(fault, callback);
    } catch (error) {
      callback({ code: grpc.status.INTERNAL, details: `test endpoint failed: ${String(error)}` });
    }
  }
}

function grpcAnswer(fault: Fault | undefined, callback: grpc.sendUnaryData<Buffer>): void {
  const ok = (rejected = 0, message = '') => {
    const partial = rejected > 0 || message ? { partialSuccess: { rejectedLogRecords: rejected, errorMessage: message } } : {};
    return Buffer.from(ExportLogsServiceResponse.encode(ExportLogsServiceResponse.fromObject(partial)).finish());
  };
  if (fault === undefined) return callback(null, ok());
  switch (fault.kind) {
    case 'unavailable':
      return callback({ code: grpc.status.UNAVAILABLE, details: 'endpoint unavailable (test)' });
    case 'throttled': {
      const metadata = new grpc.Metadata();
      if (fault.retryAfterSeconds !== undefined) {
        const retryInfo = RetryInfo.encode({ retryDelay: { seconds: fault.retryAfterSeconds, nanos: 0 } }).finish();
        const details = RpcStatus.encode({ code: grpc.status.RESOURCE_EXHAUSTED, message: 'slow down (test)', details: [{ typeUrl: 'type.googleapis.com/google.rpc.RetryInfo', value: retryInfo }] }).finish();
        metadata.set('grpc-status-details-bin', Buffer.from(details));
      }
      return callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'slow down (test)', metadata });
    }
    case 'invalid':
      return callback({ code: grpc.status.INVALID_ARGUMENT, details: fault.message });
    case 'too_large':
      return callback({ code: grpc.status.RESOURCE_EXHAUSTED, details: 'Received message larger than max (test)' });
    case 'partial':
      return callback(null, ok(fault.rejected, fault.message));
    case 'status':
      return callback({ code: grpc.status.UNKNOWN, details: fault.message ?? `HTTP status ${fault.status} has no gRPC equivalent (test)` });
    case 'huge_body':
      return callback(null, ok(0, 'n'.repeat(fault.bytes)));
    case 'slow_body':
      return callback(null, ok());
  }
}

export interface DeliveryCheck {
  /** uids sent and never received. */
  readonly missing: string[];
  /** uids received more than once. */
  readonly duplicated: string[];
  /** uids received with a field that differs from what was sent. */
  readonly mismatched: string[];
  /** uids received that were never sent. */
  readonly unexpected: string[];
}

/** Compares what the endpoint received with what was sent, record by record, every field. */
export function checkDelivery(received: readonly FlatLogRecord[], sent: readonly Record[], scope: FlatLogRecord['scope']): DeliveryCheck {
  const expected = new Map(sent.map((r) => [r.uid, expectedFlat(r, scope)]));
  const seen = new Map<string, number>();
  const mismatched: string[] = [];
  const unexpected: string[] = [];
  for (const record of received) {
    const uid = uidOf(record);
    seen.set(uid, (seen.get(uid) ?? 0) + 1);
    const want = expected.get(uid);
    if (!want) unexpected.push(uid);
    else if (JSON.stringify(want) !== JSON.stringify(record)) mismatched.push(uid);
  }
  return {
    missing: [...expected.keys()].filter((uid) => !seen.has(uid)),
    duplicated: [...seen].filter(([, n]) => n > 1).map(([uid]) => uid),
    mismatched,
    unexpected,
  };
}
