/**
 * The loopback OTLP/HTTP endpoint of the end-to-end bench: accepts POST /v1/logs (protobuf, gzip
 * or not), counts the bytes on the wire and the LogRecords in each request, and answers 200 with
 * an empty ExportLogsServiceResponse. It lives in the bench process, not in the agent's.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { promisify } from 'node:util';
import { gunzip } from 'node:zlib';
import { countLogRecords } from './otlp-scan.ts';

const gunzipAsync = promisify(gunzip);

export class CountingEndpoint {
  readonly url: string;
  /** LogRecords received (a record sent twice counts twice). */
  records = 0;
  requests = 0;
  /** Request body bytes as sent (compressed). */
  wireBytes = 0;
  /** Request body bytes after decompression. */
  rawBytes = 0;
  /** The event.uid of every record, in arrival order, when started with collectUids. */
  readonly uids: string[] | undefined;
  /** The first request body, decompressed (for a full decode check). */
  firstBody: Uint8Array | undefined;
  errors: string[] = [];
  private readonly server: Server;
  private waiters: Array<{ count: number; resolve: () => void }> = [];

  private constructor(server: Server, url: string, collectUids: boolean) {
    this.server = server;
    this.url = url;
    this.uids = collectUids ? [] : undefined;
  }

  static async start(options: { collectUids?: boolean } = {}): Promise<CountingEndpoint> {
    const server = createServer();
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = server.address() as AddressInfo;
    const endpoint = new CountingEndpoint(server, `http://127.0.0.1:${port}`, options.collectUids === true);
    server.on('request', (req: IncomingMessage, res: ServerResponse) => endpoint.onRequest(req, res));
    return endpoint;
  }

  /** Forgets everything counted so far. */
  reset(): void {
    this.records = 0;
    this.requests = 0;
    this.wireBytes = 0;
    this.rawBytes = 0;
    this.uids?.splice(0);
    this.firstBody = undefined;
    this.errors = [];
  }

  /** Resolves once at least `count` records have been counted. */
  whenRecords(count: number): Promise<void> {
    if (this.records >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (req.method !== 'POST' || !req.url?.endsWith('/v1/logs')) {
      req.resume();
      res.writeHead(404).end();
      return;
    }
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      this.handle(body, req.headers['content-encoding'] === 'gzip').then(
        () => {
          res.writeHead(200, { 'content-type': 'application/x-protobuf', 'content-length': 0 });
          res.end();
        },
        (err: unknown) => {
          this.errors.push(err instanceof Error ? err.message : String(err));
          res.writeHead(400, { 'content-type': 'text/plain' });
          res.end('undecodable request');
        },
      );
    });
  }

  private async handle(body: Buffer, gzipped: boolean): Promise<void> {
    const raw = gzipped ? await gunzipAsync(body) : body;
    const records = countLogRecords(raw, this.uids);
    this.firstBody ??= raw;
    this.requests++;
    this.wireBytes += body.length;
    this.rawBytes += raw.length;
    this.records += records;
    if (this.waiters.length > 0) {
      const due = this.waiters.filter((w) => this.records >= w.count);
      this.waiters = this.waiters.filter((w) => this.records < w.count);
      for (const w of due) w.resolve();
    }
  }
}
