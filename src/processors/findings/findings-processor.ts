/**
 * The `findings` processor: Event records pass through unchanged (with their ack), each one
 * counted in tracecore_k8s_events_total and fed to the detectors; the findings the detectors
 * emit follow in their own consume call with NO_ACK, so the source records' acknowledgement never
 * waits on detector state. With `throttle` on, repeats of a recurring event are held back (and
 * acked: filtered on purpose) after the detectors and metrics have seen them.
 *
 * Event time drives the detectors. When no records come, a clock tick (every 30 s, unref'd)
 * moves event time on by the wall time that passed since the last record, so a finding resolves
 * in a quiet cluster too.
 *
 * Records from upstream findings (a second findings processor in a chain) pass untouched.
 */
import { NO_ACK, type Ack } from '../../component/ack.ts';
import type { CreateSettings, LogsConsumer, Processor } from '../../component/types.ts';
import { FINDING_KINDS, FINDING_STATES, isFinding, type FindingKind, type FindingState } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';
import { RateLimitedLog } from '../../telemetry/logger.ts';
import type { FindingsConfig } from './config.ts';
import { Detectors } from './detectors.ts';
import { EventMetrics } from './event-metrics.ts';
import { FindingsEngine, type FiringFinding } from './findings-engine.ts';
import { Throttle } from './throttle.ts';

const TICK_MS = 30_000;

export class FindingsProcessor implements Processor {
  private readonly next: LogsConsumer;
  private readonly engine: FindingsEngine;
  private readonly detectors: Detectors;
  private readonly eventMetrics: EventMetrics | undefined;
  private readonly throttle: Throttle | undefined;
  private readonly throttled: { inc(n?: number): void };
  private readonly errors: RateLimitedLog;
  private timer: NodeJS.Timeout | undefined;
  /** Wall time (ms) when event time last moved, to move it on while no records come. */
  private wallAtClock = Date.now();
  private clockAtWall = 0;
  private stopped = false;

  constructor(settings: CreateSettings, config: FindingsConfig, next: LogsConsumer) {
    const { id, metrics, logger } = settings;
    this.next = next;
    for (const kind of FINDING_KINDS) {
      metrics.findingsFiring.labels(kind).set(0);
      for (const state of FINDING_STATES) metrics.findings.labels(kind, state).inc(0);
    }
    const firing = new Map(FINDING_KINDS.map((kind) => [kind, metrics.findingsFiring.labels(kind)]));
    const transitions = new Map(FINDING_KINDS.flatMap((kind) => FINDING_STATES.map((state) => [`${kind}/${state}`, metrics.findings.labels(kind, state)] as const)));
    this.engine = new FindingsEngine(config, {
      firingChanged: (kind: FindingKind, delta: number) => firing.get(kind)?.inc(delta),
      transition: (kind: FindingKind, state: FindingState) => transitions.get(`${kind}/${state}`)?.inc(),
    });
    this.detectors = new Detectors(this.engine, config.max_subjects);
    this.eventMetrics = config.event_metrics.enabled ? new EventMetrics(metrics, config.event_metrics.max_reasons, config.event_metrics.max_kinds) : undefined;
    this.throttle = config.throttle.enabled ? new Throttle(config.throttle.interval, config.throttle.max_keys) : undefined;
    this.throttled = metrics.processorThrottled.labels(id);
    this.throttled.inc(0);
    this.errors = new RateLimitedLog(logger);
    settings.status?.addFindingsSource(() => this.firing());
  }

  private tickSending = false;

  async start(): Promise<void> {
    this.timer = setInterval(() => this.tick(Date.now()), TICK_MS);
    this.timer.unref();
  }

  async consume(records: EventRecord[], ack: Ack = NO_ACK): Promise<void> {
    if (this.stopped) throw new Error('findings processor is shut down');
    const passing = this.observe(records);
    const findings = this.takeFindings();
    if (passing.length > 0) await this.next.consume(passing, ack);
    else ack.ack(); // every record held back by the throttle: filtered on purpose
    if (findings.length > 0) await this.next.consume(findings, NO_ACK);
  }

  /**
   * The synchronous part of `consume` (and what bench/micro times): counts each Event record,
   * feeds it to the detectors, applies the throttle. Returns the records that pass (the same
   * array when all do); the findings wait in the engine until `consume` takes them.
   */
  observe(records: EventRecord[]): EventRecord[] {
    let passing = records;
    let held = 0;
    for (let i = 0; i < records.length; i++) {
      const record = records[i];
      let passes = true;
      if (!isFinding(record)) {
        this.eventMetrics?.count(record);
        this.detectors.observe(record);
        if (this.throttle !== undefined) passes = this.throttle.passes(record);
      }
      if (!passes) {
        if (held === 0) passing = records.slice(0, i);
        held++;
      } else if (held > 0) {
        passing.push(record);
      }
    }
    this.noteClock();
    if (held > 0) this.throttled.inc(held);
    return passing;
  }

  /** The findings emitted since the last call (the benchmark drains them; consume hands them on). */
  takeFindings(): EventRecord[] {
    return this.engine.take();
  }

  /** What fires now: a read-only snapshot for the status page. */
  firing(): FiringFinding[] {
    return this.engine.firing();
  }

  /** How much state the processor holds now (each part bounded: docs/findings-schema.md, "Bounds"). */
  stateSize(): { subjects: number; events: number; throttleKeys: number } {
    return { subjects: this.engine.trackedSubjects, events: this.detectors.trackedEvents, throttleKeys: this.throttle?.size ?? 0 };
  }

  /**
   * Moves event time on by the wall time since it last moved, and sends what resolved meanwhile.
   * The 30 s timer calls it with the wall clock; a test passes the wall time it wants.
   */
  tick(wallNowMs: number): void {
    if (this.stopped || this.engine.now === 0) return;
    this.engine.advanceTo(this.clockAtWall + (wallNowMs - this.wallAtClock) * 1000);
    // One tick's hand-off at a time: while the exporters hold the last one back (backpressure),
    // what resolves meanwhile waits in the engine (bounded) for the next consume or tick.
    if (this.tickSending) return;
    const findings = this.engine.take();
    if (findings.length === 0) return;
    this.tickSending = true;
    this.next
      .consume(findings, NO_ACK)
      .catch((err: unknown) => this.errors.error('tick', { err }, 'resolved findings could not be handed on'))
      .finally(() => {
        this.tickSending = false;
      });
  }

  private noteClock(): void {
    if (this.engine.now !== this.clockAtWall) {
      this.clockAtWall = this.engine.now;
      this.wallAtClock = Date.now();
    }
  }

  async shutdown(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    if (this.timer !== undefined) clearInterval(this.timer);
    this.timer = undefined;
  }
}
