/**
 * The `k8s_events` receiver's config (cli-and-config.md). `reason_regex` is compiled with RE2 at
 * validation, so a pattern that RE2 cannot run in linear time (lookaround, backreferences) is a
 * config error, reported with what to write instead.
 */
import { createRequire } from 'node:module';
import type { RE2JS } from 're2js';
import { z } from 'zod';
import { boundedInt, duration } from '../../config/schema-helpers.ts';
import { leaderElectionConfigSchema } from '../../leader/config.ts';
import { MAX_ATTRIBUTES_CEILING, MAX_ATTRIBUTES_DEFAULT, MAX_ATTRIBUTES_FLOOR } from '../../model/attributes.ts';

const namespaceName = z.string().min(1);

export const k8sEventsConfigSchema = z
  .object({
    auth: z
      .enum(['auto', 'in_cluster', 'kubeconfig'])
      .default('auto')
      .describe('which cluster credentials to use: auto picks the one source present (kubeconfig field, KUBECONFIG, in-cluster service account, else ~/.kube/config)'),
    kubeconfig: z.string().min(1).optional().describe('path of the kubeconfig file to use (~ is your home directory)'),
    context: z.string().min(1).optional().describe('kubeconfig context to use instead of its current-context'),
    cluster_name: z.string().min(1).optional().describe('stamped on every record as the resource attribute k8s.cluster.name'),
    namespaces: z
      .object({
        include: z.array(namespaceName).default([]).describe('only events about objects in these namespaces (empty: all); events about cluster-scoped objects such as Nodes are always kept'),
        exclude: z.array(namespaceName).default([]).describe('drop events about objects in these namespaces'),
      })
      .strict()
      .prefault({})
      .describe('filter by the namespace of the object an event is about (regarding.namespace)'),
    reason_regex: z
      .string()
      .superRefine((pattern, ctx) => {
        const problem = re2Problem(pattern);
        if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
      })
      .optional()
      .describe('keep only events whose reason matches this RE2 pattern (unanchored: use ^...$ for a whole-reason match)'),
    min_event_type: z.enum(['Normal', 'Warning']).default('Normal').describe('Warning drops Normal events; events of any other or no type are kept'),
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

// re2js is loaded on the first pattern, not at start: a config without reason_regex never holds
// its module code (about 4 MiB; docs/performance.md).
const requireLazily = createRequire(import.meta.url);
let re2: typeof RE2JS | undefined;

/** Compiles an RE2 pattern: the compiled pattern, or throws RE2JSSyntaxException. */
export function compileReasonRegex(pattern: string): RE2JS {
  re2 ??= (requireLazily('re2js') as typeof import('re2js')).RE2JS;
  return re2.compile(pattern);
}

/** Why RE2 refuses a pattern, in words a user can act on; undefined when it compiles. */
export function re2Problem(pattern: string): string | undefined {
  try {
    compileReasonRegex(pattern);
    return undefined;
  } catch (err) {
    const detail = err instanceof Error ? err.message.replace(/^error parsing regexp: /, '') : String(err);
    const unsupported = unsupportedConstruct(pattern);
    if (unsupported !== undefined) return `"${pattern}" uses ${unsupported}, which RE2 syntax does not have (RE2 guarantees linear-time matching); write the pattern without it`;
    return `"${pattern}" is not a valid RE2 pattern: ${detail}`;
  }
}

/** Names a Perl/JavaScript construct RE2 leaves out on purpose, when the pattern uses one. */
function unsupportedConstruct(pattern: string): string | undefined {
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i];
    if (c === '\\') {
      const next = pattern[i + 1];
      if (next !== undefined && next >= '1' && next <= '9') return `a backreference (\\${next})`;
      if (next === 'k' && pattern[i + 2] === '<') return 'a named backreference (\\k<...>)';
      i++;
      continue;
    }
    if (c === '(' && pattern[i + 1] === '?') {
      const rest = pattern.slice(i + 2, i + 4);
      if (rest.startsWith('=')) return 'a lookahead (?=...)';
      if (rest.startsWith('!')) return 'a negative lookahead (?!...)';
      if (rest === '<=') return 'a lookbehind (?<=...)';
      if (rest === '<!') return 'a negative lookbehind (?<!...)';
      if (rest.startsWith('>')) return 'an atomic group (?>...)';
    }
  }
  return undefined;
}
