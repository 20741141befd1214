/**
 * The receiver's position: where to resume and what not to send again, of a size that does not
 * grow with the number of events in the cluster (kubernetes-watch.md: resourceVersions of one
 * resource are ordered integers).
 *
 * Every object the list/watch loop hands over is registered in stream order and gets a sequence
 * number; it is settled at once (filtered, deleted, bookmark, already delivered) or when the
 * pipeline acknowledges the batch it travelled in. Settled entries leave the front of the
 * in-flight FIFO in order and only then move the persistent state:
 *
 * - watch entries cover (previous RV in the stream, their RV]: acknowledged ones go into the
 *   AckedRanges (watermark + ranges); a nacked one leaves a hole, so the watermark stays below it
 *   and a restart or relist sends it again;
 * - a list is a consistent snapshot at its RV L, served in key order (namespace/name): while its
 *   items are acknowledged in order, `list = { rv: L, through: key }` says "every object with a key
 *   at or before `through` and an RV at or below L was delivered"; once every item of the list was
 *   acknowledged, (0, L] joins the ranges (the watermark reaches L) and the list memo is dropped.
 *   A nacked list item does not stop the memo: it is kept as an exception (`except`, at most
 *   MAX_ACKED_RANGES of them; past that the memo stops growing), so a relist sends it again and
 *   nothing that was acknowledged after it.
 *
 * An object is sent again only if its RV is above the watermark, in no acknowledged range and not
 * covered by the list memo. The watch resumes from the watermark. What is kept: the in-flight FIFO
 * (bounded by the pipeline's queues), at most `maxRanges` ranges and one list memo.
 */
import { AckedRanges, type Range } from './acked-ranges.ts';
import { compareRv, isOrderedRv, RV_ZERO } from './resource-version.ts';

/** Acknowledged ranges kept above the watermark, at most (each is a hole left by a nack). */
export const MAX_ACKED_RANGES = 256;

const PENDING = 0;
const ACKED = 1;
const NACKED = 2;

type EntryKind = 'watch' | 'list-item' | 'list-begin' | 'list-end';

interface Entry {
  kind: EntryKind;
  state: number;
  /** watch: lower bound (exclusive); list-begin/list-end: the list's RV. */
  lo: string;
  /** watch and list-item: the object's RV. */
  hi: string;
  /** list-item: namespace/name; '' when the list was seen out of key order. */
  key: string;
}

export interface ListMemo {
  readonly rv: string;
  readonly through: string;
  /** [key, rv] of items up to `through` that were not acknowledged. */
  readonly except?: ReadonlyArray<readonly [string, string]>;
}

export interface PositionState {
  readonly watermark: string;
  readonly watermarkTime: number;
  readonly acked: readonly Range[];
  readonly list?: ListMemo;
}

export interface PositionEvents {
  /** The persistent state moved (save it soon). */
  onMoved(): void;
  /** `n` unacknowledged holes were given up to keep the ranges bounded. */
  onGaveUp(n: number): void;
}

/** Key of an object in list order (the API server lists in etcd key order: namespace, then name). */
export function listKey(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

export class Position {
  private readonly ranges: AckedRanges;
  private memo: ListMemo | undefined;
  /** `${key} ${rv}` of the memo's exceptions. */
  private memoExcept = new Set<string>();
  private readonly events: PositionEvents;
  private readonly entries: Entry[] = [];
  private head = 0;
  private firstSeq = 0;
  /** The RV the stream is at (for the lower bound of the next watch entry). */
  private streamRv = RV_ZERO;
  /** Registration side of the list being read: its RV and the last key seen. */
  private listing: { rv: string; lastKey: string } | undefined;
  /** Apply side of the list whose entries are leaving the FIFO. */
  private applying: { rv: string; broken: boolean; except: Array<[string, string]> } | undefined;

  constructor(events: PositionEvents, state?: PositionState) {
    this.events = events;
    this.ranges = new AckedRanges(MAX_ACKED_RANGES, state?.watermark ?? RV_ZERO, state?.acked ?? [], state?.watermarkTime ?? 0);
    this.setMemo(state?.list);
  }

  /** True before anything was ever acknowledged (a first start). */
  get empty(): boolean {
    return this.ranges.watermark === RV_ZERO && this.ranges.size === 0 && this.memo === undefined;
  }

  /** The RV to resume the watch from after a restart, or undefined when a list must come first. */
  resumeFrom(): string | undefined {
    return this.ranges.watermark === RV_ZERO ? undefined : this.ranges.watermark;
  }

  get watermarkTime(): number {
    return this.ranges.watermarkTime;
  }

  /** Entries registered and not yet out of the FIFO (in flight, or waiting behind one that is). */
  get inFlight(): number {
    return this.entries.length - this.head;
  }

  snapshot(): PositionState {
    return { watermark: this.ranges.watermark, watermarkTime: this.ranges.watermarkTime, acked: this.ranges.list(), ...(this.memo ? { list: this.memo } : {}) };
  }

  /** True when this object at this RV was delivered before (do not send it again). */
  delivered(key: string, rv: string): boolean {
    if (this.ranges.covers(rv)) return true;
    const memo = this.memo;
    return memo !== undefined && key <= memo.through && compareRv(rv, memo.rv) <= 0 && !this.memoExcept.has(`${key} ${rv}`);
  }

  /** A list (or a list restarted after its continue token expired) begins, at snapshot `rv`. */
  beginList(rv: string): void {
    this.listing = { rv, lastKey: '' };
    this.register('list-begin', ACKED, rv, rv, '');
  }

  /** A list item; returns its sequence number, settled now if `settled` says so. */
  listItem(key: string, rv: string, settled?: boolean): number {
    const listing = this.listing;
    let orderedKey = key;
    if (listing) {
      if (key <= listing.lastKey) {
        // Not in key order (never seen from a real API server): nothing this list said about
        // "every key up to X" holds, so forget it; the cost is sending some events again.
        orderedKey = '';
        if (this.memo?.rv === listing.rv) {
          this.setMemo(undefined);
          this.events.onMoved();
        }
      } else {
        listing.lastKey = key;
      }
    }
    return this.register('list-item', settled === undefined ? PENDING : settled ? ACKED : NACKED, RV_ZERO, rv, orderedKey);
  }

  /** The list ended at snapshot `rv`; the watch starts from it. */
  endList(rv: string): void {
    this.listing = undefined;
    this.register('list-end', ACKED, rv, rv, '');
    this.streamRv = rv;
  }

  /** A watch starts from `rv` (after a list, a clean end, or on resume). */
  watchFrom(rv: string): void {
    this.streamRv = rv;
  }

  /** A watch object to send; returns its sequence number. */
  watchItem(rv: string): number {
    const lo = this.streamRv;
    this.streamRv = rv;
    return this.register('watch', PENDING, lo, rv, '');
  }

  /** A watch event that needs no delivery (bookmark, deletion, filtered, already delivered, undecodable). */
  watchSettled(rv: string): void {
    if (compareRv(rv, this.streamRv) <= 0) return;
    const lo = this.streamRv;
    this.streamRv = rv;
    this.register('watch', ACKED, lo, rv, '');
  }

  /** Settles every pending entry with a sequence number in [from, to]. */
  settle(from: number, to: number, ok: boolean): void {
    const start = Math.max(from, this.firstSeq);
    for (let seq = start; seq <= to; seq++) {
      const entry = this.entries[this.head + seq - this.firstSeq];
      if (entry === undefined) break;
      if (entry.state === PENDING) entry.state = ok ? ACKED : NACKED;
    }
    this.drain();
  }

  private register(kind: EntryKind, state: number, lo: string, hi: string, key: string): number {
    const seq = this.firstSeq + this.entries.length - this.head;
    this.entries.push({ kind, state, lo, hi, key });
    if (state !== PENDING && this.head === this.entries.length - 1) this.drain();
    return seq;
  }

  private drain(): void {
    let moved = false;
    while (this.head < this.entries.length) {
      const entry = this.entries[this.head];
      if (entry.state === PENDING) break;
      this.entries[this.head] = undefined as unknown as Entry;
      this.head++;
      this.firstSeq++;
      if (this.apply(entry)) moved = true;
    }
    if (this.head === this.entries.length) {
      this.entries.length = 0;
      this.head = 0;
    } else if (this.head > 4096 && this.head * 2 > this.entries.length) {
      this.entries.splice(0, this.head);
      this.head = 0;
    }
    if (moved) this.events.onMoved();
  }

  /** Applies one settled entry to the persistent state; true when that state changed. */
  private apply(entry: Entry): boolean {
    switch (entry.kind) {
      case 'watch': {
        if (entry.state !== ACKED) return false;
        const before = this.ranges.watermark;
        const size = this.ranges.size;
        const givenUp = this.ranges.add(entry.lo, entry.hi);
        if (givenUp > 0) this.events.onGaveUp(givenUp);
        return before !== this.ranges.watermark || size !== this.ranges.size || givenUp > 0;
      }
      case 'list-begin':
        this.applying = { rv: entry.lo, broken: false, except: [] };
        return false;
      case 'list-item': {
        const list = this.applying;
        if (list === undefined || list.broken) return false;
        if (entry.state === NACKED && entry.key !== '' && list.except.length < MAX_ACKED_RANGES) {
          list.except.push([entry.key, entry.hi]);
          return this.advanceMemo(list, entry.key);
        }
        if (entry.state !== ACKED || entry.key === '') {
          list.broken = true;
          if (entry.key === '' && this.memo?.rv === list.rv) {
            this.setMemo(undefined);
            return true;
          }
          return false;
        }
        return this.advanceMemo(list, entry.key);
      }
      case 'list-end': {
        const list = this.applying;
        this.applying = undefined;
        if (list === undefined || list.broken || list.rv !== entry.lo || list.except.length > 0) return false;
        this.ranges.add(RV_ZERO, entry.lo);
        if (this.memo !== undefined && compareRv(this.memo.rv, entry.lo) <= 0) this.setMemo(undefined);
        return true;
      }
    }
  }

  /** The list's acknowledged prefix reaches `key`: it becomes the memo unless the memo already reaches further (an older list, or an earlier pass over the same snapshot that a failed list left behind). */
  private advanceMemo(list: { rv: string; except: Array<[string, string]> }, key: string): boolean {
    const memo = this.memo;
    if (memo !== undefined && (key < memo.through || compareRv(list.rv, memo.rv) < 0)) return false;
    this.setMemo({ rv: list.rv, through: key, ...(list.except.length > 0 ? { except: list.except.slice() } : {}) });
    return true;
  }

  private setMemo(memo: ListMemo | undefined): void {
    this.memo = memo;
    this.memoExcept = new Set((memo?.except ?? []).map(([key, rv]) => `${key} ${rv}`));
  }
}

export { isOrderedRv };
