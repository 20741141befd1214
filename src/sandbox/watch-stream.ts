/**
 * One open watch: writes the changes after its starting point, then live ones, as
 * newline-delimited JSON, with bookmarks, a timeout, and the fault modes the server drives.
 *
 * The stream holds no queue of its own: its position is a cursor (a change sequence number) into
 * the store's history. `pump()` writes from the cursor in chunks of about 64 KiB and stops as soon
 * as `res.write()` returns false, resuming on 'drain'. A client that stops reading therefore costs
 * one chunk of memory, and a client that falls behind the whole history window gets the
 * ERROR 410 a real API server would send.
 *
 * States: streaming -> (stalled <-> streaming) -> ended. Stalled writes nothing (no events, no
 * bookmarks, no timeout) until unstalled or cut.
 */
import type { ServerResponse } from 'node:http';
import { bookmarkLine, errorLine, watchLine } from './event-json.ts';
import type { EventStore } from './event-store.ts';
import { tooOldStatus } from './k8s-status.ts';

const CHUNK_CHARS = 64 * 1024;
const INITIAL_PAGE = 256;

export interface WatchStreamOptions {
  /** Only Events in this namespace; undefined: all. */
  readonly namespace: string | undefined;
  /** Replay history after this RV (must be >= the store's oldest valid RV), then live changes. */
  readonly fromRv: number;
  /** Before the history, send every Event as it was at `fromRv` as ADDED (sendInitialEvents / RV unset). */
  readonly initialEvents?: { readonly endBookmark: boolean };
  /** Bookmark period; undefined: no bookmarks. */
  readonly bookmarkIntervalMs: number | undefined;
  readonly timeoutMs: number;
  /** End a watch whose client has not drained a write for this long (a real API server drops slow watchers). */
  readonly slowWatcherTimeoutMs: number | undefined;
  readonly stalled: boolean;
  /** Rewrites each Event's JSON as it is written (hostile mode's giant notes); default as stored. */
  readonly objectJson?: (json: string) => string;
  /** Called once when the stream stops producing (ended, cut, or the client went away). */
  readonly onClosed: (stream: WatchStream) => void;
}

export class WatchStream {
  private readonly res: ServerResponse;
  private readonly store: EventStore;
  private readonly options: WatchStreamOptions;
  private cursor: number;
  /** The RV up to which this client has been sent everything (for the 410 message). */
  private positionRv: number;
  private initial: { after: string | undefined; readonly endBookmark: boolean } | undefined;
  private raw: string[] = [];
  private blocked = false;
  private stalled: boolean;
  private scheduled = false;
  private finished = false;
  private timedOut = false;
  private readonly unsubscribe: () => void;
  private readonly timers: NodeJS.Timeout[] = [];
  private slowTimer: NodeJS.Timeout | undefined;

  constructor(res: ServerResponse, store: EventStore, options: WatchStreamOptions) {
    this.res = res;
    this.store = store;
    this.options = options;
    this.stalled = options.stalled;
    this.cursor = store.seqAfter(options.fromRv);
    this.positionRv = options.fromRv;
    this.initial = options.initialEvents ? { after: undefined, endBookmark: options.initialEvents.endBookmark } : undefined;
    res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
    res.flushHeaders();
    res.on('close', () => this.closed());
    this.unsubscribe = store.subscribe(() => this.schedule());
    const timeout = setTimeout(() => this.onTimeout(), options.timeoutMs);
    timeout.unref();
    this.timers.push(timeout);
    if (options.bookmarkIntervalMs !== undefined) {
      const bookmarks = setInterval(() => this.bookmark(), options.bookmarkIntervalMs);
      bookmarks.unref();
      this.timers.push(bookmarks);
    }
    this.schedule();
  }

  get ended(): boolean {
    return this.finished;
  }

  /** Ends the stream cleanly (what the client sees after timeoutSeconds). */
  end(): void {
    if (this.finished) return;
    this.finish();
    this.res.end();
  }

  /** Destroys the connection abruptly: the client sees a broken stream, not a clean end. */
  cut(): void {
    if (this.finished) return;
    this.finish();
    this.res.destroy();
  }

  stall(): void {
    this.stalled = true;
  }

  unstall(): void {
    if (!this.stalled) return;
    this.stalled = false;
    if (this.timedOut) this.end();
    else this.schedule();
  }

  /** Queues raw text (a line, newline included) to be written between two events. */
  inject(text: string): void {
    if (this.finished) return;
    this.raw.push(text);
    this.schedule();
  }

  private schedule(): void {
    if (this.scheduled || this.finished) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      this.pump();
    });
  }

  private pump(): void {
    if (this.finished || this.stalled || this.blocked) return;
    let chunk = '';
    if (this.raw.length > 0) {
      chunk = this.raw.join('');
      this.raw = [];
    }
    while (this.initial !== undefined) {
      if (this.options.fromRv < this.store.oldestValidRv) return this.expire(chunk);
      const page = this.store.page(this.options.fromRv, this.options.namespace, this.initial.after, INITIAL_PAGE);
      for (const item of page.items) chunk += watchLine('ADDED', this.json(item.json));
      if (page.items.length > 0) this.initial.after = page.items[page.items.length - 1].key;
      if (!page.more) {
        if (this.initial.endBookmark) chunk += bookmarkLine(this.options.fromRv, true);
        this.initial = undefined;
      }
      if (chunk.length >= CHUNK_CHARS) {
        if (!this.write(chunk)) return;
        chunk = '';
      }
    }
    const end = this.store.historyEnd;
    while (this.cursor < end) {
      if (this.cursor < this.store.historyStart) return this.expire(chunk);
      const change = this.store.change(this.cursor++);
      this.positionRv = change.rv;
      if (change.rv <= this.options.fromRv) continue; // a watch from a future RV starts once the store gets there
      if (this.options.namespace !== undefined && change.object.namespace !== this.options.namespace) continue;
      chunk += watchLine(change.type, this.json(change.object.json));
      if (chunk.length >= CHUNK_CHARS) {
        if (!this.write(chunk)) return;
        chunk = '';
      }
    }
    if (chunk.length > 0) this.write(chunk);
  }

  private json(stored: string): string {
    return this.options.objectJson ? this.options.objectJson(stored) : stored;
  }

  /** Writes; false when the client is not keeping up (then waits for 'drain' before writing more). */
  private write(chunk: string): boolean {
    if (this.res.write(chunk)) return true;
    this.blocked = true;
    if (this.options.slowWatcherTimeoutMs !== undefined) {
      this.slowTimer = setTimeout(() => this.end(), this.options.slowWatcherTimeoutMs);
      this.slowTimer.unref();
    }
    this.res.once('drain', () => {
      this.blocked = false;
      if (this.slowTimer) clearTimeout(this.slowTimer);
      this.schedule();
    });
    return false;
  }

  /** The watch fell behind the history window (or started inside a snapshot that got compacted). */
  private expire(pending: string): void {
    this.res.write(pending + errorLine(tooOldStatus(this.positionRv, this.store.oldestValidRv)));
    this.end();
  }

  private bookmark(): void {
    if (this.finished || this.stalled || this.blocked || this.initial !== undefined || this.raw.length > 0) return;
    if (this.cursor !== this.store.historyEnd) return; // not caught up: the pump is about to write
    this.write(bookmarkLine(Math.max(this.store.currentRv, this.options.fromRv)));
  }

  private onTimeout(): void {
    if (this.stalled) this.timedOut = true;
    else this.end();
  }

  /** Stops producing: from here the stream only flushes what it wrote (or is already gone). */
  private finish(): void {
    this.finished = true;
    this.unsubscribe();
    for (const timer of this.timers) clearTimeout(timer);
    if (this.slowTimer) clearTimeout(this.slowTimer);
    this.options.onClosed(this);
  }

  private closed(): void {
    if (!this.finished) this.finish();
  }
}
