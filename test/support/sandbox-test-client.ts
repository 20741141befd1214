/**
 * A small undici client for tests that talk to a SandboxApiServer: GET JSON, and read a watch
 * line by line. Not used by the product; the receiver has its own client.
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { EventObject } from '../../src/sandbox/event-types.ts';
import type { SandboxApiServer } from '../../src/sandbox/sandbox-server.ts';

export interface ClientOptions {
  /** Bearer token to send; default the sandbox's; null sends none. */
  readonly token?: string | null;
  /** Present the sandbox's client certificate, or the one from the unrelated CA. */
  readonly clientCert?: 'trusted' | 'untrusted';
  /** Use this dispatcher instead of a new one (the caller closes it). */
  readonly dispatcher?: Dispatcher;
}

export interface JsonAnswer {
  readonly status: number;
  readonly headers: Dispatcher.ResponseData['headers'];
  readonly body: JsonBody;
}

/** A loosely typed JSON answer: a list, an Event or a Status. */
export type JsonBody = Partial<EventObject> & {
  readonly items?: Partial<EventObject>[];
  readonly code?: number;
  readonly message?: string;
  readonly details?: { readonly retryAfterSeconds?: number };
  readonly metadata?: { readonly resourceVersion?: string; readonly continue?: string };
};

export interface WatchLine {
  readonly raw: string;
  readonly type?: string;
  readonly object?: JsonBody;
}

export const EVENTS = '/apis/events.k8s.io/v1/events';

export function eventsPath(namespace?: string): string {
  return namespace === undefined ? EVENTS : `/apis/events.k8s.io/v1/namespaces/${namespace}/events`;
}

/** A dispatcher that trusts the sandbox CA (and presents a client certificate if asked). */
export function sandboxAgent(sandbox: SandboxApiServer, clientCert?: 'trusted' | 'untrusted'): Agent {
  if (sandbox.protocol === 'http') return new Agent();
  const cert = clientCert === 'trusted' ? sandbox.tls.clientCertPem : clientCert === 'untrusted' ? sandbox.tls.untrustedClientCertPem : undefined;
  const key = clientCert === 'trusted' ? sandbox.tls.clientKeyPem : clientCert === 'untrusted' ? sandbox.tls.untrustedClientKeyPem : undefined;
  return new Agent({ connect: { ca: sandbox.caPem, cert, key } });
}

async function send(sandbox: SandboxApiServer, path: string, query: Record<string, string>, options: ClientOptions): Promise<{ response: Dispatcher.ResponseData; close: () => Promise<void> }> {
  const owned = options.dispatcher === undefined ? sandboxAgent(sandbox, options.clientCert) : undefined;
  const dispatcher = options.dispatcher ?? (owned as Agent);
  const token = options.token === undefined ? sandbox.token : options.token;
  const url = new URL(path, sandbox.url);
  url.search = new URLSearchParams(query).toString();
  try {
    const response = await request(url, { dispatcher, headers: token === null ? {} : { authorization: `Bearer ${token}` } });
    return { response, close: async () => owned?.close() };
  } catch (err) {
    await owned?.close();
    throw err;
  }
}

export async function getJson(sandbox: SandboxApiServer, path: string, query: Record<string, string> = {}, options: ClientOptions = {}): Promise<JsonAnswer> {
  const { response, close } = await send(sandbox, path, query, options);
  try {
    const text = await response.body.text();
    return { status: response.statusCode, headers: response.headers, body: JSON.parse(text) as JsonBody };
  } finally {
    await close();
  }
}

/** Lists every page (following continue tokens); returns the items and the list RV. */
export async function listAll(sandbox: SandboxApiServer, limit: number, namespace?: string): Promise<{ items: Partial<EventObject>[]; resourceVersion: string; pages: number }> {
  const items: Partial<EventObject>[] = [];
  let token: string | undefined;
  let resourceVersion: string;
  let pages = 0;
  do {
    const answer = await getJson(sandbox, eventsPath(namespace), token ? { limit: String(limit), continue: token } : { limit: String(limit) });
    if (answer.status !== 200) throw new Error(`list answered ${answer.status}: ${answer.body.message}`);
    pages++;
    items.push(...(answer.body.items ?? []));
    token = answer.body.metadata?.continue;
    resourceVersion = answer.body.metadata?.resourceVersion ?? '';
  } while (token);
  return { items, resourceVersion, pages };
}

/** An open watch, read line by line. */
export class WatchReader {
  readonly status: number;
  readonly headers: Dispatcher.ResponseData['headers'];
  private readonly iterator: AsyncIterator<Buffer>;
  private readonly response: Dispatcher.ResponseData;
  private readonly closeDispatcher: () => Promise<void>;
  private buffered: WatchLine[] = [];
  private partial = '';
  private done = false;
  /** A read still in flight after a timeout: the next call waits for it instead of losing its chunk. */
  private pendingRead: Promise<IteratorResult<Buffer>> | undefined;

  private constructor(response: Dispatcher.ResponseData, close: () => Promise<void>) {
    this.response = response;
    this.status = response.statusCode;
    this.headers = response.headers;
    this.iterator = (response.body as AsyncIterable<Buffer>)[Symbol.asyncIterator]();
    this.closeDispatcher = close;
  }

  static async open(sandbox: SandboxApiServer, query: Record<string, string>, options: ClientOptions & { namespace?: string } = {}): Promise<WatchReader> {
    const { response, close } = await send(sandbox, eventsPath(options.namespace), { watch: 'true', ...query }, options);
    return new WatchReader(response, close);
  }

  /**
   * The next line; undefined at a clean end of stream. Rejects when the stream breaks, or when
   * `timeoutMs` (default 10 s) passes without a line.
   */
  async next(timeoutMs = 10_000): Promise<WatchLine | undefined> {
    const deadline = AbortSignal.timeout(timeoutMs);
    while (this.buffered.length === 0) {
      if (this.done) return undefined;
      this.pendingRead ??= this.iterator.next();
      const chunk = await raceAbort(this.pendingRead, deadline);
      this.pendingRead = undefined;
      if (chunk.done) {
        this.done = true;
        if (this.partial.length > 0) this.buffered.push(parseLine(this.partial));
        this.partial = '';
        break;
      }
      const text = this.partial + chunk.value.toString('utf8');
      const lines = text.split('\n');
      this.partial = lines.pop() ?? '';
      for (const line of lines) if (line.length > 0) this.buffered.push(parseLine(line));
    }
    return this.buffered.shift();
  }

  /** Reads lines until `stop` says so (that line included); rejects if the stream ends first. */
  async until(stop: (line: WatchLine) => boolean, timeoutMs = 10_000): Promise<WatchLine[]> {
    const lines: WatchLine[] = [];
    for (;;) {
      const line = await this.next(timeoutMs);
      if (line === undefined) throw new Error(`watch ended before the expected line; got ${lines.map((l) => l.type).join(',')}`);
      lines.push(line);
      if (stop(line)) return lines;
    }
  }

  /** Reads `n` lines that are not bookmarks. */
  async changes(n: number, timeoutMs = 10_000): Promise<WatchLine[]> {
    const lines: WatchLine[] = [];
    while (lines.length < n) {
      const line = await this.next(timeoutMs);
      if (line === undefined) throw new Error(`watch ended after ${lines.length} of ${n} changes`);
      if (line.type !== 'BOOKMARK') lines.push(line);
    }
    return lines;
  }

  /** Reads to the end; resolves with the lines and how the stream ended. */
  async rest(timeoutMs = 10_000): Promise<{ lines: WatchLine[]; end: 'clean' | 'broken' }> {
    const lines: WatchLine[] = [];
    try {
      for (;;) {
        const line = await this.next(timeoutMs);
        if (line === undefined) return { lines, end: 'clean' };
        lines.push(line);
      }
    } catch (err) {
      if (err instanceof Error && err.name === 'TimeoutError') throw err;
      return { lines, end: 'broken' };
    }
  }

  async close(): Promise<void> {
    this.response.body.destroy();
    await this.closeDispatcher();
  }
}

function parseLine(raw: string): WatchLine {
  try {
    const parsed = JSON.parse(raw) as { type?: string; object?: JsonBody };
    return { raw, type: parsed.type, object: parsed.object };
  } catch {
    return { raw }; // a malformed line (injected on purpose): type stays undefined
  }
}

function raceAbort<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener('abort', onAbort);
        resolve(value);
      },
      (err: unknown) => {
        signal.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      },
    );
  });
}
