/**
 * One subject's state in one detector (a node for pod_eviction_storm, a pod for crash_loop, …):
 * the occurrences in the sliding window, and, once the condition held, the finding's episode:
 * when it began, its count, the contributing events, and when it was last emitted.
 *
 * Bounded by construction: at most WINDOW_SLOTS window entries (older ones are folded into the
 * next, which keeps the sum), FINDING_EVIDENCE_MAX evidence uids, MAX_WORKLOADS workload counts.
 * Memory per episode is therefore at most about 4 KiB (docs/findings-schema.md, "Bounds").
 */
import { FINDING_EVIDENCE_MAX, type FindingKind } from '../../model/finding.ts';
import type { Resource } from '../../model/record.ts';

/** Window entries kept per subject; enough for any default threshold, and folding keeps sums exact. */
export const WINDOW_SLOTS = 32;
/** Workloads named in `finding.workloads`; the rest are counted as `other`. */
export const MAX_WORKLOADS = 10;
/** OOM victim pids remembered per node, so two reporters of one kill count it once. */
const MAX_PIDS = 8;

export interface Subject {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

export class Episode {
  readonly kind: FindingKind;
  readonly key: string;
  subject: Subject;
  /** The Resource of the last contributing record: findings go out under their source's Resource. */
  resource: Resource;

  // The sliding window: occurrence times (µs) and weights, oldest first.
  private readonly times: number[] = [];
  private readonly weights: number[] = [];
  windowSum = 0;

  /** The earliest occurrence of this episode (µs) and the latest. */
  firstMicros = 0;
  lastMicros = 0;
  /** Occurrences in this episode: the window's sum when it fired, plus every one since. */
  count = 0;
  readonly evidence: string[] = [];

  firing = false;
  /** Finding id, set when it first fires. */
  id = '';
  /** Emissions so far (the finding record's resourceVersion). */
  emissions = 0;
  lastEmitMicros = 0;
  /** The last event time at which the condition held. */
  lastHeldMicros = 0;

  // Kind-specific details.
  workloads: Map<string, number> | undefined;
  pressure: string | undefined;
  image: string | undefined;
  reasons: string | undefined;
  pod: string | undefined;
  private pids: string[] | undefined;

  constructor(kind: FindingKind, key: string, subject: Subject, resource: Resource) {
    this.kind = kind;
    this.key = key;
    this.subject = subject;
    this.resource = resource;
  }

  /** Adds `weight` occurrences at `micros`, dropping what fell out of the window ending at `nowMicros`. */
  addToWindow(micros: number, weight: number, windowMicros: number, nowMicros: number): void {
    this.times.push(micros);
    this.weights.push(weight);
    this.windowSum += weight;
    if (this.times.length > WINDOW_SLOTS) {
      // Fold the oldest entry into the next: the sum stays, the entry leaves the window a little later.
      this.weights[1] += this.weights[0];
      this.times.shift();
      this.weights.shift();
    }
    this.prune(nowMicros - windowMicros);
  }

  /** Drops window entries older than `cutoffMicros`. */
  prune(cutoffMicros: number): void {
    let keep = 0;
    for (let i = 0; i < this.times.length; i++) {
      if (this.times[i] >= cutoffMicros) {
        this.times[keep] = this.times[i];
        this.weights[keep] = this.weights[i];
        keep++;
      } else {
        this.windowSum -= this.weights[i];
      }
    }
    this.times.length = keep;
    this.weights.length = keep;
  }

  /** The earliest occurrence still in the window. */
  oldestInWindow(): number {
    let oldest = Number.POSITIVE_INFINITY;
    for (const t of this.times) if (t < oldest) oldest = t;
    return oldest === Number.POSITIVE_INFINITY ? this.lastMicros : oldest;
  }

  /** Remembers an event uid as evidence (distinct, the first FINDING_EVIDENCE_MAX). */
  addEvidence(uid: string): void {
    if (this.evidence.length < FINDING_EVIDENCE_MAX && !this.evidence.includes(uid)) this.evidence.push(uid);
  }

  addWorkload(name: string, weight: number): void {
    this.workloads ??= new Map();
    const known = this.workloads.get(name);
    if (known !== undefined) this.workloads.set(name, known + weight);
    else if (this.workloads.size < MAX_WORKLOADS) this.workloads.set(name, weight);
    else this.workloads.set('other', (this.workloads.get('other') ?? 0) + weight);
  }

  /** True the first time a victim pid is seen on this node (false: another reporter's copy of a counted kill). */
  firstReportOf(pid: string): boolean {
    this.pids ??= [];
    if (this.pids.includes(pid)) return false;
    this.pids.push(pid);
    if (this.pids.length > MAX_PIDS) this.pids.shift();
    return true;
  }

  /** Starts a new episode after a gap: the old occurrences no longer belong to it. */
  restart(micros: number): void {
    this.firstMicros = micros;
    this.lastMicros = micros;
    this.count = 0;
    this.evidence.length = 0;
    this.workloads = undefined;
  }
}
