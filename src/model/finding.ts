/**
 * The findings schema, v0 (docs/findings-schema.md): the names a finding LogRecord carries.
 * A finding is an EventRecord with `scope` = FINDINGS_SCOPE and `eventName` = FINDING_EVENT_NAME;
 * these names are a contract, like the k8s-events-v0 keys, and test/public-api.test.ts pins them.
 */
import type { AttributeValue, EventRecord, Scope } from './record.ts';

export const FINDINGS_SCOPE_NAME = 'tracecore/findings';
export const FINDINGS_SCHEMA_URL = 'https://tracecore.ai/schemas/findings/v0';
/** OTLP LogRecord.event_name of every finding. */
export const FINDING_EVENT_NAME = 'tracecore.finding';

/** The one Scope object every finding shares (the encoders group by it). */
export const FINDINGS_SCOPE: Scope = Object.freeze({ name: FINDINGS_SCOPE_NAME, schemaUrl: FINDINGS_SCHEMA_URL });

export const FINDING_POD_EVICTION_STORM = 'pod_eviction_storm';
export const FINDING_OOM_KILLS = 'oom_kills';
export const FINDING_CRASH_LOOP = 'crash_loop';
export const FINDING_IMAGE_PULL_FAILING = 'image_pull_failing';
export const FINDING_UNSCHEDULABLE = 'unschedulable';
export const FINDING_NODE_FLAPPING = 'node_flapping';

/** Every finding kind, in the README's order. */
export const FINDING_KINDS = [
  FINDING_POD_EVICTION_STORM,
  FINDING_OOM_KILLS,
  FINDING_CRASH_LOOP,
  FINDING_IMAGE_PULL_FAILING,
  FINDING_UNSCHEDULABLE,
  FINDING_NODE_FLAPPING,
] as const;
export type FindingKind = (typeof FINDING_KINDS)[number];

export const FINDING_STATES = ['firing', 'resolved'] as const;
export type FindingState = (typeof FINDING_STATES)[number];

export const ATTR_FINDING_KIND = 'finding.kind';
export const ATTR_FINDING_STATE = 'finding.state';
export const ATTR_FINDING_SUBJECT_KIND = 'finding.subject.kind';
export const ATTR_FINDING_SUBJECT_NAME = 'finding.subject.name';
export const ATTR_FINDING_SUBJECT_NAMESPACE = 'finding.subject.namespace';
export const ATTR_FINDING_COUNT = 'finding.count';
export const ATTR_FINDING_FIRST_TIME = 'finding.first_time';
export const ATTR_FINDING_LAST_TIME = 'finding.last_time';
export const ATTR_FINDING_WINDOW = 'finding.window';
export const ATTR_FINDING_EVIDENCE = 'finding.evidence';
/** pod_eviction_storm: what the node ran short of (memory, ephemeral-storage, pid, …). */
export const ATTR_FINDING_RESOURCE = 'finding.resource';
/** pod_eviction_storm: `web (7), cart (5)`: workload names with their counts, most first. */
export const ATTR_FINDING_WORKLOADS = 'finding.workloads';
/** image_pull_failing: the image reference. */
export const ATTR_FINDING_IMAGE = 'finding.image';
/** unschedulable: the scheduler's reasons, `; `-separated, e.g. `Insufficient cpu`. */
export const ATTR_FINDING_REASONS = 'finding.reasons';

/** The most event uids `finding.evidence` lists. */
export const FINDING_EVIDENCE_MAX = 20;

/** True for a finding record (as opposed to an Event record). */
export function isFinding(record: EventRecord): boolean {
  return record.eventName === FINDING_EVENT_NAME;
}

/** The value of one `finding.*` attribute of a finding record (undefined when absent). */
export function findingAttribute(record: EventRecord, key: string): AttributeValue | undefined {
  const attributes = record.attributes;
  for (let i = 0; i < attributes.length; i++) if (attributes[i].key === key) return attributes[i].value;
  return undefined;
}
