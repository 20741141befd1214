/**
 * Test-only servers on 127.0.0.1: an HTTPS server using the fixture certificates that answers
 * every request with what it saw (Authorization, the client certificate's CN, impersonation), and
 * an HTTP CONNECT proxy that counts the tunnels it opened.
 */
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingMessage, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/kubeconfig/', import.meta.url));

export function fixture(name: string): string {
  return `${FIXTURES}${name}`;
}

export interface Seen {
  readonly path: string;
  readonly authorization: string | null;
  readonly clientCN: string | null;
  readonly impersonateUser: string | null;
}

export interface RunningServer {
  readonly url: string;
  readonly port: number;
  close(): Promise<void>;
}

/** HTTPS with the fixture server certificate (127.0.0.1, localhost, kubernetes.default.svc); asks for, but does not require, a client certificate from the fixture CA. */
export async function startEchoServer(): Promise<RunningServer> {
  const server = createHttpsServer(
    {
      key: readFileSync(fixture('server-key.pem')),
      cert: readFileSync(fixture('server.pem')),
      ca: readFileSync(fixture('ca.pem')),
      requestCert: true,
      rejectUnauthorized: false,
    },
    (req, res) => {
      const socket = req.socket as TLSSocket;
      const peer = socket.authorized ? socket.getPeerCertificate() : undefined;
      const seen: Seen = {
        path: req.url ?? '',
        authorization: header(req, 'authorization'),
        clientCN: typeof peer?.subject?.CN === 'string' ? peer.subject.CN : null,
        impersonateUser: header(req, 'impersonate-user'),
      };
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(seen));
    },
  );
  return listen(server, 'https');
}

/** An HTTP proxy that only does CONNECT tunnels; `tunnels()` counts them. */
export async function startConnectProxy(): Promise<RunningServer & { tunnels(): number }> {
  let tunnels = 0;
  const sockets = new Set<Socket>();
  const server = createHttpServer((_req, res) => res.writeHead(405).end());
  server.on('connect', (req: IncomingMessage, client: Socket, head: Buffer) => {
    tunnels++;
    const [host, port] = (req.url ?? '').split(':');
    const upstream = connect(Number(port), host, () => {
      client.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      upstream.write(head);
      upstream.pipe(client);
      client.pipe(upstream);
    });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
  });
  const running = await listen(server, 'http', () => {
    for (const socket of sockets) socket.destroy();
  });
  return { ...running, tunnels: () => tunnels };
}

function header(req: IncomingMessage, name: string): string | null {
  const value = req.headers[name];
  return typeof value === 'string' ? value : null;
}

async function listen(server: Server, scheme: 'http' | 'https', beforeClose?: () => void): Promise<RunningServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `${scheme}://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve, reject) => {
        beforeClose?.();
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
