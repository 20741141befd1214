/**
 * Which (uid, resourceVersion) pairs were already delivered, so a relist, resync or reconnect
 * emits nothing twice. Bounded: entries go when the watch reports DELETED (TTL expiry), when a
 * relist no longer contains them, and, past `maxEntries`, oldest first.
 */
export class SeenEvents {
  private readonly versions = new Map<string, string>();
  private readonly maxEntries: number;

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
    if (this.versions.size > this.maxEntries) {
      const oldest = this.versions.keys().next().value as string;
      this.versions.delete(oldest);
    }
    return true;
  }

  forget(uid: string): void {
    this.versions.delete(uid);
  }

  /** After a full relist: drop every uid the list no longer has (deleted while we were away). */
  retainOnly(uids: ReadonlySet<string>): void {
    for (const uid of this.versions.keys()) if (!uids.has(uid)) this.versions.delete(uid);
  }
}
