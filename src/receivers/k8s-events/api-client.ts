/**
 * GET requests to the Kubernetes API for the list/watch loop: credentials from the connection,
 * the client-side rate limit, and a classification of every failure so the loop knows whether to
 * relist, wait for Retry-After, back off, or re-watch at once.
 */
import { request, type Dispatcher } from 'undici';
import { apiUrl } from '../../kube/index.ts';
import { cutCopy } from '../../model/detached-string.ts';
import { readHead } from '../../net/capped-read.ts';
import { parseRetryAfter } from '../../net/retry-after.ts';
import type { TokenBucket } from './rate-limiter.ts';

/** What the receiver needs from a resolved Kubernetes connection (src/kube). */
export interface ApiConnection {
  readonly server: URL;
  /** The current dispatcher (rebuilt when exec-plugin client certificates rotate). */
  dispatcher(): Dispatcher;
  /** Current auth headers; tokens are re-read or refreshed as they rotate. */
  headers(): Promise<{ [name: string]: string }>;
  /** A 401 was seen: re-read the token / re-run the exec plugin before the next request. */
  onUnauthorized(): void;
  /** Where we connect, for logs; never contains a secret. */
  describe(): string;
  close(): Promise<void>;
}

/**
 * `broken`: an established watch stream ended abruptly (reset, truncated): re-watched at once, like
 * a clean end; only if that re-watch fails does the backoff schedule start.
 * `too_large`: a list page over the byte cap; `deadline`: a list page not complete within its
 * overall deadline (a body trickling in); `loop`: a list whose continue tokens repeat or whose pages
 * never end; `short`: a watch that ended in under a second with nothing received. All four back off.
 */
export type ApiErrorKind = 'gone' | 'throttled' | 'unauthorized' | 'forbidden' | 'server' | 'network' | 'client' | 'stalled' | 'broken' | 'decode' | 'too_large' | 'deadline' | 'loop' | 'short';

export class ApiError extends Error {
  readonly kind: ApiErrorKind;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(kind: ApiErrorKind, message: string, options: { status?: number; retryAfterMs?: number; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'ApiError';
    this.kind = kind;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export type ResponseBody = Dispatcher.ResponseData['body'];

export class ApiClient {
  private readonly connection: ApiConnection;
  private readonly limiter: TokenBucket;

  constructor(connection: ApiConnection, limiter: TokenBucket) {
    this.connection = connection;
    this.limiter = limiter;
  }

  /**
   * Sends a GET, rate-limited unless `rateLimited: false` (the continuation pages of one list: the
   * limit is on starting lists and watches, so a retry loop cannot hammer the API server, while a
   * 50,000-event list is not stretched over 20 s of 5 pages per second); resolves with the body of a 2xx answer, else throws an ApiError.
   * The caller owns the body and must consume or destroy it.
   */
  async get(path: string, query: URLSearchParams, signal: AbortSignal, timeouts: { headersMs: number; bodyMs: number }, options: { rateLimited?: boolean } = {}): Promise<ResponseBody> {
    if (options.rateLimited !== false) await this.limiter.take(signal);
    const url = apiUrl(this.connection.server, path, query);
    let auth: { [name: string]: string };
    try {
      auth = await this.connection.headers();
    } catch (err) {
      throw new ApiError('unauthorized', `cannot get cluster credentials: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    let response: Dispatcher.ResponseData;
    try {
      response = await request(url, {
        method: 'GET',
        dispatcher: this.connection.dispatcher(),
        headers: { accept: 'application/json', 'user-agent': 'tracecore', ...auth },
        signal,
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
      });
    } catch (err) {
      if (signal.aborted) throw err;
      throw new ApiError('network', `cannot reach ${this.connection.server.origin}: ${describeNetworkError(err)}`, { cause: err });
    }
    if (response.statusCode >= 200 && response.statusCode < 300) return response.body;
    const text = await readSmall(response.body);
    throw classifyStatus(response.statusCode, response.headers['retry-after'], statusMessage(text), () => this.connection.onUnauthorized());
  }

  /**
   * Sends one small JSON request (GET, POST or PUT of a single object, e.g. a Lease), rate-limited,
   * finished (answer read) within `deadlineMs`; the answer is read up to `limitBytes`. Resolves with
   * the parsed body of a 2xx answer, else throws an ApiError (its `status` says 404, 409...).
   */
  async sendJson(method: 'GET' | 'POST' | 'PUT', path: string, body: unknown, signal: AbortSignal, deadlineMs: number, limitBytes: number): Promise<unknown> {
    const deadline = AbortSignal.any([signal, AbortSignal.timeout(Math.max(1, Math.ceil(deadlineMs)))]);
    await this.limiter.take(deadline);
    let auth: { [name: string]: string };
    try {
      auth = await this.connection.headers();
    } catch (err) {
      throw new ApiError('unauthorized', `cannot get cluster credentials: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
    }
    let text: string;
    let response: Dispatcher.ResponseData;
    try {
      response = await request(apiUrl(this.connection.server, path, new URLSearchParams()), {
        method,
        dispatcher: this.connection.dispatcher(),
        headers: { accept: 'application/json', 'user-agent': 'tracecore', ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...auth },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: deadline,
      });
      text = await readSmall(response.body, limitBytes);
    } catch (err) {
      if (signal.aborted) throw err;
      if (deadline.aborted) throw new ApiError('network', `${method} ${path} got no answer within ${deadlineMs} ms`, { cause: err });
      throw new ApiError('network', `cannot reach ${this.connection.server.origin}: ${describeNetworkError(err)}`, { cause: err });
    }
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw classifyStatus(response.statusCode, response.headers['retry-after'], statusMessage(text), () => this.connection.onUnauthorized());
    }
    if (text.length > limitBytes) throw new ApiError('decode', `${method} ${path}: answer larger than ${limitBytes} bytes`);
    try {
      return JSON.parse(text);
    } catch (err) {
      throw new ApiError('decode', `${method} ${path}: answer is not JSON (${err instanceof Error ? err.message : String(err)})`, { cause: err });
    }
  }
}

function classifyStatus(status: number, retryAfter: string | string[] | undefined, message: string, onUnauthorized: () => void): ApiError {
  const detail = `HTTP ${status}${message ? `: ${message}` : ''}`;
  if (status === 410) return new ApiError('gone', `resource version expired (${detail})`, { status });
  if (status === 429) return new ApiError('throttled', `API server asks us to slow down (${detail})`, { status, retryAfterMs: parseRetryAfter(retryAfter) });
  if (status === 401) {
    onUnauthorized();
    return new ApiError('unauthorized', `credentials rejected (${detail}); the token will be re-read before the next attempt`, { status });
  }
  if (status === 403) return new ApiError('forbidden', `not allowed (${detail}); tracecore needs get, list and watch on events.k8s.io events`, { status });
  if (status >= 500) return new ApiError('server', `API server error (${detail})`, { status, retryAfterMs: parseRetryAfter(retryAfter) });
  return new ApiError('client', `unexpected answer (${detail})`, { status });
}


/** The message of a Kubernetes Status body, or the first 200 characters of whatever came. */
export function statusMessage(text: string): string {
  try {
    const status = JSON.parse(text) as { message?: unknown };
    if (typeof status.message === 'string') return cutCopy(status.message, 500);
  } catch {
    // Not a Status object: fall through to the raw text.
  }
  return cutCopy(text, 200).trim();
}

/** The head of an error answer (a Status is small; a hostile one is cut at 64 KiB). */
async function readSmall(body: ResponseBody, limit = 64 * 1024): Promise<string> {
  return (await readHead(body, limit)).toString('utf8');
}

function describeNetworkError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: string }).code;
    const cause = err.cause instanceof Error ? ` (${err.cause.message})` : '';
    return `${code ? `${code} ` : ''}${err.message}${cause}`;
  }
  return String(err);
}
