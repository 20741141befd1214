/**
 * `enrich:` on the k8s_events receiver (opt-in: needs the RBAC of
 * deploy/kubernetes/overlays/enrich). Adds `regarding.owner.kind`, `regarding.owner.name` and
 * `regarding.label.<key>` / `regarding.annotation.<key>` after the v0 keys, outside the cap.
 */
import { z } from 'zod';
import { boundedInt, duration } from '../../../config/schema-helpers.ts';

const key = z.string().min(1).max(317);

export const enrichConfigSchema = z
  .object({
    owners: z.boolean().default(false).describe('add regarding.owner.kind and regarding.owner.name: the top workload (Pod -> ReplicaSet -> Deployment, Job -> CronJob, StatefulSet, DaemonSet)'),
    labels: z.array(key).max(32).default([]).describe('labels of the object an event is about, added as regarding.label.<key> (key as written, e.g. app.kubernetes.io/name)'),
    annotations: z.array(key).max(32).default([]).describe('annotations of the object an event is about, added as regarding.annotation.<key>'),
    cache_size: boundedInt({ default: 10_000, min: 16, max: 1_000_000 }).describe('objects remembered for enrichment, at most (least recently used go first)'),
    cache_ttl: duration({ default: '5m', minMs: 1000, maxMs: 86_400_000 }).describe('how long a looked-up object is trusted before it is read again'),
  })
  .strict()
  .prefault({})
  .describe('opt-in: look up the object an event is about (GET through a bounded cache, within the API rate limit, never blocking the watch) and add its top owner and chosen labels; needs get on pods, replicasets, deployments, statefulsets, daemonsets, jobs, cronjobs (overlay deploy/kubernetes/overlays/enrich)');

export type EnrichConfig = z.output<typeof enrichConfigSchema>;

/** True when the config asks for any lookup. */
export function enrichmentWanted(config: EnrichConfig): boolean {
  return config.owners || config.labels.length > 0 || config.annotations.length > 0;
}
