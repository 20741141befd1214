/**
 * The fallback de-duplication for an API server whose resourceVersions are not ordered integers
 * (position.ts covers the normal case): which (uid, resourceVersion) pairs were already handed on,
 * so a relist, resync or reconnect emits nothing twice. Bounded: entries go when the watch reports
 * DELETED (TTL expiry) and, past `maxEntries`, oldest first.
 */
export class SeenEvents {
  private readonly versions = new Map<string, string>();
  private readonly maxEntries: number;
  private changes = 0;

  constructor(maxEntries: number) {
    this.maxEntries = maxEntries;
  }

  get size(): number {
    return this.versions.size;
  }

  /** True if this is new (and remembers it); false if this uid was already delivered at this version. */
  markIfNew(uid: string, resourceVersion: string): boolean {
    const known = this.versions.get(uid);
    if (known === resourceVersion) return false;
    if (known !== undefined) this.versions.delete(uid); // re-insert: the map's order is recency
    this.versions.set(uid, resourceVersion);
    this.changes++;
    if (this.versions.size > this.maxEntries) {
      const oldest = this.versions.keys().next().value as string;
      this.versions.delete(oldest);
    }
    return true;
  }

  /** Every remembered pair, oldest first (for the checkpoint). */
  entries(): IterableIterator<[string, string]> {
    return this.versions.entries();
  }

  /** Restores pairs from a checkpoint, oldest first. */
  restore(pairs: Iterable<readonly [string, string]>): void {
    for (const [uid, rv] of pairs) this.markIfNew(uid, rv);
  }

  /** Bumped on every change, so a checkpoint is written only when something changed. */
  get version(): number {
    return this.changes;
  }

  /** True when this uid was handed on at this resourceVersion. */
  has(uid: string, resourceVersion: string): boolean {
    return this.versions.get(uid) === resourceVersion;
  }

  /** The newest `n` pairs, oldest first. */
  *newest(n: number): IterableIterator<[string, string]> {
    let skip = this.versions.size - n;
    for (const pair of this.versions) {
      if (skip-- > 0) continue;
      yield pair;
    }
  }

  forget(uid: string): void {
    if (this.versions.delete(uid)) this.changes++;
  }
}
