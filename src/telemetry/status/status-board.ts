/**
 * The status page's data source: a bounded board that components report to and the page reads.
 *
 *   receiver  -> board.receiver(id): phase, degraded + last error, paused    (on transitions)
 *             -> board.observe(record): last 50 events, counts by hint/second (per record, O(1))
 *   exporters -> read from their prom-client metrics when a snapshot is taken (nothing to call)
 *   leader    -> board.reportLeader({ role, holder })                         (on transitions)
 *   findings  -> board.addFindingsSource(() => firing findings)               (read per snapshot)
 *
 * Everything is bounded: 50 events (references to records already built), 900 s × (hints + 1)
 * counters, one entry per receiver, exporter and findings source. Snapshots shape what is shown:
 * notes and error messages are cut, and nothing beyond what the records carry is included.
 */
import type { EventRecord } from '../../model/record.ts';
import { VERSION } from '../../version.ts';
import type { Metrics } from '../metrics.ts';
import { EventRing } from './event-ring.ts';
import { ExporterStatusReader } from './exporter-status.ts';
import { HintRate } from './hint-rate.ts';
import { ReceiverStatus } from './receiver-status.ts';
import { STATUS_SCHEMA, type EventView, type FindingView, type StatusSnapshot } from './snapshot-schema.ts';

/** Events kept for the page. */
export const STATUS_EVENTS = 50;
/** The chart's window and bucket. */
export const RATE_WINDOW_SECONDS = 900;
export const RATE_BUCKET_SECONDS = 5;
/** Longest note shown, in characters. */
export const NOTE_MAX_CHARS = 240;
/** Findings shown at most, and receivers / findings sources tracked at most. */
const MAX_FINDINGS = 50;
const MAX_SOURCES = 16;

/** What a findings processor hands the board for each finding firing now (its own snapshot type fits). */
export interface StatusFinding {
  readonly kind: string;
  /** What it is about, e.g. a Deployment or a Node. */
  readonly subject: { readonly kind: string; readonly name: string; readonly namespace?: string | undefined };
  /** Occurrences counted so far. */
  readonly count: number;
  /** Event time of its first occurrence, microseconds since the Unix epoch. */
  readonly firstTimeMicros: number;
  readonly summary: string;
}

export type FindingsSource = () => readonly StatusFinding[];

export interface Leadership {
  readonly role: 'standalone' | 'leader' | 'follower';
  /** The lease holder's identity (this replica's when leading), if known. */
  readonly holder?: string;
}

export class StatusBoard {
  private readonly receivers = new Map<string, ReceiverStatus>();
  private readonly ring = new EventRing(STATUS_EVENTS);
  private readonly rate = new HintRate(RATE_WINDOW_SECONDS);
  private readonly exporters: ExporterStatusReader;
  private readonly findingsSources: FindingsSource[] = [];
  private readonly startedAt = new Date().toISOString();
  private leader: { role: Leadership['role']; holder: string | null; since: string } = { role: 'standalone', holder: null, since: this.startedAt };
  private seen = 0;

  constructor(metrics: Metrics) {
    this.exporters = new ExporterStatusReader(metrics);
  }

  /** The handle a receiver reports its state through (one per id; beyond 16 ids, a handle the page does not show). */
  receiver(id: string): ReceiverStatus {
    let r = this.receivers.get(id);
    if (r === undefined) {
      r = new ReceiverStatus(id);
      if (this.receivers.size < MAX_SOURCES) this.receivers.set(id, r);
    }
    return r;
  }

  /** Hot path: one accepted record. */
  observe(record: EventRecord): void {
    this.seen++;
    this.ring.push(record);
    this.rate.count(record.hint, Math.floor(record.observedUnixMicros / 1e6));
  }

  reportLeader(leadership: Leadership): void {
    const holder = leadership.holder ?? null;
    if (leadership.role === this.leader.role && holder === this.leader.holder) return;
    const since = leadership.role === this.leader.role ? this.leader.since : new Date().toISOString();
    this.leader = { role: leadership.role, holder, since };
  }

  /** Read at each snapshot; beyond 16 sources (one per findings processor) the rest are not shown. */
  addFindingsSource(source: FindingsSource): void {
    if (this.findingsSources.length < MAX_SOURCES) this.findingsSources.push(source);
  }

  async snapshot(ready: boolean, nowMs = Date.now()): Promise<StatusSnapshot> {
    return {
      schema: STATUS_SCHEMA,
      generatedAt: new Date(nowMs).toISOString(),
      version: VERSION,
      startedAt: this.startedAt,
      ready,
      leader: this.leader,
      receivers: [...this.receivers.values()].map((r) => r.view()),
      exporters: await this.exporters.read(nowMs),
      rate: { windowSeconds: RATE_WINDOW_SECONDS, ...this.rate.series(Math.floor(nowMs / 1000), RATE_BUCKET_SECONDS) },
      eventsSeen: this.seen,
      events: this.ring.newestFirst().map(eventView),
      findings: this.findings(),
    };
  }

  private findings(): FindingView[] {
    const out: FindingView[] = [];
    for (const source of this.findingsSources) {
      for (const f of source()) {
        if (out.length >= MAX_FINDINGS) return out;
        const s = f.subject;
        const subject = `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
        out.push({ kind: f.kind, subject: cut(subject, NOTE_MAX_CHARS), since: new Date(f.firstTimeMicros / 1000).toISOString(), count: Math.max(0, Math.trunc(f.count)), summary: cut(f.summary, NOTE_MAX_CHARS) });
      }
    }
    return out;
  }
}

function eventView(r: EventRecord): EventView {
  return {
    time: new Date(r.timeUnixMicros / 1000).toISOString(),
    observedAt: new Date(r.observedUnixMicros / 1000).toISOString(),
    hint: r.hint ?? null,
    type: r.type ?? null,
    reason: r.reason ?? null,
    object: { kind: r.regarding.kind ?? null, namespace: r.regarding.namespace ?? null, name: r.regarding.name ?? null },
    note: cut(r.note ?? '', NOTE_MAX_CHARS),
    count: Math.max(1, Math.trunc(r.count)),
  };
}

/** Snapshots are serialised at once and dropped, so a plain slice is enough here. */
function cut(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
