/**
 * The list/watch loop for events.k8s.io/v1 Events (facts in kubernetes-watch.md).
 *
 *   list (pages of 500) ──> watch from the list's RV ──clean end──> watch again from last RV seen
 *        ^                        │ 410 (HTTP or in-stream ERROR)
 *        └────────── relist <─────┘
 *   failures: 429 waits Retry-After; 5xx, network and TLS errors follow the Backoff schedule;
 *   a stream silent for longer than `inactivityMs` is abandoned and re-watched.
 *   guards (hostile or broken servers): a list page is capped in bytes and has an overall
 *   deadline (list-page.ts); a repeating continue token or endless pages stop the list
 *   (list-guard.ts); a watch that ends in under a second with nothing received is backed off
 *   like client-go's reflector does ("very short watch"), not re-opened at once. Each of these
 *   is a classified failure: reported to the handler, then the Backoff schedule.
 *
 * It never gives up: only the abort signal ends `run()`. Objects go to the handler, which may
 * return a promise to pause reading (backpressure); while paused the inactivity deadline is off.
 */
import { ApiError, type ApiClient } from './api-client.ts';
import { Backoff } from './backoff.ts';
import { LineSplitter } from './line-splitter.ts';
import { ListGuard, MAX_LIST_PAGES } from './list-guard.ts';
import { LIST_PAGE_DEADLINE_MS, MAX_LIST_PAGE_BYTES, fetchListPage } from './list-page.ts';

export const EVENTS_PATH = '/apis/events.k8s.io/v1/events';
export const LIST_PAGE_SIZE = 500;
export const MAX_WATCH_LINE_BYTES = 16 * 1024 * 1024;
/** A watch that ends sooner than this with nothing received is a failure (client-go: "very short watch"). */
export const SHORT_WATCH_MS = 1000;

export type ObjectSource = 'list' | 'watch';

export interface ListWatchHandler {
  /** A listed object, or the object of an ADDED/MODIFIED watch event. A returned promise pauses reading until it settles. */
  onObject(object: unknown, source: ObjectSource): Promise<void> | undefined;
  onDeleted(object: unknown): void;
  /** A list begins (again, after an expired continue token): its snapshot's resourceVersion. */
  onListStart?(resourceVersion: string): void;
  /** A full list completed at snapshot `resourceVersion`; the watch starts from it. */
  onListComplete(resourceVersion: string): void;
  /** A watch request starts from `resourceVersion`. */
  onWatchStart?(resourceVersion: string): void;
  /** A BOOKMARK moved the stream to `resourceVersion` (nothing to deliver). */
  onBookmark?(resourceVersion: string): void;
  /** The watch from `resourceVersion` was answered 410 (compacted history): a relist follows. */
  onExpired?(resourceVersion: string | undefined): void;
  /** A list or watch request succeeded (answered 2xx). */
  onSuccess(kind: 'list' | 'watch'): void;
  /** A list or watch attempt failed; `retryInMs` is when the next attempt starts. */
  onFailure(kind: 'list' | 'watch', error: ApiError, retryInMs: number): void;
  /** A line or object that could not be decoded: counted and skipped. */
  onDecodeError(message: string): void;
  /** Time (ms) the reader spent paused by onObject. */
  onPaused(ms: number): void;
}

export interface ListWatchOptions {
  /** Abandon a watch that sends no bytes for this long (default 150 s: over twice the API server's ~60 s bookmark interval). */
  readonly inactivityMs?: number;
  /** Server-side watch timeout; default a random 300-600 s per watch, like client-go. */
  readonly watchTimeoutSeconds?: () => number;
  /** Relist after a watch ends once this long has passed since the last list (the `resync` setting). */
  readonly resyncMs?: number;
  readonly backoff?: Backoff;
  readonly pageSize?: number;
  /** How long to wait for response headers and, for lists, between body chunks. */
  readonly requestTimeoutMs?: number;
  /** Start with a watch from this resourceVersion instead of a list (a restart resuming its checkpoint). */
  readonly resumeFrom?: string;
  /** A list page larger than this fails as `too_large` (default MAX_LIST_PAGE_BYTES). */
  readonly maxListPageBytes?: number;
  /** A list page must arrive whole within this (default LIST_PAGE_DEADLINE_MS). */
  readonly listPageDeadlineMs?: number;
  /** Pages one list may take (default MAX_LIST_PAGES). */
  readonly maxListPages?: number;
}

const STALLED = Symbol('stalled');

export class ListWatch {
  private readonly client: ApiClient;
  private readonly handler: ListWatchHandler;
  private readonly inactivityMs: number;
  private readonly watchTimeoutSeconds: () => number;
  private readonly resyncMs: number;
  private readonly backoff: Backoff;
  private readonly pageSize: number;
  private readonly requestTimeoutMs: number;
  private readonly maxListPageBytes: number;
  private readonly listPageDeadlineMs: number;
  private readonly maxListPages: number;
  private resourceVersion: string | undefined;
  private lastListAt = 0;
  private goneInARow = 0;
  /** The last watch received a line or stayed open SHORT_WATCH_MS: a break is then re-watched at once. */
  private watchProven = false;

  constructor(client: ApiClient, handler: ListWatchHandler, options: ListWatchOptions = {}) {
    this.client = client;
    this.handler = handler;
    this.inactivityMs = options.inactivityMs ?? 150_000;
    this.watchTimeoutSeconds = options.watchTimeoutSeconds ?? (() => 300 + Math.floor(Math.random() * 300));
    this.resyncMs = options.resyncMs ?? 600_000;
    this.backoff = options.backoff ?? new Backoff();
    this.pageSize = options.pageSize ?? LIST_PAGE_SIZE;
    this.requestTimeoutMs = options.requestTimeoutMs ?? 60_000;
    this.resourceVersion = options.resumeFrom;
    this.maxListPageBytes = options.maxListPageBytes ?? MAX_LIST_PAGE_BYTES;
    this.listPageDeadlineMs = options.listPageDeadlineMs ?? LIST_PAGE_DEADLINE_MS;
    this.maxListPages = options.maxListPages ?? MAX_LIST_PAGES;
  }

  async run(signal: AbortSignal): Promise<void> {
    let mustList = this.resourceVersion === undefined;
    while (!signal.aborted) {
      let phase: 'list' | 'watch' = mustList ? 'list' : 'watch';
      try {
        if (mustList) {
          await this.list(signal);
          mustList = false;
          phase = 'watch';
        }
        const gone = await this.watch(signal);
        if (gone) {
          this.handler.onExpired?.(this.resourceVersion);
          mustList = true;
          this.goneInARow++;
          // One 410 relists at once; a storm of them backs off like any failure.
          const delay = this.goneInARow > 1 ? this.backoff.next() : 0;
          this.handler.onFailure('watch', new ApiError('gone', 'watch ERROR event 410: resource version expired'), delay);
          await this.wait(delay, signal);
        } else if (Date.now() - this.lastListAt >= this.resyncMs) {
          mustList = true;
        }
      } catch (err) {
        if (signal.aborted) return;
        const error = toApiError(err);
        if (error.kind === 'gone') {
          if (phase === 'watch') this.handler.onExpired?.(this.resourceVersion);
          mustList = true;
          this.goneInARow++;
          const delay = this.goneInARow > 1 ? this.backoff.next() : 0;
          this.handler.onFailure(phase, error, delay);
          await this.wait(delay, signal);
          continue;
        }
        // A stream that broke after proving itself is re-watched at once; one that breaks before backs off.
        const delay = error.kind === 'stalled' || (error.kind === 'broken' && this.watchProven) ? 0 : error.kind === 'throttled' && error.retryAfterMs !== undefined ? error.retryAfterMs : this.backoff.next();
        this.handler.onFailure(phase, error, delay);
        await this.wait(delay, signal);
      }
    }
  }

  private async list(signal: AbortSignal): Promise<void> {
    const guard = new ListGuard(this.maxListPages);
    const limits = { maxBytes: this.maxListPageBytes, deadlineMs: this.listPageDeadlineMs, requestTimeoutMs: this.requestTimeoutMs };
    let token: string | undefined;
    let listRv: string | undefined;
    do {
      const query = new URLSearchParams({ limit: String(this.pageSize) });
      if (token) query.set('continue', token);
      let page;
      try {
        page = await fetchListPage(this.client, EVENTS_PATH, query, signal, limits, token === undefined);
      } catch (err) {
        if (err instanceof ApiError && err.kind === 'gone' && token !== undefined) {
          // The continue token expired mid-list: start the list again from the first page.
          this.handler.onFailure('list', err, 0);
          token = undefined;
          guard.restart();
          continue;
        }
        throw err;
      }
      if (token === undefined && page.resourceVersion !== undefined) this.handler.onListStart?.(page.resourceVersion);
      guard.onPage(page.continueToken, page.items.length);
      for (const item of page.items) {
        if (uidOf(item) === undefined) {
          this.handler.onDecodeError('list item without metadata.uid');
          continue;
        }
        const pause = this.handler.onObject(item, 'list');
        if (pause) await this.paused(pause);
        if (signal.aborted) return;
      }
      token = page.continueToken;
      listRv = page.resourceVersion;
    } while (token);
    if (listRv === undefined) throw new ApiError('decode', 'list answer has no metadata.resourceVersion');
    this.resourceVersion = listRv;
    this.lastListAt = Date.now();
    this.goneInARow = 0;
    this.backoff.reset();
    this.handler.onSuccess('list');
    this.handler.onListComplete(listRv);
  }

  /** Watches from the last resource version; resolves true on 410 (relist needed), false on a clean end. */
  private async watch(signal: AbortSignal): Promise<boolean> {
    const controller = new AbortController();
    const stop = (): void => controller.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    const query = new URLSearchParams({
      watch: 'true',
      allowWatchBookmarks: 'true',
      timeoutSeconds: String(this.watchTimeoutSeconds()),
    });
    if (this.resourceVersion !== undefined) {
      query.set('resourceVersion', this.resourceVersion);
      this.handler.onWatchStart?.(this.resourceVersion);
    }
    let timer: NodeJS.Timeout | undefined;
    const arm = (): void => {
      timer = setTimeout(() => controller.abort(STALLED), this.inactivityMs);
      timer.unref();
    };
    // The watch counts as a success (degraded off, backoff reset) once it proves itself: a line
    // received, or open for SHORT_WATCH_MS. One that ends before is a "very short watch".
    let proven = false;
    this.watchProven = false;
    const prove = (): void => {
      if (proven) return;
      proven = true;
      this.watchProven = true;
      clearTimeout(proving);
      this.handler.onSuccess('watch');
      this.backoff.reset();
    };
    let proving: NodeJS.Timeout | undefined;
    try {
      const body = await this.client.get(EVENTS_PATH, query, controller.signal, { headersMs: this.requestTimeoutMs, bodyMs: 0 });
      const opened = performance.now();
      proving = setTimeout(prove, SHORT_WATCH_MS);
      proving.unref();
      arm();
      const lines: string[] = [];
      const splitter = new LineSplitter(MAX_WATCH_LINE_BYTES, (n) => this.handler.onDecodeError(`watch line of ${n} bytes exceeds ${MAX_WATCH_LINE_BYTES}: skipped`));
      const collect = (line: string): void => {
        lines.push(line);
      };
      try {
        for await (const chunk of body) {
          timer?.refresh();
          splitter.push(chunk as Buffer, collect);
          if (lines.length > 0) prove();
          if (lines.length > 0 && (await this.processLines(lines, timer, arm))) return true;
        }
        splitter.end(collect);
        if (lines.length > 0) prove();
        if (lines.length > 0 && (await this.processLines(lines, timer, arm))) return true;
      } catch (err) {
        if (controller.signal.reason === STALLED) throw new ApiError('stalled', `watch sent nothing for ${Math.round(this.inactivityMs / 1000)} s: abandoned, watching again`);
        if (err instanceof ApiError || signal.aborted) throw err;
        throw new ApiError('broken', `watch stream broke: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
      }
      if (!proven) {
        throw new ApiError('short', `watch ended after ${Math.round(performance.now() - opened)} ms with nothing received (a very short watch): backing off before watching again`);
      }
      if (this.goneInARow > 0) this.goneInARow = 0;
      return false;
    } finally {
      clearTimeout(proving);
      if (timer) clearTimeout(timer);
      signal.removeEventListener('abort', stop);
      if (!controller.signal.aborted) controller.abort();
    }
  }

  /** Handles and empties `lines`; true when an in-stream 410 says to relist. */
  private async processLines(lines: string[], timer: NodeJS.Timeout | undefined, arm: () => void): Promise<boolean> {
    for (let i = 0; i < lines.length; i++) {
      let event: { type?: unknown; object?: unknown };
      try {
        event = JSON.parse(lines[i]) as { type?: unknown; object?: unknown };
      } catch (err) {
        this.handler.onDecodeError(`malformed watch line (${(err as Error).message}): ${lines[i].slice(0, 80)}`);
        continue;
      }
      if (typeof event !== 'object' || event === null) {
        this.handler.onDecodeError('watch line is not an object');
        continue;
      }
      const object = event.object;
      switch (event.type) {
        case 'ADDED':
        case 'MODIFIED': {
          const rv = rvOf(object);
          if (rv === undefined || uidOf(object) === undefined) {
            this.handler.onDecodeError(`${event.type} object without metadata.uid or resourceVersion`);
            continue;
          }
          const pause = this.handler.onObject(object, 'watch');
          if (pause) {
            if (timer) clearTimeout(timer);
            await this.paused(pause);
            arm();
          }
          this.resourceVersion = rv;
          break;
        }
        case 'DELETED':
          this.handler.onDeleted(object);
          this.resourceVersion = rvOf(object) ?? this.resourceVersion;
          break;
        case 'BOOKMARK': {
          const rv = rvOf(object);
          if (rv !== undefined) {
            this.resourceVersion = rv;
            this.handler.onBookmark?.(rv);
          }
          break;
        }
        case 'ERROR': {
          lines.length = 0;
          const status = (object ?? {}) as { code?: unknown; reason?: unknown; message?: unknown };
          if (status.code === 410 || status.reason === 'Expired' || status.reason === 'Gone') return true;
          throw new ApiError(typeof status.code === 'number' && status.code >= 500 ? 'server' : 'client', `watch ERROR event: ${String(status.code ?? '')} ${String(status.reason ?? '')} ${String(status.message ?? '')}`.trim(), {
            status: typeof status.code === 'number' ? status.code : undefined,
          });
        }
        default:
          this.handler.onDecodeError(`unknown watch event type ${JSON.stringify(event.type)}`);
      }
    }
    lines.length = 0;
    return false;
  }

  private async paused(pause: Promise<void>): Promise<void> {
    const started = performance.now();
    await pause;
    this.handler.onPaused(performance.now() - started);
  }

  private wait(ms: number, signal: AbortSignal): Promise<void> {
    if (ms <= 0 || signal.aborted) return Promise.resolve();
    return new Promise<void>((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener('abort', done, { once: true });
    });
  }
}

function metadataOf(object: unknown): { uid?: unknown; resourceVersion?: unknown } | undefined {
  if (typeof object !== 'object' || object === null) return undefined;
  const metadata = (object as { metadata?: unknown }).metadata;
  return typeof metadata === 'object' && metadata !== null ? (metadata as { uid?: unknown; resourceVersion?: unknown }) : undefined;
}

export function uidOf(object: unknown): string | undefined {
  const uid = metadataOf(object)?.uid;
  return typeof uid === 'string' && uid !== '' ? uid : undefined;
}

export function rvOf(object: unknown): string | undefined {
  const rv = metadataOf(object)?.resourceVersion;
  return typeof rv === 'string' && rv !== '' ? rv : undefined;
}

function toApiError(err: unknown): ApiError {
  if (err instanceof ApiError) return err;
  return new ApiError('network', err instanceof Error ? err.message : String(err), { cause: err });
}
