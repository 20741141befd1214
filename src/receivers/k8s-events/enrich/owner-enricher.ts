/**
 * Adds the top owner and chosen labels/annotations of the object an event is about, from a
 * bounded cache, without ever waiting: `enrich(record)` answers from the cache at once. When an
 * object on the owner chain is not cached it schedules a lookup and the record goes out without
 * the keys (a miss, counted by reason); a later event about the same object finds it cached.
 *
 * Bounds: the cache holds at most `cache_size` objects (LRU, `cache_ttl`; failed lookups are kept
 * for at most NEGATIVE_TTL_MS so a deleted or forbidden object is not asked for on every event);
 * at most MAX_QUEUED lookups wait and MAX_IN_FLIGHT run at once; each takes a token of the
 * receiver's API rate limit only when one is spare (`tryTake`), so lookups never delay the watch.
 *
 * Owner chain: follow the controller ownerReference while it names a kind we can read, at most
 * MAX_DEPTH steps (Pod -> ReplicaSet -> Deployment, Pod -> Job -> CronJob). An owner that is gone
 * (404) still names itself in its child's reference: it becomes the top owner. An object with no
 * controller is its own top owner.
 */
import { ATTR_OWNER_KIND, ATTR_OWNER_NAME, ATTR_REGARDING_ANNOTATION_PREFIX, ATTR_REGARDING_LABEL_PREFIX } from '../../../model/attributes.ts';
import type { Attribute, EventRecord } from '../../../model/record.ts';
import type { EnrichConfig } from './config.ts';
import { LruTtlCache } from './lru-ttl-cache.ts';
import { workloadPath } from './workload-paths.ts';
import { summarize, type Lookup, type MissReason, type OwnerRef, type WorkloadSummary } from './workload-summary.ts';

export const MAX_QUEUED = 512;
export const MAX_IN_FLIGHT = 4;
export const MAX_DEPTH = 4;
export const NEGATIVE_TTL_MS = 30_000;
/** When no API token is spare, look again after this long. */
const BUDGET_RETRY_MS = 250;

export type EnrichMiss = MissReason | 'pending';
export const ENRICH_MISS_REASONS: readonly EnrichMiss[] = ['pending', 'not_found', 'forbidden', 'error'];

export interface EnricherDeps {
  /** GETs `path`: the parsed object, or why not. Must settle (it has its own deadline). */
  readonly get: (path: string, signal: AbortSignal) => Promise<{ readonly object: unknown } | { readonly missing: MissReason }>;
  /** Takes an API rate-limit token if one is spare now; false: try later. */
  readonly tryTake: () => boolean;
  readonly onMiss: (reason: EnrichMiss) => void;
  readonly onLookup: (result: 'ok' | MissReason) => void;
  readonly now?: () => number;
}

interface Wanted {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly path: string;
}

export class OwnerEnricher {
  private readonly config: EnrichConfig;
  private readonly deps: EnricherDeps;
  private readonly cache: LruTtlCache<Lookup>;
  private readonly queue = new Map<string, Wanted>();
  private readonly inFlight = new Set<string>();
  private readonly abort = new AbortController();
  private retryTimer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(config: EnrichConfig, deps: EnricherDeps) {
    this.config = config;
    this.deps = deps;
    this.cache = new LruTtlCache(config.cache_size, deps.now);
  }

  get cacheSize(): number {
    return this.cache.size;
  }

  /** The record with the enrichment keys when everything needed is cached; else the record as it is (a counted miss). */
  enrich(record: EventRecord): EventRecord {
    const ref = record.regarding;
    if (ref.kind === undefined || ref.namespace === undefined || ref.name === undefined) return record;
    const self = this.cached(ref.kind, ref.namespace, ref.name);
    if (self === undefined) return record;
    if ('missing' in self) return this.miss(record, self.missing);
    const extra: Attribute[] = [];
    if (this.config.owners) {
      const top = this.topOwner(self.found, ref.namespace);
      if (top === undefined || 'miss' in top) return top === undefined ? record : this.miss(record, top.miss);
      extra.push({ key: ATTR_OWNER_KIND, value: top.kind }, { key: ATTR_OWNER_NAME, value: top.name });
    }
    for (const [key, value] of self.found.labels) extra.push({ key: ATTR_REGARDING_LABEL_PREFIX + key, value });
    for (const [key, value] of self.found.annotations) extra.push({ key: ATTR_REGARDING_ANNOTATION_PREFIX + key, value });
    if (extra.length === 0) return record;
    return { ...record, attributes: [...record.attributes, ...extra] };
  }

  /** Stops lookups; pending ones are abandoned. Idempotent. */
  close(): void {
    this.closed = true;
    this.abort.abort(new Error('enrichment stopped'));
    clearTimeout(this.retryTimer);
    this.queue.clear();
  }

  /** Undefined (with a miss counted and a lookup scheduled) when not cached; undefined for kinds we do not read. */
  private cached(kind: string, namespace: string, name: string): Lookup | undefined {
    const path = workloadPath(kind, namespace, name);
    if (path === undefined) return undefined;
    const hit = this.cache.get(path);
    if (hit !== undefined) return hit;
    this.schedule({ kind, namespace, name, path });
    this.deps.onMiss('pending');
    return undefined;
  }

  private topOwner(start: WorkloadSummary, namespace: string): OwnerRef | { miss: EnrichMiss } | undefined {
    let current: OwnerRef = start;
    let controller = start.controller;
    for (let depth = 0; controller !== undefined && depth < MAX_DEPTH; depth++) {
      if (workloadPath(controller.kind, namespace, controller.name) === undefined) break;
      const next = this.cached(controller.kind, namespace, controller.name);
      if (next === undefined) return undefined;
      if ('missing' in next) {
        if (next.missing === 'not_found') return controller;
        return { miss: next.missing };
      }
      current = next.found;
      controller = next.found.controller;
    }
    return current;
  }

  private miss(record: EventRecord, reason: EnrichMiss): EventRecord {
    this.deps.onMiss(reason);
    return record;
  }

  private schedule(wanted: Wanted): void {
    if (this.closed || this.inFlight.has(wanted.path) || this.queue.has(wanted.path)) return;
    if (this.queue.size >= MAX_QUEUED) return; // asked again by a later event once there is room
    this.queue.set(wanted.path, wanted);
    this.drain();
  }

  private drain(): void {
    while (!this.closed && this.inFlight.size < MAX_IN_FLIGHT && this.queue.size > 0) {
      if (!this.deps.tryTake()) {
        if (this.retryTimer === undefined) {
          this.retryTimer = setTimeout(() => {
            this.retryTimer = undefined;
            this.drain();
          }, BUDGET_RETRY_MS);
          this.retryTimer.unref();
        }
        return;
      }
      const first = this.queue.entries().next();
      if (first.done === true) return;
      const [path, wanted] = first.value;
      this.queue.delete(path);
      this.inFlight.add(path);
      void this.lookUp(wanted).finally(() => {
        this.inFlight.delete(path);
        this.drain();
      });
    }
  }

  private async lookUp(wanted: Wanted): Promise<void> {
    const answer = await this.deps.get(wanted.path, this.abort.signal);
    if (this.closed) return;
    if ('missing' in answer) {
      this.deps.onLookup(answer.missing);
      this.cache.set(wanted.path, answer, Math.min(NEGATIVE_TTL_MS, this.config.cache_ttl));
      return;
    }
    this.deps.onLookup('ok');
    const summary = summarize(answer.object, wanted.kind, wanted.name, this.config);
    this.cache.set(wanted.path, { found: summary }, this.config.cache_ttl);
    // Walk up the owner chain now, so the next event about this object finds all of it cached.
    const owner = summary.controller;
    if (this.config.owners && owner !== undefined) {
      const path = workloadPath(owner.kind, wanted.namespace, owner.name);
      if (path !== undefined && this.cache.get(path) === undefined) this.schedule({ kind: owner.kind, namespace: wanted.namespace, name: owner.name, path });
    }
  }
}
