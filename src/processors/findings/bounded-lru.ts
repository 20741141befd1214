/**
 * A Map with a fixed maximum number of entries: `touch` moves an entry to the newest end, and
 * inserting past `capacity` drops the oldest (least recently touched) entry, handed to `onEvict`.
 * A Map's iteration order is its insertion order, so re-inserting is the recency update (O(1)).
 */
export class BoundedLru<K, V> {
  private readonly map = new Map<K, V>();
  readonly capacity: number;
  private readonly onEvict: ((key: K, value: V) => void) | undefined;

  constructor(capacity: number, onEvict?: (key: K, value: V) => void) {
    this.capacity = Math.max(1, Math.floor(capacity));
    this.onEvict = onEvict;
  }

  get size(): number {
    return this.map.size;
  }

  /** The value, without changing its recency. */
  peek(key: K): V | undefined {
    return this.map.get(key);
  }

  /** The value, made the newest entry. */
  touch(key: K): V | undefined {
    const value = this.map.get(key);
    if (value !== undefined) {
      this.map.delete(key);
      this.map.set(key, value);
    }
    return value;
  }

  /** Sets `key` as the newest entry; drops the oldest one when this goes past capacity. */
  set(key: K, value: V): void {
    if (this.map.has(key)) this.map.delete(key);
    this.map.set(key, value);
    if (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as K;
      const evicted = this.map.get(oldest) as V;
      this.map.delete(oldest);
      this.onEvict?.(oldest, evicted);
    }
  }

  delete(key: K): boolean {
    return this.map.delete(key);
  }

  values(): IterableIterator<V> {
    return this.map.values();
  }
}
