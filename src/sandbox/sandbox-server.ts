/**
 * The sandbox Kubernetes API: a real HTTP(S) server on loopback that serves list and watch of
 * `events.k8s.io/v1` Events (facts in kubernetes-watch.md), with the auth a cluster has and the
 * failures a client must survive. `tracecore demo`, replay, integration tests and benchmarks use it.
 *
 *   const sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 200 });
 *   sandbox.store.add(event);                     // watches see ADDED
 *   const path = await sandbox.writeKubeconfig(dir);
 *   sandbox.failNext(2, { status: 429, retryAfterSeconds: 1 });
 *   sandbox.cutStreams();
 *   assert.equal(sandbox.requests.lists, 1);      // no relist happened
 *   await sandbox.close();
 *
 * A request goes: held (hangRequests) -> authenticated (401) -> injected fault (failNext) ->
 * routed (404/405) -> single get, list or watch, or a Lease's get, create or update (`leases`).
 * Every answer is recorded in `requests`.
 */
import { randomBytes } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { RateLimitedLog, silentLogger, type Logger } from '../telemetry/logger.ts';
import { isWatchQuery, routeOf, type EventsRoute } from './api-paths.ts';
import { EventStore } from './event-store.ts';
import { errorLine } from './event-json.ts';
import { FaultQueue, defaultFaultMessage, type HttpFault } from './fault-queue.ts';
import { kubeStatus, type KubeStatus } from './k8s-status.ts';
import { answerLease, leaseRouteOf, type LeaseRoute } from './lease-routes.ts';
import { LeaseStore } from './lease-store.ts';
import { buildKubeconfig, writePrivateFile, type KubeconfigUser } from './kubeconfig.ts';
import { answerList } from './list-response.ts';
import { hostileListBody, isHostileToken, padNote, writeHostileBody, type HostileMode } from './hostile-mode.ts';
import { RequestLog, type RequestKind } from './request-log.ts';
import { authenticate } from './sandbox-auth.ts';
import { loadSandboxTls, type SandboxTls } from './sandbox-tls.ts';
import { WatchStream } from './watch-stream.ts';
import { planWatch } from './watch-request.ts';

export interface SandboxOptions {
  /** `https` (default): TLS with the sandbox CA. `http`: plain, for benchmarks. */
  readonly protocol?: 'https' | 'http';
  /** The bearer token accepted; default a random one; null: tokens are not accepted. */
  readonly token?: string | null;
  /** Request client certificates and accept those signed by the sandbox CA (https only). Default false. */
  readonly clientCertAuth?: boolean;
  /** Loopback address to bind: `127.0.0.1` (default) or `::1`. */
  readonly host?: string;
  /** Default 0 (any free port). */
  readonly port?: number;
  /** Changes kept for watches to replay (the compaction window). Default 100,000. */
  readonly historyLimit?: number;
  /** Resource version of the empty store. Default 1000. */
  readonly initialResourceVersion?: number;
  /** How often a caught-up watch that asked for bookmarks gets one; null: never. Default 1000 ms. */
  readonly bookmarkIntervalMs?: number | null;
  /** Watch length when the request gives no timeoutSeconds. Default 600 s. */
  readonly defaultWatchTimeoutSeconds?: number;
  /** How a watch from a compacted RV fails: an ERROR event in a 200 stream (default, like a real API server) or an HTTP 410. */
  readonly expiredWatch?: 'in-stream' | 'http';
  /** A watch with resourceVersion unset or "0": from now (default) or the current state first, as ADDED. */
  readonly watchWithoutResourceVersion?: 'from-now' | 'initial-events';
  /** End a watch whose client leaves a write undrained this long; default never. */
  readonly slowWatcherTimeoutMs?: number;
  /** Request records kept (counters are exact regardless). Default 10,000. */
  readonly requestLogLimit?: number;
  /** Clock for event timestamps (ms since the epoch). Default Date.now. */
  readonly clock?: () => number;
  /** Where internal errors are logged (rate limited). Default silent. */
  readonly logger?: Logger;
}

export interface KubeconfigOptions {
  /** The credential: default `token` when a token is set, else `client-cert` when client-cert auth is on, else `anonymous`. */
  readonly user?: 'token' | 'client-cert' | 'anonymous';
  /** Name of the cluster, user and context. Default `sandbox`. */
  readonly name?: string;
  /** The context's namespace. */
  readonly namespace?: string;
}

export interface WriteKubeconfigOptions extends Omit<KubeconfigOptions, 'user'> {
  /** As in kubeconfig(), plus `token-file` (the token in a file named by `tokenFile:`). */
  readonly user?: 'token' | 'token-file' | 'client-cert' | 'anonymous';
  /** Write the CA and client certificate/key as files the kubeconfig names, instead of inline `*-data`. Default false. */
  readonly files?: boolean;
  /** Default `kubeconfig.yaml`. */
  readonly fileName?: string;
}

interface HeldRequest {
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
}

const CLOSE_GRACE_MS = 50;

export class SandboxApiServer {
  /** The Events served. Mutations (add, modify, recur, delete, compact) reach open watches at once. */
  readonly store: EventStore;
  /** The coordination.k8s.io/v1 Leases served (create, get, update with optimistic concurrency). */
  readonly leases = new LeaseStore();
  /** Every request answered, with counters. */
  readonly requests: RequestLog;
  /** Base URL, e.g. `https://127.0.0.1:41234`. */
  readonly url: string;
  readonly protocol: 'https' | 'http';
  /** The sandbox CA (PEM), to trust the server. */
  readonly caPem: string;
  /** All the sandbox TLS material (client certificate, untrusted ones for negative tests). */
  readonly tls: SandboxTls;

  private readonly server: Server;
  private readonly options: SandboxOptions;
  private readonly log: RateLimitedLog;
  private readonly faults = new FaultQueue();
  private readonly streams = new Set<WatchStream>();
  private readonly sockets = new Set<Socket>();
  private held: HeldRequest[] = [];
  private currentToken: string | null;
  private stalled = false;
  private rejecting = false;
  private hanging = false;
  private hostileMode: HostileMode | undefined;
  private closing: Promise<void> | undefined;

  private constructor(server: Server, url: string, tls: SandboxTls, options: SandboxOptions) {
    this.server = server;
    this.url = url;
    this.tls = tls;
    this.caPem = tls.caPem;
    this.options = options;
    this.protocol = options.protocol ?? 'https';
    this.currentToken = options.token === undefined ? randomBytes(16).toString('hex') : options.token;
    this.store = new EventStore({ historyLimit: options.historyLimit, initialResourceVersion: options.initialResourceVersion, clock: options.clock });
    this.requests = new RequestLog(options.requestLogLimit);
    this.log = new RateLimitedLog(options.logger ?? silentLogger());
    server.on('request', (req: IncomingMessage, res: ServerResponse) => this.onRequest(req, res));
    server.on('connection', (socket: Socket) => this.onConnection(socket));
  }

  /** Starts a sandbox listening on loopback. */
  static async start(options: SandboxOptions = {}): Promise<SandboxApiServer> {
    const protocol = options.protocol ?? 'https';
    if (protocol === 'http' && options.clientCertAuth) throw new Error('clientCertAuth needs protocol https');
    const tls = await loadSandboxTls();
    const server =
      protocol === 'https'
        ? createHttpsServer({ key: tls.serverKeyPem, cert: tls.serverCertPem, ca: [tls.caPem], requestCert: options.clientCertAuth === true, rejectUnauthorized: false })
        : createHttpServer();
    const host = options.host ?? '127.0.0.1';
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen({ host, port: options.port ?? 0 }, () => {
        server.off('error', reject);
        resolve();
      });
    });
    const { port } = server.address() as AddressInfo;
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return new SandboxApiServer(server, `${protocol}://${urlHost}:${port}`, tls, options);
  }

  /** The bearer token accepted now (null: none). */
  get token(): string | null {
    return this.currentToken;
  }

  /** Rotates the accepted token (the old one gets 401 from now on); null stops accepting tokens. */
  setToken(token: string | null): void {
    this.currentToken = token;
  }

  /** Watch streams open now. */
  get openWatches(): number {
    return this.streams.size;
  }

  /** A kubeconfig (YAML) for this sandbox with the CA and credentials inline. */
  kubeconfig(options: KubeconfigOptions = {}): string {
    const user = this.kubeconfigUser(options.user ?? this.defaultUser());
    return buildKubeconfig({ server: this.url, ca: this.protocol === 'https' ? { pem: this.caPem } : undefined, user, name: options.name, namespace: options.namespace });
  }

  /** Writes a kubeconfig (and, with `files` or `token-file`, the files it names) into `dir`; returns its path. */
  async writeKubeconfig(dir: string, options: WriteKubeconfigOptions = {}): Promise<string> {
    const kind = options.user ?? this.defaultUser();
    let ca: { pem: string } | { file: string } | undefined;
    if (this.protocol === 'https') ca = options.files ? { file: await writePrivateFile(dir, 'sandbox-ca.pem', this.caPem) } : { pem: this.caPem };
    let user: KubeconfigUser;
    if (kind === 'token-file') {
      user = { kind: 'token-file', tokenFile: await writePrivateFile(dir, 'sandbox-token', this.requireToken()) };
    } else if (kind === 'client-cert' && options.files) {
      this.requireClientCertAuth();
      user = {
        kind: 'client-cert-files',
        certFile: await writePrivateFile(dir, 'sandbox-client.pem', this.tls.clientCertPem),
        keyFile: await writePrivateFile(dir, 'sandbox-client-key.pem', this.tls.clientKeyPem),
      };
    } else {
      user = this.kubeconfigUser(kind);
    }
    const text = buildKubeconfig({ server: this.url, ca, user, name: options.name, namespace: options.namespace });
    return writePrivateFile(dir, options.fileName ?? 'kubeconfig.yaml', text);
  }

  // ---- fault injection ----

  /** Answers the next `count` list/watch requests (see HttpFault.requests) with `fault` instead of the API. */
  failNext(count: number, fault: HttpFault): void {
    this.faults.add(count, fault);
  }

  /** Destroys every open watch connection abruptly (the client sees a broken stream). Returns how many. */
  cutStreams(): number {
    return this.eachStream((s) => s.cut());
  }

  /** Ends every open watch cleanly, as when timeoutSeconds passes. Returns how many. */
  closeStreams(): number {
    return this.eachStream((s) => s.end());
  }

  /** Open and new watches stop writing anything (no events, no bookmarks, no timeout) but stay open, until unstallStreams(). */
  stallStreams(): void {
    this.stalled = true;
    this.eachStream((s) => s.stall());
  }

  /** Stalled watches write what they held back (or end, if their timeout passed meanwhile). */
  unstallStreams(): void {
    this.stalled = false;
    this.eachStream((s) => s.unstall());
  }

  /** Writes `text` as one line (between two events) into every open watch. Returns how many streams got it. */
  injectMalformedLine(text: string): number {
    const line = text.endsWith('\n') ? text : `${text}\n`;
    return this.eachStream((s) => s.inject(line));
  }

  /** While on, every connection is reset as soon as it is accepted; turning it on also drops the open ones. */
  rejectConnections(on = true): void {
    this.rejecting = on;
    if (on) for (const socket of this.sockets) socket.destroy();
  }

  /** While on, requests are accepted but not answered; turning it off answers the held ones that are still open. */
  hangRequests(on = true): void {
    this.hanging = on;
    if (on) return;
    const held = this.held;
    this.held = [];
    for (const { req, res } of held) if (!res.destroyed && !req.destroyed) this.onRequest(req, res);
  }

  /** Misbehaves as `mode` says (hostile-mode.ts) from the next request on; undefined: behave again. */
  hostile(mode: HostileMode | undefined): void {
    this.hostileMode = mode;
  }

  /** Clears queued failNext faults and turns off stall, reject, hang and hostile modes. */
  clearFaults(): void {
    this.faults.clear();
    this.hostileMode = undefined;
    this.rejectConnections(false);
    this.unstallStreams();
    this.hangRequests(false);
  }

  /** Ends every watch and stops the server; idempotent. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private async shutdown(): Promise<void> {
    this.eachStream((s) => s.end());
    for (const { res } of this.held) res.destroy();
    this.held = [];
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => this.server.closeAllConnections(), CLOSE_GRACE_MS);
      this.server.close(() => {
        clearTimeout(force);
        resolve();
      });
      this.server.closeIdleConnections();
    });
  }

  private onConnection(socket: Socket): void {
    if (this.rejecting || this.closing) {
      socket.destroy();
      return;
    }
    this.sockets.add(socket);
    socket.once('close', () => this.sockets.delete(socket));
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    if (this.hanging) {
      this.held.push({ req, res });
      return;
    }
    try {
      this.answer(req, res);
    } catch (err) {
      this.log.error('sandbox-request', { err, url: req.url }, 'sandbox API failed to answer a request');
      if (res.headersSent) res.destroy();
      else sendJson(res, 500, JSON.stringify(kubeStatus(500, `Internal error occurred: ${err instanceof Error ? err.message : String(err)}`)));
    }
  }

  private answer(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://sandbox.invalid');
    const leaseRoute = leaseRouteOf(url.pathname);
    if (leaseRoute === undefined) req.resume(); // only a Lease's request body is read; drain any other
    const route = routeOf(url.pathname);
    const isGet = req.method === 'GET';
    const kind: RequestKind = leaseRoute ? 'lease' : route?.kind === 'collection' && isGet ? (isWatchQuery(url.searchParams) ? 'watch' : 'list') : 'other';
    const credential = authenticate(req, { token: this.currentToken, clientCert: this.options.clientCertAuth === true });
    const record = (status: number): void =>
      this.requests.record({ kind, method: req.method ?? '', path: url.pathname, namespace: route?.namespace, query: Object.fromEntries(url.searchParams), status, credential, at: Date.now() });
    const reply = (status: KubeStatus, headers: { [name: string]: string } = {}): void => {
      req.resume();
      record(status.code);
      sendJson(res, status.code, JSON.stringify(status), headers);
    };

    if (credential === 'rejected') return reply(kubeStatus(401, 'Unauthorized'));
    const fault = this.faults.take(kind);
    if (fault) return reply(...faultAnswer(fault));
    if (leaseRoute) return this.answerLeaseRequest(leaseRoute, req, res, record);
    if (route === undefined) return reply(kubeStatus(404, 'the server could not find the requested resource'));
    if (!isGet) return reply(kubeStatus(405, `${req.method ?? ''} is not supported by the tracecore sandbox (it serves get, list and watch)`));
    if (route.kind === 'item') return this.answerGet(route, record, reply, res);
    if (kind === 'list') {
      const mode = this.hostileMode;
      const token = url.searchParams.get('continue');
      const query = new URLSearchParams(url.searchParams);
      if (mode !== undefined && isHostileToken(token)) query.delete('continue');
      const answer = answerList(this.store, route.namespace, query);
      if ('error' in answer) return reply(answer.error);
      record(200);
      if (mode === undefined) return sendJson(res, 200, answer.body);
      return writeHostileBody(res, hostileListBody(answer.body, token, mode), mode);
    }
    this.answerWatch(route.namespace, url.searchParams, record, reply, res);
  }

  private answerLeaseRequest(route: LeaseRoute, req: IncomingMessage, res: ServerResponse, record: (status: number) => void): void {
    answerLease(this.leases, route, req).then(
      ({ status, body }) => {
        record(status);
        if (!res.destroyed) sendJson(res, status, JSON.stringify(body));
      },
      (err: unknown) => {
        this.log.error('sandbox-lease', { err, url: req.url }, 'sandbox API failed to answer a Lease request');
        record(500);
        if (!res.destroyed) sendJson(res, 500, JSON.stringify(kubeStatus(500, 'Internal error occurred: the sandbox failed to answer a Lease request')));
      },
    );
  }

  private answerGet(route: Extract<EventsRoute, { kind: 'item' }>, record: (status: number) => void, reply: (status: KubeStatus) => void, res: ServerResponse): void {
    const version = this.store.version(route);
    if (version === undefined) {
      return reply(kubeStatus(404, `events.events.k8s.io "${route.name}" not found`, { details: { name: route.name, group: 'events.k8s.io', kind: 'events' } }));
    }
    record(200);
    sendJson(res, 200, version.json);
  }

  private answerWatch(namespace: string | undefined, query: URLSearchParams, record: (status: number) => void, reply: (status: KubeStatus) => void, res: ServerResponse): void {
    const plan = planWatch(this.store, query, {
      defaultTimeoutSeconds: this.options.defaultWatchTimeoutSeconds ?? 600,
      withoutResourceVersion: this.options.watchWithoutResourceVersion ?? 'from-now',
    });
    if (plan.kind === 'invalid') return reply(plan.status);
    const mode = this.hostileMode;
    if (mode?.watchesEndAtOnce) {
      record(200);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
      res.end();
      return;
    }
    if (plan.kind === 'expired') {
      if (this.options.expiredWatch === 'http') return reply(plan.status);
      record(200);
      res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
      res.end(errorLine(plan.status));
      return;
    }
    record(200);
    const interval = this.options.bookmarkIntervalMs === undefined ? 1000 : this.options.bookmarkIntervalMs;
    const stream = new WatchStream(res, this.store, {
      namespace,
      fromRv: plan.fromRv,
      initialEvents: plan.initialEvents,
      bookmarkIntervalMs: plan.bookmarks && interval !== null ? interval : undefined,
      timeoutMs: plan.timeoutMs,
      slowWatcherTimeoutMs: this.options.slowWatcherTimeoutMs,
      stalled: this.stalled,
      objectJson: mode?.noteBytes === undefined ? undefined : (json) => padNote(json, mode.noteBytes),
      onClosed: (s) => this.streams.delete(s),
    });
    if (!stream.ended) this.streams.add(stream);
  }

  private eachStream(action: (stream: WatchStream) => void): number {
    const streams = [...this.streams];
    for (const stream of streams) action(stream);
    return streams.length;
  }

  private defaultUser(): 'token' | 'client-cert' | 'anonymous' {
    if (this.currentToken !== null) return 'token';
    return this.options.clientCertAuth ? 'client-cert' : 'anonymous';
  }

  private kubeconfigUser(kind: 'token' | 'token-file' | 'client-cert' | 'anonymous'): KubeconfigUser {
    switch (kind) {
      case 'token':
        return { kind: 'token', token: this.requireToken() };
      case 'client-cert':
        this.requireClientCertAuth();
        return { kind: 'client-cert', certPem: this.tls.clientCertPem, keyPem: this.tls.clientKeyPem };
      case 'anonymous':
        return { kind: 'anonymous' };
      case 'token-file':
        throw new Error('a token-file kubeconfig needs a directory: use writeKubeconfig()');
    }
  }

  private requireToken(): string {
    if (this.currentToken === null) throw new Error('this sandbox accepts no token (started with token: null)');
    return this.currentToken;
  }

  private requireClientCertAuth(): void {
    if (!this.options.clientCertAuth) throw new Error('this sandbox does not accept client certificates (start it with clientCertAuth: true)');
  }
}

function faultAnswer(fault: HttpFault): [KubeStatus, { [name: string]: string }] {
  const retry = fault.retryAfterSeconds;
  const status = kubeStatus(fault.status, fault.message ?? defaultFaultMessage(fault.status), { details: retry === undefined ? undefined : { retryAfterSeconds: retry } });
  return [status, retry === undefined ? {} : { 'retry-after': String(retry) }];
}

function sendJson(res: ServerResponse, status: number, body: string, headers: { [name: string]: string } = {}): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-cache, private', ...headers });
  res.end(body);
}
