import { z } from 'zod';
import { boundedInt, duration } from '../../config/schema-helpers.ts';

const enabled = () => z.boolean().default(true).describe('run this detector');

/** A detector that counts occurrences in a sliding window of event time. */
function countDetector(what: string, defaults: { threshold: number; window: string }) {
  return z
    .object({
      enabled: enabled(),
      threshold: boundedInt({ default: defaults.threshold, min: 1, max: 10_000 }).describe(`${what} within \`window\` that fire the finding`),
      window: duration({ default: defaults.window, minMs: 1000, maxMs: 24 * 3_600_000 }).describe('the sliding window of event time the occurrences are counted in'),
    })
    .strict()
    .prefault({});
}

/** A detector that fires when a failure keeps being reported for a while. */
function durationDetector(what: string, defaultDuration: string) {
  return z
    .object({
      enabled: enabled(),
      min_duration: duration({ default: defaultDuration, minMs: 0, maxMs: 24 * 3_600_000 }).describe(`how long ${what} must keep being reported before the finding fires`),
    })
    .strict()
    .prefault({});
}

export const findingsConfigSchema = z
  .object({
    pod_eviction_storm: countDetector('pods evicted from one node', { threshold: 3, window: '10m' }).describe('pods evicted (or preempted) on one node'),
    oom_kills: countDetector('OOM kills on one node or in one workload', { threshold: 3, window: '10m' }).describe('OOM kills on one node or in one workload'),
    crash_loop: countDetector('back-offs of one pod (series.count, not records)', { threshold: 5, window: '10m' }).describe('one pod restarting in back-off'),
    image_pull_failing: durationDetector('pull failures of one workload\'s pods', '2m').describe('pods of one workload failing to pull their image'),
    unschedulable: durationDetector('scheduling failures of one pod', '5m').describe('a pod the scheduler cannot place'),
    node_flapping: countDetector('NodeNotReady occurrences of one node', { threshold: 3, window: '30m' }).describe('a node going NotReady again and again'),
    update_interval: duration({ default: '5m', minMs: 1000, maxMs: 24 * 3_600_000 }).describe('a firing finding is emitted again (with its new count) at most this often while it holds'),
    resolve_after: duration({ default: '10m', minMs: 1000, maxMs: 24 * 3_600_000 }).describe('a firing finding resolves once its condition has not held for this long (event time)'),
    max_subjects: boundedInt({ default: 1000, min: 10, max: 100_000 }).describe('nodes, workloads or pods each detector tracks at once; past it the least recently seen is forgotten (bounds memory)'),
    throttle: z
      .object({
        enabled: z.boolean().default(false).describe('pass the first occurrence of a recurring event, then at most one record per `interval`'),
        interval: duration({ default: '5m', minMs: 1000, maxMs: 24 * 3_600_000 }).describe('at most one record per regarding object and reason in this much event time; its series.count tells the total'),
        max_keys: boundedInt({ default: 10_000, min: 100, max: 1_000_000 }).describe('recurring events remembered; past it the least recently seen is forgotten (and passes again)'),
      })
      .strict()
      .prefault({})
      .describe('noise control for recurring events (off by default); detectors and metrics still see every record'),
    event_metrics: z
      .object({
        enabled: z.boolean().default(true).describe('count events in tracecore_k8s_events_total{hint, reason, type, regarding_kind}'),
        max_reasons: boundedInt({ default: 100, min: 1, max: 1000 }).describe('distinct `reason` label values; later reasons are counted as reason="other"'),
        max_kinds: boundedInt({ default: 30, min: 1, max: 200 }).describe('distinct `regarding_kind` label values; later kinds are counted as regarding_kind="other"'),
      })
      .strict()
      .prefault({})
      .describe('events as metrics, with a cap on label values so cardinality stays bounded'),
  })
  .strict();

export type FindingsConfig = z.output<typeof findingsConfigSchema>;
export type CountDetectorConfig = FindingsConfig['pod_eviction_storm'];
export type DurationDetectorConfig = FindingsConfig['image_pull_failing'];
