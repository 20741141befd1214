/**
 * A real HTTP(S) webhook receiver on loopback for the webhook exporter tests: keeps every request
 * (headers, parsed JSON body) it answered 2xx, and answers scripted failures first (a 429 with
 * Retry-After, a 500 outage).
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface ReceivedPost {
  readonly headers: IncomingHttpHeaders;
  readonly body: unknown;
  readonly at: number;
}

export interface ScriptedAnswer {
  readonly status: number;
  readonly headers?: { [name: string]: string };
  readonly body?: string;
}

const TLS_DIR = join(import.meta.dirname, '../fixtures/otlp/tls');

export class WebhookEndpoint {
  readonly url: string;
  /** Requests answered 2xx, in order. */
  readonly accepted: ReceivedPost[] = [];
  /** Every request with its status. */
  readonly answered: Array<{ status: number; at: number }> = [];
  private readonly server: Server;
  private readonly script: ScriptedAnswer[] = [];
  private failing: ScriptedAnswer | undefined;

  private constructor(server: Server, url: string) {
    this.server = server;
    this.url = url;
    server.on('request', (req: IncomingMessage, res: ServerResponse) => void this.onRequest(req, res));
  }

  static async start(options: { tls?: boolean; path?: string } = {}): Promise<WebhookEndpoint> {
    const server = options.tls
      ? createHttpsServer({ key: readFileSync(join(TLS_DIR, 'server-key.pem')), cert: readFileSync(join(TLS_DIR, 'server.pem')) })
      : createHttpServer();
    await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
    const { port } = server.address() as AddressInfo;
    return new WebhookEndpoint(server, `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}${options.path ?? '/hook'}`);
  }

  static caFile(): string {
    return join(TLS_DIR, 'ca.pem');
  }

  /** The next requests get these answers, in order. */
  answerNext(...answers: ScriptedAnswer[]): void {
    this.script.push(...answers);
  }

  /** Every request gets `answer` until fail(undefined). */
  fail(answer: ScriptedAnswer | undefined): void {
    this.failing = answer;
  }

  close(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  private async onRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const answer = this.script.shift() ?? this.failing;
    const at = Date.now();
    if (answer !== undefined) {
      this.answered.push({ status: answer.status, at });
      res.writeHead(answer.status, answer.headers).end(answer.body ?? '');
      return;
    }
    this.accepted.push({ headers: req.headers, body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown, at });
    this.answered.push({ status: 200, at });
    res.writeHead(200, { 'content-type': 'text/plain' }).end('ok');
  }
}
