/**
 * The bounded history of changes the sandbox keeps so watches can replay from a resource version
 * and lists can page over a consistent snapshot.
 *
 * Changes get consecutive sequence numbers; the history keeps the newest `limit` of them:
 *
 *   seq:   startSeq ............................ endSeq-1 | endSeq (next)
 *          [ oldest kept change ...  newest change ]      ^ a caught-up watch's cursor
 *
 * Stored as an array with a moving head (a queue): appending and dropping the oldest are O(1);
 * the array is re-based when the dropped prefix grows large.
 */

export type ChangeType = 'ADDED' | 'MODIFIED' | 'DELETED';

/** One version of one Event, serialized once and shared by the current state, the history, lists and watches. */
export interface StoredVersion {
  /** `namespace/name`: the identity and the list order, like the API server's storage key. */
  readonly key: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid: string;
  readonly rv: number;
  /** The object as JSON, starting with kind and apiVersion (the watch form); see listItemJson(). */
  readonly json: string;
}

export interface Change {
  readonly seq: number;
  readonly type: ChangeType;
  readonly rv: number;
  /** What a watch sends: the new version, or for DELETED the last state stamped with the deletion's RV. */
  readonly object: StoredVersion;
  /** The version before this change (undefined for ADDED): lets a list read the state at an older RV. */
  readonly previous: StoredVersion | undefined;
}

const REBASE_AT = 4096;

export class ChangeHistory {
  private readonly limit: number;
  private entries: Change[] = [];
  private head = 0;
  private firstSeq = 0;

  constructor(limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`history limit must be a positive integer, got ${limit}`);
    this.limit = limit;
  }

  /** Sequence number of the oldest change kept. */
  get startSeq(): number {
    return this.firstSeq;
  }

  /** Sequence number the next change will get (one past the newest). */
  get endSeq(): number {
    return this.firstSeq + this.entries.length - this.head;
  }

  get size(): number {
    return this.entries.length - this.head;
  }

  /** Appends a change; returns the change dropped to stay within the limit, if any. */
  append(type: ChangeType, object: StoredVersion, previous: StoredVersion | undefined): { change: Change; dropped: Change | undefined } {
    const change: Change = { seq: this.endSeq, type, rv: object.rv, object, previous };
    this.entries.push(change);
    let dropped: Change | undefined;
    if (this.size > this.limit) {
      dropped = this.entries[this.head];
      this.head++;
      this.firstSeq++;
      if (this.head >= REBASE_AT && this.head * 2 >= this.entries.length) {
        this.entries = this.entries.slice(this.head);
        this.head = 0;
      }
    }
    return { change, dropped };
  }

  /** The change with sequence number `seq`; startSeq <= seq < endSeq. */
  at(seq: number): Change {
    const change = this.entries[this.head + seq - this.firstSeq];
    if (seq < this.firstSeq || change === undefined) throw new RangeError(`change ${seq} is not in the history [${this.firstSeq}, ${this.endSeq})`);
    return change;
  }

  /** Sequence number of the first kept change with rv > `rv` (endSeq when there is none). */
  seqAfter(rv: number): number {
    let low = this.head;
    let high = this.entries.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      if (this.entries[mid].rv <= rv) low = mid + 1;
      else high = mid;
    }
    return this.firstSeq + low - this.head;
  }

  /** Forgets every change (compaction); sequence numbers keep counting. */
  clear(): void {
    this.firstSeq = this.endSeq;
    this.entries = [];
    this.head = 0;
  }
}
