/**
 * The sandbox's storage: the current Events, a global resource-version counter, the bounded
 * change history (for watches) and consistent paging over an older snapshot (for lists).
 *
 * Resource versions are consecutive integers served as strings. Every change takes the next one.
 * `oldestValidRv` is the compaction point: a watch or a continue token from an RV below it
 * answers 410 Expired. It rises when the history drops its oldest change, and `compact()` raises
 * it past every RV handed out so far.
 *
 * Each version is serialized once (event-json.ts) and stored only as that string, so 50,000
 * preloaded events cost their JSON and little more.
 */
import { randomUUID } from 'node:crypto';
import { ChangeHistory, type Change, type ChangeType, type StoredVersion } from './change-history.ts';
import { serializeEvent } from './event-json.ts';
import { formatMicroTime, formatTime, type EventInput, type EventMetadata, type EventObject, type EventRef } from './event-types.ts';
import { SortedKeys, compare, lowerBound, upperBound } from './sorted-keys.ts';

export interface EventStoreOptions {
  /** Changes kept for watches to replay (the compaction window). Default 100,000. */
  readonly historyLimit?: number;
  /** The resource version of the empty store; the first change gets the next one. Default 1000. */
  readonly initialResourceVersion?: number;
  /** Milliseconds since the epoch; default Date.now. Stamps creationTimestamp, eventTime, series. */
  readonly clock?: () => number;
}

/** Top-level fields to replace in a modify(); metadata fields are merged (name, namespace, uid, resourceVersion are kept). */
export type EventPatch = Partial<Omit<EventObject, 'metadata'>> & { metadata?: Partial<EventMetadata> };

export interface ListPage {
  readonly items: readonly StoredVersion[];
  /** More items follow the last one (a continue token is due). */
  readonly more: boolean;
}

const DEFAULT_HISTORY_LIMIT = 100_000;

export class EventStore {
  private readonly current = new Map<string, StoredVersion>();
  private readonly history: ChangeHistory;
  private readonly sorted = new SortedKeys(() => this.current.keys());
  private readonly listeners = new Set<() => void>();
  private readonly clock: () => number;
  private rv: number;
  private floorRv: number;
  private nameSerial = 0;
  private snapshot: SnapshotOverlay | undefined;

  constructor(options: EventStoreOptions = {}) {
    this.history = new ChangeHistory(options.historyLimit ?? DEFAULT_HISTORY_LIMIT);
    this.rv = options.initialResourceVersion ?? 1000;
    if (!Number.isSafeInteger(this.rv) || this.rv < 1) throw new RangeError(`initialResourceVersion must be a positive integer, got ${this.rv}`);
    this.floorRv = this.rv;
    this.clock = options.clock ?? Date.now;
  }

  /** The newest resource version (what a list answers now). */
  get resourceVersion(): string {
    return String(this.rv);
  }

  /** The compaction point: watches and continue tokens from an older RV answer 410 Expired. */
  get oldestResourceVersion(): string {
    return String(this.floorRv);
  }

  /** Number of Events stored now. */
  get size(): number {
    return this.current.size;
  }

  /**
   * Creates an Event (a watch sees ADDED). Fills what the API server and event recorders fill:
   * metadata.namespace (from regarding.namespace, else `default`), metadata.name
   * (`<regarding.name>.<hex nanoseconds>`), uid, resourceVersion, creationTimestamp, and when the
   * event carries no time at all, `eventTime` (now, MicroTime) or, for old-API events (those with
   * `deprecatedSource`), deprecatedFirstTimestamp/LastTimestamp and deprecatedCount 1.
   * Returns the stored object (a copy; changing it changes nothing here).
   */
  add(event: EventInput): EventObject {
    const now = this.clock();
    const metadata = event.metadata ?? {};
    const namespace = metadata.namespace ?? event.regarding?.namespace ?? 'default';
    const name = metadata.name ?? `${event.regarding?.name ?? 'event'}.${this.nameSuffix(now)}`;
    const key = keyOf(namespace, name);
    if (this.current.has(key)) throw new Error(`event ${key} already exists`);
    const stored: EventObject = {
      ...event,
      metadata: {
        name,
        namespace,
        uid: metadata.uid ?? randomUUID(),
        resourceVersion: '',
        creationTimestamp: metadata.creationTimestamp ?? formatTime(now),
        ...withoutIdentity(metadata),
      },
    };
    if (hasNoTime(stored)) {
      if (stored.deprecatedSource !== undefined) {
        stored.eventTime = null;
        stored.deprecatedFirstTimestamp = formatTime(now);
        stored.deprecatedLastTimestamp = formatTime(now);
        stored.deprecatedCount ??= 1;
      } else {
        stored.eventTime = formatMicroTime(now);
      }
    }
    this.commit('ADDED', stored, undefined);
    return stored;
  }

  /** Changes an Event (a watch sees MODIFIED) with a patch or a function that edits a fresh copy. */
  modify(ref: EventRef, change: EventPatch | ((draft: EventObject) => void)): EventObject {
    const previous = this.require(ref);
    const draft = JSON.parse(previous.json) as EventObject;
    if (typeof change === 'function') {
      change(draft);
    } else {
      const { metadata, ...fields } = change;
      Object.assign(draft, fields);
      if (metadata) Object.assign(draft.metadata, withoutIdentity(metadata));
    }
    draft.metadata = { ...draft.metadata, name: previous.name, namespace: previous.namespace, uid: previous.uid };
    this.commit('MODIFIED', draft, previous);
    return draft;
  }

  /**
   * The event happened again (a watch sees MODIFIED), the way recorders report it: old-API events
   * (eventTime null with deprecatedSource or deprecatedCount) get deprecatedCount + 1 and a new
   * deprecatedLastTimestamp; others get series.count + 1 (2 on the first repeat) and
   * series.lastObservedTime.
   */
  recur(ref: EventRef, atMs: number = this.clock()): EventObject {
    return this.modify(ref, (draft) => {
      const oldApi = draft.eventTime == null && draft.series === undefined && (draft.deprecatedSource !== undefined || draft.deprecatedCount !== undefined);
      if (oldApi) {
        draft.deprecatedCount = (draft.deprecatedCount ?? 1) + 1;
        draft.deprecatedLastTimestamp = formatTime(atMs);
      } else {
        draft.series = { count: (draft.series?.count ?? 1) + 1, lastObservedTime: formatMicroTime(atMs) };
      }
    });
  }

  /** Deletes an Event (a watch sees DELETED, like a TTL expiry). False when there was none. */
  delete(ref: EventRef): boolean {
    const previous = this.current.get(keyOf(ref.namespace, ref.name));
    if (previous === undefined) return false;
    const last = JSON.parse(previous.json) as EventObject;
    this.commit('DELETED', last, previous);
    return true;
  }

  /** The current Event at `ref`, parsed from its stored JSON. */
  get(ref: EventRef): EventObject | undefined {
    const version = this.current.get(keyOf(ref.namespace, ref.name));
    return version === undefined ? undefined : (JSON.parse(version.json) as EventObject);
  }

  /** Every current Event, in list order (namespace, then name). */
  all(): EventObject[] {
    return this.page(this.rv, undefined, undefined, 0).items.map((v) => JSON.parse(v.json) as EventObject);
  }

  /** Makes every resource version handed out so far too old: watches and continue tokens from them answer 410. */
  compact(): void {
    this.rv++;
    this.floorRv = this.rv;
    this.history.clear();
    this.snapshot = undefined;
    this.notify();
  }

  // ---- for the server (watch streams and list handling) ----

  /** Called after every change (synchronously); returns the unsubscribe function. */
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  get currentRv(): number {
    return this.rv;
  }

  get oldestValidRv(): number {
    return this.floorRv;
  }

  get historyStart(): number {
    return this.history.startSeq;
  }

  get historyEnd(): number {
    return this.history.endSeq;
  }

  change(seq: number): Change {
    return this.history.at(seq);
  }

  /** Sequence number of the first change after `rv`; rv must be >= oldestValidRv. */
  seqAfter(rv: number): number {
    return this.history.seqAfter(rv);
  }

  /** The current version at `ref`. */
  version(ref: EventRef): StoredVersion | undefined {
    return this.current.get(keyOf(ref.namespace, ref.name));
  }

  /**
   * Up to `limit` (0: all) Events as they were at `snapshotRv`, in key order, after key `after`,
   * in `namespace` (undefined: all). Requires oldestValidRv <= snapshotRv <= currentRv.
   */
  page(snapshotRv: number, namespace: string | undefined, after: string | undefined, limit: number): ListPage {
    if (snapshotRv < this.floorRv || snapshotRv > this.rv) throw new RangeError(`snapshot ${snapshotRv} is outside [${this.floorRv}, ${this.rv}]`);
    const overlay = this.overlayAt(snapshotRv);
    const prefix = namespace === undefined ? '' : `${namespace}/`;
    const keys = this.sorted.get();
    const extras = overlay?.extras ?? [];
    let i = startIndex(keys, prefix, after);
    let j = startIndex(extras, prefix, after);
    const items: StoredVersion[] = [];
    for (;;) {
      const a = i < keys.length && keys[i].startsWith(prefix) ? keys[i] : undefined;
      const b = j < extras.length && extras[j].startsWith(prefix) ? extras[j] : undefined;
      if (a === undefined && b === undefined) return { items, more: false };
      let key: string;
      if (b === undefined || (a !== undefined && compare(a, b) < 0)) {
        key = a as string;
        i++;
      } else {
        key = b;
        j++;
      }
      const version = overlay?.versions.has(key) ? overlay.versions.get(key) : this.current.get(key);
      if (version === undefined) continue; // created after the snapshot
      if (limit > 0 && items.length === limit) return { items, more: true };
      items.push(version);
    }
  }

  private commit(type: ChangeType, object: EventObject, previous: StoredVersion | undefined): void {
    const rv = ++this.rv;
    object.metadata.resourceVersion = String(rv);
    const namespace = object.metadata.namespace as string;
    const name = object.metadata.name as string;
    const key = keyOf(namespace, name);
    const version: StoredVersion = { key, namespace, name, uid: object.metadata.uid as string, rv, json: serializeEvent(object) };
    if (type === 'DELETED') {
      this.current.delete(key);
      this.sorted.remove(key);
    } else {
      if (type === 'ADDED') this.sorted.insert(key);
      this.current.set(key, version);
    }
    const { dropped } = this.history.append(type, version, previous);
    if (dropped !== undefined) this.floorRv = dropped.rv;
    this.notify();
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private require(ref: EventRef): StoredVersion {
    const version = this.current.get(keyOf(ref.namespace, ref.name));
    if (version === undefined) throw new Error(`no event ${keyOf(ref.namespace, ref.name)}`);
    return version;
  }

  /** Like the recorders' `<name>.<hex UnixNano>`, kept unique within the store. */
  private nameSuffix(nowMs: number): string {
    this.nameSerial = (this.nameSerial + 1) % 1_000_000;
    return (BigInt(Math.floor(nowMs)) * 1_000_000n + BigInt(this.nameSerial)).toString(16);
  }

  /**
   * For each key changed after `snapshotRv`, its version at the snapshot (undefined: it did not
   * exist), plus the sorted keys that existed then but are gone now. Cached for the snapshot most
   * recently asked for and extended as changes arrive, so paging a large list costs little.
   */
  private overlayAt(snapshotRv: number): SnapshotOverlay | undefined {
    if (snapshotRv === this.rv) return undefined;
    let overlay = this.snapshot;
    if (overlay === undefined || overlay.rv !== snapshotRv || overlay.uptoSeq < this.history.startSeq) {
      overlay = { rv: snapshotRv, uptoSeq: this.history.seqAfter(snapshotRv), versions: new Map(), extras: [] };
      this.snapshot = overlay;
    }
    const end = this.history.endSeq;
    if (overlay.uptoSeq < end) {
      for (let seq = overlay.uptoSeq; seq < end; seq++) {
        const change = this.history.at(seq);
        if (!overlay.versions.has(change.object.key)) overlay.versions.set(change.object.key, change.previous);
      }
      overlay.uptoSeq = end;
      const extras: string[] = [];
      for (const [key, version] of overlay.versions) if (version !== undefined && !this.current.has(key)) extras.push(key);
      overlay.extras = extras.sort(compare);
    }
    return overlay;
  }
}

interface SnapshotOverlay {
  readonly rv: number;
  uptoSeq: number;
  readonly versions: Map<string, StoredVersion | undefined>;
  extras: string[];
}

export function keyOf(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function startIndex(keys: readonly string[], prefix: string, after: string | undefined): number {
  const fromPrefix = lowerBound(keys, prefix);
  return after === undefined ? fromPrefix : Math.max(fromPrefix, upperBound(keys, after));
}

function withoutIdentity(metadata: Partial<EventMetadata>): Partial<EventMetadata> {
  const { name: _n, namespace: _ns, uid: _u, resourceVersion: _rv, creationTimestamp: _c, ...rest } = metadata;
  return rest;
}

function hasNoTime(event: EventObject): boolean {
  return event.eventTime === undefined && event.series === undefined && event.deprecatedFirstTimestamp == null && event.deprecatedLastTimestamp == null;
}
