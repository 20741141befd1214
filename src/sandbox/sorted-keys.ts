/**
 * The keys of the current Events in list order, kept sorted lazily: nothing is done while no list
 * has asked (a preload of 50,000 events costs no sorting), the first list sorts once, and after
 * that inserts and removals are binary-searched splices.
 */

export class SortedKeys {
  private keys: string[] | undefined;
  private readonly source: () => Iterable<string>;

  constructor(source: () => Iterable<string>) {
    this.source = source;
  }

  /** The keys in ascending order. The array is the live one: do not modify it, do not keep it across changes. */
  get(): readonly string[] {
    if (this.keys === undefined) this.keys = [...this.source()].sort(compare);
    return this.keys;
  }

  insert(key: string): void {
    if (this.keys === undefined) return;
    this.keys.splice(lowerBound(this.keys, key), 0, key);
  }

  remove(key: string): void {
    if (this.keys === undefined) return;
    const at = lowerBound(this.keys, key);
    if (this.keys[at] === key) this.keys.splice(at, 1);
  }
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
