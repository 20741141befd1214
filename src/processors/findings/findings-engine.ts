/**
 * The findings lifecycle, driven by event time only (no wall clock), so a test plays a sequence
 * of records and asserts exactly what comes out:
 *
 *  - A detector calls `contribute` with a subject and a number of occurrences at an event time.
 *  - Count detectors hold while the occurrences in their sliding window reach the threshold;
 *    duration detectors hold once a subject's failures have kept being reported for min_duration
 *    (a gap longer than resolve_after starts over).
 *  - A finding fires once when its condition first holds, is emitted again (state firing, new
 *    count) at most every update_interval while it holds, and resolves once the condition has not
 *    held for resolve_after: checked whenever event time moves on (`advanceTo`), so the quiet is
 *    noticed on the next record of any kind, or on the processor's clock tick when none come.
 *
 * The clock is the newest event time seen; records older than a detector's window are ignored.
 * State is bounded: each detector keeps at most max_subjects episodes (least recently seen
 * forgotten first; a firing one forgotten that way stops counting as firing without a resolved
 * record), each of bounded size (episode.ts).
 */
import { randomUUID } from 'node:crypto';
import { FINDING_KINDS, type FindingKind, type FindingState } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';
import { BoundedLru } from './bounded-lru.ts';
import type { FindingsConfig } from './config.ts';
import { Episode, type Subject } from './episode.ts';
import { buildFindingRecord, type FindingRule } from './finding-record.ts';

/** What the engine tells its owner about state changes (metrics). */
export interface FindingsListener {
  transition(kind: FindingKind, state: FindingState): void;
  firingChanged(kind: FindingKind, delta: number): void;
}

/** A firing finding as the status page shows it (read-only snapshot). */
export interface FiringFinding {
  readonly kind: FindingKind;
  readonly id: string;
  readonly subject: Subject;
  readonly count: number;
  readonly firstTimeMicros: number;
  readonly lastTimeMicros: number;
  readonly summary: string;
}

const SWEEP_EVERY_MICROS = 1_000_000;

export class FindingsEngine {
  private readonly episodes = new Map<FindingKind, BoundedLru<string, Episode>>();
  private readonly rules = new Map<FindingKind, FindingRule>();
  private readonly firingSet = new Set<Episode>();
  private readonly listener: FindingsListener;
  private readonly updateMicros: number;
  private readonly resolveMicros: number;
  private readonly out: EventRecord[] = [];
  private clock = 0;
  private nextSweep = 0;

  constructor(config: FindingsConfig, listener: FindingsListener) {
    this.listener = listener;
    this.updateMicros = config.update_interval * 1000;
    this.resolveMicros = config.resolve_after * 1000;
    for (const kind of FINDING_KINDS) {
      const detector = config[kind];
      if (!detector.enabled) continue;
      const rule: FindingRule =
        'threshold' in detector
          ? { kind, mode: 'count', threshold: detector.threshold, windowMs: detector.window }
          : { kind, mode: 'duration', threshold: 0, windowMs: detector.min_duration };
      this.rules.set(kind, rule);
      this.episodes.set(kind, new BoundedLru<string, Episode>(config.max_subjects, (_key, episode) => this.forget(episode)));
    }
  }

  /** The newest event time seen (µs). */
  get now(): number {
    return this.clock;
  }

  isEnabled(kind: FindingKind): boolean {
    return this.rules.has(kind);
  }

  /** Episodes held now, across detectors (for the memory-bound test). */
  get trackedSubjects(): number {
    let n = 0;
    for (const lru of this.episodes.values()) n += lru.size;
    return n;
  }

  /** The episode of `key`, if the detector tracks it (used for details such as OOM pids). */
  episodeOf(kind: FindingKind, key: string): Episode | undefined {
    return this.episodes.get(kind)?.peek(key);
  }

  /**
   * `weight` occurrences for `subject` at `micros` (a record's event time). Returns the episode
   * (for kind-specific details, set before the next contribution is judged), or undefined when the
   * detector is off or the occurrence is older than its window.
   */
  contribute(kind: FindingKind, key: string, subject: Subject, record: EventRecord, weight: number, detail?: (episode: Episode) => void): Episode | undefined {
    const rule = this.rules.get(kind);
    const lru = this.episodes.get(kind);
    if (rule === undefined || lru === undefined || weight <= 0) return undefined;
    const micros = record.timeUnixMicros;
    const windowMicros = rule.windowMs * 1000;
    if (rule.mode === 'count' && micros < this.clock - windowMicros) return undefined;
    let episode = lru.touch(key);
    if (episode === undefined) {
      episode = new Episode(kind, key, subject, record.resource);
      episode.restart(micros);
      lru.set(key, episode);
    } else if (!episode.firing && micros - episode.lastMicros > this.resolveMicros) {
      episode.restart(micros);
    }
    episode.subject = subject;
    episode.resource = record.resource;
    if (micros > episode.lastMicros) episode.lastMicros = micros;
    if (micros < episode.firstMicros) episode.firstMicros = micros;
    episode.count += weight;
    episode.addEvidence(record.uid);
    detail?.(episode);

    let holds: boolean;
    if (rule.mode === 'count') {
      episode.addToWindow(micros, weight, windowMicros, Math.max(this.clock, micros));
      holds = episode.windowSum >= rule.threshold;
    } else {
      holds = episode.lastMicros - episode.firstMicros >= windowMicros;
    }
    if (holds) {
      if (micros > episode.lastHeldMicros) episode.lastHeldMicros = micros;
      if (!episode.firing) {
        if (rule.mode === 'count') {
          episode.count = episode.windowSum;
          episode.firstMicros = episode.oldestInWindow();
        }
        episode.firing = true;
        episode.id = randomUUID();
        this.firingSet.add(episode);
        this.listener.firingChanged(kind, 1);
        this.listener.transition(kind, 'firing');
        this.emit(episode, rule, 'firing', micros);
      } else if (micros - episode.lastEmitMicros >= this.updateMicros) {
        this.emit(episode, rule, 'firing', micros);
      }
    }
    this.advanceTo(micros);
    return episode;
  }

  /** A sign the condition is over (a pod got Scheduled): a firing finding resolves now, a pending one is dropped. */
  clear(kind: FindingKind, key: string, micros: number): void {
    const lru = this.episodes.get(kind);
    const episode = lru?.peek(key);
    if (lru === undefined || episode === undefined) return;
    if (episode.firing) this.resolve(episode, Math.max(micros, episode.lastMicros));
    lru.delete(key);
  }

  /** Moves event time on to `micros` (never back) and resolves what has been quiet for resolve_after. */
  advanceTo(micros: number): void {
    if (micros > this.clock) this.clock = micros;
    if (this.clock < this.nextSweep || this.firingSet.size === 0) return;
    this.nextSweep = this.clock + SWEEP_EVERY_MICROS;
    for (const episode of this.firingSet) {
      const quietSince = episode.lastHeldMicros;
      if (this.clock - quietSince >= this.resolveMicros) {
        this.resolve(episode, quietSince + this.resolveMicros);
        this.episodes.get(episode.kind)?.delete(episode.key);
      }
    }
  }

  /** The findings emitted since the last call, oldest first. */
  take(): EventRecord[] {
    return this.out.splice(0);
  }

  /** What fires now (a snapshot for the status page). */
  firing(): FiringFinding[] {
    const list: FiringFinding[] = [];
    for (const e of this.firingSet) {
      const rule = this.rules.get(e.kind);
      if (rule === undefined) continue;
      list.push({ kind: e.kind, id: e.id, subject: e.subject, count: e.count, firstTimeMicros: e.firstMicros, lastTimeMicros: e.lastMicros, summary: buildFindingRecord(e, rule, 'firing', e.lastMicros).note ?? '' });
    }
    return list;
  }

  private resolve(episode: Episode, atMicros: number): void {
    const rule = this.rules.get(episode.kind);
    episode.firing = false;
    this.firingSet.delete(episode);
    this.listener.firingChanged(episode.kind, -1);
    this.listener.transition(episode.kind, 'resolved');
    if (rule) this.emit(episode, rule, 'resolved', atMicros);
  }

  private emit(episode: Episode, rule: FindingRule, state: FindingState, atMicros: number): void {
    episode.emissions++;
    episode.lastEmitMicros = atMicros;
    this.out.push(buildFindingRecord(episode, rule, state, atMicros));
  }

  /** An episode pushed out by max_subjects. */
  private forget(episode: Episode): void {
    if (!episode.firing) return;
    episode.firing = false;
    this.firingSet.delete(episode);
    this.listener.firingChanged(episode.kind, -1);
  }
}
