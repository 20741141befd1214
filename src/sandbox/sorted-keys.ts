/**
 * The keys of the current Events in list order, kept sorted lazily: nothing is done while no list
 * has asked (a preload of 50,000 events costs no sorting), the first list sorts once, and after
 * that changes are collected (O(1) each) and merged in at the next list (one O(n) pass plus
 * sorting what was added), so a stream of additions between list pages stays cheap.
 */
export class SortedKeys {
  private keys: string[] | undefined;
  private added: string[] = [];
  private readonly removed = new Set<string>();
  private readonly source: () => Iterable<string>;

  constructor(source: () => Iterable<string>) {
    this.source = source;
  }

  /** The keys in ascending order. The array is the live one: do not modify it, do not keep it across changes. */
  get(): readonly string[] {
    if (this.keys === undefined) {
      this.keys = [...this.source()].sort(compare);
    } else if (this.added.length > 0 || this.removed.size > 0) {
      this.keys = merge(this.keys, this.added.sort(compare), this.removed);
    }
    this.added = [];
    this.removed.clear();
    return this.keys;
  }

  /** A key that was not present is now. */
  insert(key: string): void {
    if (this.keys === undefined) return;
    if (this.removed.has(key)) this.removed.delete(key); // removed and re-added since the last merge: still in place
    else this.added.push(key);
  }

  /** A key that was present is not any more. */
  remove(key: string): void {
    if (this.keys !== undefined) this.removed.add(key);
  }
}

function merge(keys: readonly string[], added: readonly string[], removed: ReadonlySet<string>): string[] {
  const merged: string[] = [];
  let i = 0;
  let j = 0;
  while (i < keys.length || j < added.length) {
    const key = j >= added.length || (i < keys.length && keys[i] < added[j]) ? keys[i++] : added[j++];
    if (!removed.has(key)) merged.push(key);
  }
  return merged;
}

export function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** First index whose key is >= `key`. */
export function lowerBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid] < key) low = mid + 1;
    else high = mid;
  }
  return low;
}

/** First index whose key is > `key`. */
export function upperBound(keys: readonly string[], key: string): number {
  let low = 0;
  let high = keys.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if (keys[mid] <= key) low = mid + 1;
    else high = mid;
  }
  return low;
}
