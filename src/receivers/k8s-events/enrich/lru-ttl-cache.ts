/**
 * A cache bounded in entries (least recently used evicted first) whose entries expire after their
 * own time to live. A Map keeps insertion order: a hit is moved to the end, eviction takes the
 * first key. Everything is O(1); nothing runs in the background.
 */
export class LruTtlCache<V> {
  private readonly maxEntries: number;
  private readonly now: () => number;
  private readonly entries = new Map<string, { readonly value: V; readonly expiresAt: number }>();

  constructor(maxEntries: number, now: () => number = Date.now) {
    if (!(maxEntries >= 1)) throw new RangeError('maxEntries must be at least 1');
    this.maxEntries = maxEntries;
    this.now = now;
  }

  get size(): number {
    return this.entries.size;
  }

  /** The value, if present and not expired (an expired entry is removed). */
  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined) return undefined;
    this.entries.delete(key);
    if (entry.expiresAt <= this.now()) return undefined;
    this.entries.set(key, entry);
    return entry.value;
  }

  set(key: string, value: V, ttlMs: number): void {
    this.entries.delete(key);
    this.entries.set(key, { value, expiresAt: this.now() + ttlMs });
    while (this.entries.size > this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done === true) break;
      this.entries.delete(oldest.value);
    }
  }
}
