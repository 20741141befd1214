/**
 * The self-telemetry HTTP server: /metrics (Prometheus text), /healthz (alive), /readyz (200 once
 * every pipeline has started and the receiver's first list completed, 503 before and while stopping),
 * and with a status board the status page: / (HTML) and /status.json (docs/status-page.md).
 * Read-only: anything but GET and HEAD is answered 405.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Metrics } from './metrics.ts';
import type { StatusBoard } from './status/status-board.ts';
import { STATUS_PAGE_HTML } from './status/status-page.ts';

/** The page runs its own inline script and style, talks only to this origin, and is never framed. */
const PAGE_HEADERS = {
  'content-type': 'text/html; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
  'content-security-policy': "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'",
};
const JSON_HEADERS = { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };

export interface TelemetryServer {
  /** host:port actually bound (port 0 resolved). */
  readonly address: string;
  close(): Promise<void>;
}

export async function startTelemetryServer(address: string, metrics: Metrics, isReady: () => boolean, status?: StatusBoard): Promise<TelemetryServer> {
  const { host, port } = splitAddress(address);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      res.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (path === '/healthz') {
      res.writeHead(200, { 'content-type': 'text/plain' }).end('ok\n');
    } else if (path === '/readyz') {
      const ready = isReady();
      res.writeHead(ready ? 200 : 503, { 'content-type': 'text/plain' }).end(ready ? 'ready\n' : 'not ready\n');
    } else if (path === '/metrics') {
      metrics.registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`metrics failed: ${String(err)}\n`),
      );
    } else if (status !== undefined && path === '/') {
      res.writeHead(200, PAGE_HEADERS).end(STATUS_PAGE_HTML);
    } else if (status !== undefined && path === '/status.json') {
      status.snapshot(isReady()).then(
        (snapshot) => res.writeHead(200, JSON_HEADERS).end(JSON.stringify(snapshot)),
        (err: unknown) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`status failed: ${String(err)}\n`),
      );
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end(`not found: try ${status ? '/ (status page), /status.json, ' : ''}/metrics, /healthz or /readyz\n`);
    }
  });
  server.keepAliveTimeout = 5000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const bound = server.address() as AddressInfo;
  const shownHost = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  let closing: Promise<void> | undefined;
  return {
    address: `${shownHost}:${bound.port}`,
    close() {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}

function splitAddress(address: string): { host: string; port: number } {
  const at = address.lastIndexOf(':');
  const host = address.slice(0, at).replace(/^\[|\]$/g, '');
  return { host: host === '' ? '0.0.0.0' : host, port: Number(address.slice(at + 1)) };
}
