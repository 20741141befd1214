/**
 * Events as metrics: tracecore_k8s_events_total{hint, reason, type, regarding_kind}, with the
 * label values capped so cardinality stays bounded: `hint` is the closed taxonomy plus `none`;
 * `type` is Normal, Warning or other; the first `max_reasons` distinct reasons and `max_kinds`
 * distinct regarding kinds get their own value, later ones count as `other`. At most
 * 19 x (max_reasons + 1) x 3 x (max_kinds + 1) series, far fewer in practice (a reason comes with
 * few kinds). Every hint has a series at 0 from the start, so `sum by (hint)` queries work at once.
 */
import { HINTS } from '../../model/hint.ts';
import type { EventRecord } from '../../model/record.ts';
import type { Metrics } from '../../telemetry/metrics.ts';

export const OTHER = 'other';
export const NO_HINT = 'none';

interface Child {
  inc(value?: number): void;
}

export class EventMetrics {
  private readonly counter: Metrics['k8sEvents'];
  private readonly reasons = new Set<string>();
  private readonly kinds = new Set<string>();
  private readonly maxReasons: number;
  private readonly maxKinds: number;
  /** Bound children by their label values (bounded by the caps). */
  private readonly children = new Map<string, Child>();

  constructor(metrics: Metrics, maxReasons: number, maxKinds: number) {
    this.counter = metrics.k8sEvents;
    this.maxReasons = maxReasons;
    this.maxKinds = maxKinds;
    for (const hint of [...HINTS, NO_HINT]) this.counter.labels(hint, OTHER, OTHER, OTHER).inc(0);
  }

  count(record: EventRecord): void {
    const hint = record.hint ?? NO_HINT;
    const reason = capped(record.reason ?? OTHER, this.reasons, this.maxReasons);
    const type = record.type === 'Normal' || record.type === 'Warning' ? record.type : OTHER;
    const kind = capped(record.regarding.kind ?? OTHER, this.kinds, this.maxKinds);
    const key = `${hint}\u0000${reason}\u0000${type}\u0000${kind}`;
    let child = this.children.get(key);
    if (child === undefined) {
      child = this.counter.labels(hint, reason, type, kind);
      this.children.set(key, child);
    }
    child.inc();
  }
}

/** The value itself while fewer than `max` distinct values were seen, else `other`. */
function capped(value: string, seen: Set<string>, max: number): string {
  if (seen.has(value)) return value;
  if (seen.size >= max) return OTHER;
  seen.add(value);
  return value;
}
