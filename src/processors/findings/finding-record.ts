/**
 * A finding as a record (findings schema v0, docs/findings-schema.md): an EventRecord with the
 * findings scope, event name `tracecore.finding`, severity WARN or ERROR, a one-sentence body a
 * person can act on, and the `finding.*` attributes. The record regards the finding's subject,
 * so exporters, filters and the debug printer handle it like any other record.
 */
import { formatDuration } from '../../config/schema-helpers.ts';
import {
  ATTR_FINDING_COUNT,
  ATTR_FINDING_EVIDENCE,
  ATTR_FINDING_FIRST_TIME,
  ATTR_FINDING_IMAGE,
  ATTR_FINDING_KIND,
  ATTR_FINDING_LAST_TIME,
  ATTR_FINDING_REASONS,
  ATTR_FINDING_RESOURCE,
  ATTR_FINDING_STATE,
  ATTR_FINDING_SUBJECT_KIND,
  ATTR_FINDING_SUBJECT_NAME,
  ATTR_FINDING_SUBJECT_NAMESPACE,
  ATTR_FINDING_WINDOW,
  ATTR_FINDING_WORKLOADS,
  FINDINGS_SCOPE,
  FINDING_EVENT_NAME,
  type FindingKind,
  type FindingState,
} from '../../model/finding.ts';
import { SEVERITY_ERROR, SEVERITY_WARN, type Attribute, type EventRecord, type SeverityNumber } from '../../model/record.ts';
import { formatMicroTime } from '../../receivers/k8s-events/micro-time.ts';
import type { Episode, Subject } from './episode.ts';

export interface FindingRule {
  readonly kind: FindingKind;
  /** count: occurrences within `windowMs` reach `threshold`; duration: reported for `windowMs`. */
  readonly mode: 'count' | 'duration';
  readonly threshold: number;
  readonly windowMs: number;
}

/** ERROR where workloads are already being hurt across a node; WARN where one workload is. */
const SEVERITY: { readonly [K in FindingKind]: SeverityNumber } = {
  pod_eviction_storm: SEVERITY_ERROR,
  oom_kills: SEVERITY_ERROR,
  crash_loop: SEVERITY_WARN,
  image_pull_failing: SEVERITY_WARN,
  unschedulable: SEVERITY_WARN,
  node_flapping: SEVERITY_ERROR,
};

export function buildFindingRecord(episode: Episode, rule: FindingRule, state: FindingState, atMicros: number): EventRecord {
  const subject = episode.subject;
  const attributes: Attribute[] = [
    { key: ATTR_FINDING_KIND, value: episode.kind },
    { key: ATTR_FINDING_STATE, value: state },
    { key: ATTR_FINDING_SUBJECT_KIND, value: subject.kind },
    { key: ATTR_FINDING_SUBJECT_NAME, value: subject.name },
  ];
  if (subject.namespace !== undefined) attributes.push({ key: ATTR_FINDING_SUBJECT_NAMESPACE, value: subject.namespace });
  attributes.push(
    { key: ATTR_FINDING_COUNT, value: episode.count },
    { key: ATTR_FINDING_FIRST_TIME, value: formatMicroTime(episode.firstMicros) },
    { key: ATTR_FINDING_LAST_TIME, value: formatMicroTime(episode.lastMicros) },
    { key: ATTR_FINDING_WINDOW, value: formatDuration(rule.windowMs) },
    { key: ATTR_FINDING_EVIDENCE, value: episode.evidence.join(',') },
  );
  const workloads = workloadsText(episode);
  if (episode.kind === 'pod_eviction_storm') {
    if (episode.pressure !== undefined) attributes.push({ key: ATTR_FINDING_RESOURCE, value: episode.pressure });
    if (workloads !== undefined) attributes.push({ key: ATTR_FINDING_WORKLOADS, value: workloads });
  }
  if (episode.kind === 'image_pull_failing' && episode.image !== undefined) attributes.push({ key: ATTR_FINDING_IMAGE, value: episode.image });
  if (episode.kind === 'unschedulable' && episode.reasons !== undefined) attributes.push({ key: ATTR_FINDING_REASONS, value: episode.reasons });

  const severityNumber = SEVERITY[episode.kind];
  return {
    uid: episode.id,
    resourceVersion: String(episode.emissions),
    name: undefined,
    namespace: subject.namespace,
    reason: episode.kind,
    type: undefined,
    action: state,
    note: sentence(episode, rule, state, workloads),
    reportingController: 'tracecore/findings',
    reportingInstance: undefined,
    regarding: { kind: subject.kind, namespace: subject.namespace, name: subject.name },
    related: undefined,
    hint: undefined,
    count: episode.count,
    eventTime: formatMicroTime(atMicros),
    timeUnixMicros: atMicros,
    observedUnixMicros: Date.now() * 1000,
    severityNumber,
    severityText: severityNumber === SEVERITY_ERROR ? 'ERROR' : 'WARN',
    attributes,
    droppedAttributesCount: 0,
    resource: episode.resource,
    scope: FINDINGS_SCOPE,
    eventName: FINDING_EVENT_NAME,
  };
}

/** `shop/web (7), shop/cart (5)`: most first, ties by name. */
function workloadsText(episode: Episode): string | undefined {
  if (episode.workloads === undefined || episode.workloads.size === 0) return undefined;
  return [...episode.workloads]
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([name, n]) => `${name} (${n})`)
    .join(', ');
}

/** The one sentence a person reads first. */
function sentence(e: Episode, rule: FindingRule, state: FindingState, workloads: string | undefined): string {
  const who = subjectText(e.subject);
  const span = spanText(e.lastMicros - e.firstMicros);
  const quiet = formatDuration(Math.round(rule.windowMs));
  if (state === 'resolved') {
    switch (e.kind) {
      case 'pod_eviction_storm':
        return `Resolved: ${who} has evicted no more pods (${e.count} evicted in all).`;
      case 'oom_kills':
        return `Resolved: no more OOM kills for ${who} (${e.count} in all).`;
      case 'crash_loop':
        return `Resolved: ${who}${e.pod ? ` (pod ${e.pod})` : ''} is no longer restarting in back-off.`;
      case 'image_pull_failing':
        return `Resolved: ${who} no longer reports image pull failures${e.image ? ` for ${e.image}` : ''}.`;
      case 'unschedulable':
        return `Resolved: ${who} is no longer reported unschedulable.`;
      case 'node_flapping':
        return `Resolved: ${who} has stopped going NotReady (${e.count} times in all).`;
    }
  }
  switch (e.kind) {
    case 'pod_eviction_storm':
      return `${who} evicted ${e.count} pods in ${span}${e.pressure ? ` under ${e.pressure} pressure` : ''}${workloads ? `: ${workloads}` : ''}; check what uses the node's ${e.pressure ?? 'resources'} and the pods' requests and limits.`;
    case 'oom_kills':
      return `${who}: ${e.count} OOM kills in ${span}; raise the memory limits or find the leak.`;
    case 'crash_loop':
      return `${who}: pod ${e.pod ?? '?'} restarted in back-off ${e.count} times in ${span}; read its last logs (kubectl logs --previous).`;
    case 'image_pull_failing':
      return `${who}: pods have failed to pull ${e.image ?? 'their image'} for ${span}; check the image name, tag and pull secret.`;
    case 'unschedulable':
      return `${who} has not been scheduled for ${span}${e.reasons ? `: ${e.reasons}` : ''}; free capacity or relax its constraints.`;
    case 'node_flapping':
      return `${who} went NotReady ${e.count} times in ${span} (window ${quiet}); check its kubelet, network and hardware.`;
  }
}

function subjectText(s: Subject): string {
  if (s.kind === 'Node') return `node ${s.name}`;
  return `${s.kind} ${s.namespace ? `${s.namespace}/` : ''}${s.name}`;
}

/** "under a second", "40 s", "4 min", "2 h". */
function spanText(micros: number): string {
  const seconds = Math.max(0, Math.round(micros / 1e6));
  if (seconds < 1) return 'under a second';
  if (seconds < 120) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min`;
  return `${Math.round(minutes / 60)} h`;
}
