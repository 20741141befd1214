/**
 * The `k8s_events` receiver's config (cli-and-config.md). The event filter conditions are shared
 * with the `filter` processor (src/filter/conditions-config.ts); their RE2 patterns are compiled at
 * validation, so a pattern that RE2 cannot run in linear time is a config error.
 */
import { z } from 'zod';
import { boundedInt, duration } from '../../config/schema-helpers.ts';
import { eventConditionsShape } from '../../filter/conditions-config.ts';
import { enrichConfigSchema } from './enrich/config.ts';
import { leaderElectionConfigSchema } from '../../leader/config.ts';
import { MAX_ATTRIBUTES_CEILING, MAX_ATTRIBUTES_DEFAULT, MAX_ATTRIBUTES_FLOOR } from '../../model/attributes.ts';

export const k8sEventsConfigSchema = z
  .object({
    auth: z
      .enum(['auto', 'in_cluster', 'kubeconfig'])
      .default('auto')
      .describe('which cluster credentials to use: auto picks the one source present (kubeconfig field, KUBECONFIG, in-cluster service account, else ~/.kube/config)'),
    kubeconfig: z.string().min(1).optional().describe('path of the kubeconfig file to use (~ is your home directory)'),
    context: z.string().min(1).optional().describe('kubeconfig context to use instead of its current-context'),
    cluster_name: z.string().min(1).optional().describe('stamped on every record as the resource attribute k8s.cluster.name'),
    ...eventConditionsShape,
    push_down_filters: z.boolean().default(true).describe('send the conditions the API server can apply (min_event_type, namespaces.exclude, kinds, a ^Word$ reason_regex) as a fieldSelector on list and watch, so fewer events cross the network; the receiver still applies every condition'),
    enrich: enrichConfigSchema,
    max_attributes: boundedInt({ default: MAX_ATTRIBUTES_DEFAULT, min: MAX_ATTRIBUTES_FLOOR, max: MAX_ATTRIBUTES_CEILING }).describe('attributes per record, in the schema\'s precedence order; the rest are counted as dropped'),
    note_max_bytes: boundedInt({ default: 1024, min: 64, max: 4096 }).describe('the note (body and note attribute) is cut to this many bytes of UTF-8, never mid-character'),
    channel_cap: boundedInt({ default: 1024, min: 1, max: 1_048_576 }).describe('records the receiver holds for the pipeline, at most'),
    backpressure: z
      .enum(['pause', 'drop'])
      .default('pause')
      .describe('when the receiver\'s queue is full: pause stops reading the watch (lossless), drop counts and drops the newest record'),
    resync: duration({ default: '10m', minMs: 600_000 }).describe('how often to relist every event (at least 10m); events already delivered are not sent again'),
    checkpoint_dir: z
      .string()
      .min(1)
      .optional()
      .describe('a writable directory where the receiver keeps its checkpoint (where to resume, what the exporters acknowledged), so a restart neither loses nor repeats events the API server still holds; checked by validate'),
    max_event_age: duration({ default: '0s', maxMs: 30 * 24 * 3_600_000 })
      .describe('on a first start (no checkpoint), skip listed events older than this (by event time), counted as filtered{filter="max_event_age"}; default 0s (off): the API server already keeps only --event-ttl (1h by default) of events, so a first start sends what the cluster holds, as a restart would; set it (e.g. 1h) where the API server keeps events longer than you want replayed'),
    api_qps: z.number().positive().max(1000).default(5).describe('requests per second to the API server (client-go QPS); continuation pages of one list are not counted'),
    api_burst: boundedInt({ default: 10, min: 1, max: 10_000 }).describe('requests allowed in a burst above api_qps (client-go Burst)'),
    leader_election: leaderElectionConfigSchema.prefault({}).describe('leader election over a Lease, for two or more replicas (the checkpoint then lives in the Lease, not in checkpoint_dir)'),
    semconv_compat: z.boolean().default(false).describe('also stamp the OpenTelemetry Collector k8seventsreceiver\'s attribute keys, outside max_attributes'),
    list_page_size: boundedInt({ default: 500, min: 10, max: 5000 })
      .describe('Events per list page (the limit parameter); a page over 64 MiB fails as list_too_large: lower this when Events carry very large notes'),
  })
  .strict();

export type K8sEventsConfig = z.output<typeof k8sEventsConfigSchema>;
