/**
 * Every request the sandbox answered, for tests to assert on ("no relist happened", "the watch
 * resumed from RV 1042", "the client waited for Retry-After"). Counters are exact; the list of
 * records keeps the newest `limit` entries.
 */

/** `lease`: a coordination.k8s.io/v1 Lease get, create or update. */
export type RequestKind = 'list' | 'watch' | 'lease' | 'other';

/** Which credential let the request in; `rejected` answered 401. */
export type RequestCredential = 'token' | 'client-cert' | 'anonymous' | 'rejected';

export interface RequestRecord {
  readonly kind: RequestKind;
  readonly method: string;
  readonly path: string;
  /** The namespace in the path, when the request was for one namespace. */
  readonly namespace: string | undefined;
  /** Query parameters (the last value of a repeated one). */
  readonly query: { readonly [name: string]: string };
  /** The HTTP status answered (200 for a watch whose stream started). */
  readonly status: number;
  readonly credential: RequestCredential;
  /** When the answer started, ms since the epoch. */
  readonly at: number;
}

type Waiter = { readonly match: (record: RequestRecord) => boolean; readonly resolve: (record: RequestRecord) => void };

export class RequestLog {
  private readonly limit: number;
  private records: RequestRecord[] = [];
  private readonly waiters = new Set<Waiter>();
  private counts = { list: 0, watch: 0, lease: 0, other: 0 };

  constructor(limit = 10_000) {
    this.limit = limit;
  }

  /** The records kept, oldest first. */
  get entries(): readonly RequestRecord[] {
    return this.records;
  }

  /** List requests answered (any status). */
  get lists(): number {
    return this.counts.list;
  }

  /** Watch requests answered (any status). */
  get watches(): number {
    return this.counts.watch;
  }

  /** Lease requests answered (any status). */
  get leaseRequests(): number {
    return this.counts.lease;
  }

  get others(): number {
    return this.counts.other;
  }

  /** The records (among those kept) that match, e.g. `filter((r) => r.kind === 'list' && r.status === 200)`. */
  filter(match: (record: RequestRecord) => boolean): RequestRecord[] {
    return this.records.filter(match);
  }

  /** Forgets every record and resets the counters. */
  clear(): void {
    this.records = [];
    this.counts = { list: 0, watch: 0, lease: 0, other: 0 };
  }

  /**
   * Resolves with the first record that matches, among those kept (unless `includePast` is false)
   * and those to come; rejects when `signal` aborts. For tests:
   * `await sandbox.requests.waitFor((r) => r.kind === 'watch' && r.status === 200)`.
   */
  waitFor(match: (record: RequestRecord) => boolean, options: { signal?: AbortSignal; includePast?: boolean } = {}): Promise<RequestRecord> {
    const { signal, includePast = true } = options;
    const found = includePast ? this.records.find(match) : undefined;
    if (found) return Promise.resolve(found);
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        match,
        resolve: (record) => {
          signal?.removeEventListener('abort', abort);
          resolve(record);
        },
      };
      const abort = (): void => {
        this.waiters.delete(waiter);
        reject(signal?.reason);
      };
      if (signal?.aborted) return abort();
      signal?.addEventListener('abort', abort, { once: true });
      this.waiters.add(waiter);
    });
  }

  record(record: RequestRecord): void {
    this.counts[record.kind]++;
    this.records.push(record);
    if (this.records.length > this.limit) this.records.splice(0, this.records.length - this.limit);
    for (const waiter of this.waiters) {
      if (waiter.match(record)) {
        this.waiters.delete(waiter);
        waiter.resolve(record);
      }
    }
  }
}
