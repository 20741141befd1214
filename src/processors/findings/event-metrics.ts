/**
 * Events as metrics: tracecore_k8s_events_total{hint, reason, type, regarding_kind}, with the
 * label values capped so cardinality stays bounded: `hint` is the closed taxonomy plus `none`;
 * `type` is Normal, Warning or other; the first `max_reasons` distinct reasons and `max_kinds`
 * distinct regarding kinds get their own value, later ones count as `other`. At most
 * (max_reasons + 1) x (max_kinds + 1) x 19 x 3 series, far fewer in practice (a reason comes with
 * few kinds). Every hint has a series at 0 from the start, so `sum by (hint)` queries work at once.
 *
 * Hot path: a plain number per (reason, kind, hint, type) cell, found through two Maps keyed by
 * the record's own strings (no key built per event); the prom-client counter is brought up to
 * date at scrape time (Metrics.k8sEventsCollectors).
 */
import { HINTS } from '../../model/hint.ts';
import type { EventRecord } from '../../model/record.ts';
import type { Metrics } from '../../telemetry/metrics.ts';

export const OTHER = 'other';
export const NO_HINT = 'none';

const HINT_VALUES: readonly string[] = [...HINTS, NO_HINT];
const HINT_INDEX = new Map<string, number>(HINT_VALUES.map((hint, i) => [hint, i]));
const TYPE_VALUES = ['Normal', 'Warning', OTHER] as const;
const CELLS = HINT_VALUES.length * TYPE_VALUES.length;

/** Counts of one (reason, kind) pair: [hint * 3 + type], and what the counter was last given. */
interface Cells {
  readonly counts: Float64Array;
  readonly reported: Float64Array;
}

export class EventMetrics {
  private readonly counter: Metrics['k8sEvents'];
  /** reason label -> regarding_kind label -> cells. */
  private readonly cells = new Map<string, Map<string, Cells>>();
  private readonly reasons: CappedLabel;
  private readonly kinds: CappedLabel;

  constructor(metrics: Metrics, maxReasons: number, maxKinds: number) {
    this.counter = metrics.k8sEvents;
    this.reasons = new CappedLabel(maxReasons);
    this.kinds = new CappedLabel(maxKinds);
    for (const hint of HINT_VALUES) this.counter.labels(hint, OTHER, OTHER, OTHER).inc(0);
    metrics.k8sEventsCollectors.push(() => this.report());
  }

  count(record: EventRecord): void {
    const reason = this.reasons.of(record.reason ?? OTHER);
    const kind = this.kinds.of(record.regarding.kind ?? OTHER);
    let byKind = this.cells.get(reason);
    if (byKind === undefined) {
      byKind = new Map();
      this.cells.set(reason, byKind);
    }
    let cells = byKind.get(kind);
    if (cells === undefined) {
      cells = { counts: new Float64Array(CELLS), reported: new Float64Array(CELLS) };
      byKind.set(kind, cells);
    }
    const hint = record.hint === undefined ? HINT_VALUES.length - 1 : (HINT_INDEX.get(record.hint) as number);
    const type = record.type === 'Normal' ? 0 : record.type === 'Warning' ? 1 : 2;
    cells.counts[hint * 3 + type]++;
  }

  /** Adds what was counted since the last scrape to the Prometheus counter. */
  private report(): void {
    for (const [reason, byKind] of this.cells) {
      for (const [kind, { counts, reported }] of byKind) {
        for (let i = 0; i < CELLS; i++) {
          const delta = counts[i] - reported[i];
          if (delta === 0) continue;
          this.counter.labels(HINT_VALUES[Math.floor(i / 3)], reason, TYPE_VALUES[i % 3], kind).inc(delta);
          reported[i] = counts[i];
        }
      }
    }
  }
}

/** A label whose first `max` distinct values are named; later values are `other`. */
class CappedLabel {
  /** Value -> label (itself or `other`); bounded: values past the cache's room are looked up anew. */
  private readonly labels = new Map<string, string>();
  private readonly max: number;
  private named = 0;

  constructor(max: number) {
    this.max = max;
  }

  of(value: string): string {
    const known = this.labels.get(value);
    if (known !== undefined) return known;
    const label = this.named < this.max ? value : OTHER;
    if (label !== OTHER) this.named++;
    if (this.labels.size <= this.max * 2) this.labels.set(value, label);
    return label;
  }
}
