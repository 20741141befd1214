/**
 * Pins the public API (src/index.ts). The type-level checks below make `tsc --noEmit` (part of
 * `npm test`) fail when an EventRecord field, an ObjectRef field, a hint or a function signature is
 * renamed, removed or added; the runtime checks pin the string values users' dashboards join on.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTRIBUTE_KEYS,
  HINTS,
  SCHEMA_URL,
  SCOPE_NAME,
  SEMCONV_EVENT_ACTION,
  SEMCONV_EVENT_COUNT,
  SEMCONV_EVENT_NAME,
  SEMCONV_EVENT_REASON,
  SEMCONV_EVENT_UID,
  SEMCONV_NAMESPACE_NAME,
  SEMCONV_OBJECT_API_VERSION,
  SEMCONV_OBJECT_FIELDPATH,
  SEMCONV_OBJECT_KIND,
  SEMCONV_OBJECT_NAME,
  SEMCONV_OBJECT_RESOURCE_VERSION,
  SEMCONV_OBJECT_UID,
  SEMCONV_REPORTING_CONTROLLER,
  SEMCONV_REPORTING_INSTANCE,
  createRecordBuilder,
  describeHint,
  hintFor,
  normalizeEvent,
  type Attribute,
  type AttributeValue,
  type Hint,
  type K8sEvent,
  type ObjectRef,
  type EventRecord,
  type Resource,
  type Scope,
  type FindingKind,
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
  FINDINGS_SCHEMA_URL,
  FINDINGS_SCOPE,
  FINDINGS_SCOPE_NAME,
  FINDING_EVENT_NAME,
  FINDING_KINDS,
  FINDING_STATES,
  isFinding,
} from '../src/index.ts';

/** The user's own exhaustiveness check: the compiler rejects the call when a hint is added. */
function assertNever(value: never): never {
  throw new Error(`unexpected ${String(value)}`);
}

/** true when A and B are the same type (readonly and optional modifiers included). */
type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

type ExpectedHint =
  | 'pod_evicted'
  | 'oom_killed'
  | 'image_pull_failure'
  | 'backoff'
  | 'mount_failure'
  | 'volume_attach_failure'
  | 'schedule_failure'
  | 'create_failure'
  | 'container_status_unknown'
  | 'node_unhealthy'
  | 'node_pressure'
  | 'probe_failure'
  | 'kill_failure'
  | 'network_not_ready'
  | 'invalid_disk_capacity'
  | 'dns_config'
  | 'job_failed'
  | 'hook_failure';

type ExpectedRecordKeys =
  | 'uid'
  | 'resourceVersion'
  | 'name'
  | 'namespace'
  | 'reason'
  | 'type'
  | 'action'
  | 'note'
  | 'reportingController'
  | 'reportingInstance'
  | 'regarding'
  | 'related'
  | 'hint'
  | 'count'
  | 'eventTime'
  | 'timeUnixMicros'
  | 'observedUnixMicros'
  | 'severityNumber'
  | 'severityText'
  | 'attributes'
  | 'droppedAttributesCount'
  | 'resource'
  | 'scope'
  | 'eventName';

// ---- type-level pins: each line fails to compile when the API drifts ----
const _hintIsExactly18Literals: Equals<Hint, ExpectedHint> = true;
const _hintsArrayElements: Equals<(typeof HINTS)[number], ExpectedHint> = true;
const _recordKeys: Equals<keyof EventRecord, ExpectedRecordKeys> = true;
const _objectRef: Equals<
  ObjectRef,
  {
    readonly kind?: string;
    readonly namespace?: string;
    readonly name?: string;
    readonly uid?: string;
    readonly apiVersion?: string;
    readonly resourceVersion?: string;
    readonly fieldPath?: string;
  }
> = true;
const _attribute: Equals<Attribute, { readonly key: string; readonly value: AttributeValue }> = true;
const _attributeValue: Equals<AttributeValue, string | number> = true;
const _resource: Equals<Resource, { readonly attributes: readonly Attribute[] }> = true;
const _recordFields: Equals<
  Pick<EventRecord, 'count' | 'timeUnixMicros' | 'observedUnixMicros' | 'droppedAttributesCount' | 'eventTime' | 'uid' | 'hint' | 'attributes' | 'regarding' | 'related'>,
  {
    readonly count: number;
    readonly timeUnixMicros: number;
    readonly observedUnixMicros: number;
    readonly droppedAttributesCount: number;
    readonly eventTime: string;
    readonly uid: string;
    readonly hint?: Hint;
    readonly attributes: readonly Attribute[];
    readonly regarding: ObjectRef;
    readonly related?: ObjectRef;
  }
> = true;
const _severity: Equals<EventRecord['severityNumber'], 0 | 9 | 13 | 17> = true;
const _scope: Equals<Pick<EventRecord, 'scope' | 'eventName'>, { readonly scope?: Scope; readonly eventName?: string }> = true;
const _scopeFields: Equals<Scope, { readonly name: string; readonly schemaUrl: string }> = true;
const _findingKind: Equals<FindingKind, 'pod_eviction_storm' | 'oom_kills' | 'crash_loop' | 'image_pull_failing' | 'unschedulable' | 'node_flapping'> = true;
const _hintFor: Equals<typeof hintFor, (reason: string | undefined, note: string | undefined, regardingKind?: string) => Hint | undefined> = true;
const _describeHint: Equals<typeof describeHint, (hint: Hint) => string> = true;
const _normalizeEvent: Equals<typeof normalizeEvent, (obj: unknown) => K8sEvent | undefined> = true;
const _builderOptions: Equals<Parameters<typeof createRecordBuilder>[0], { readonly maxAttributes: number; readonly noteMaxBytes: number; readonly semconvCompat: boolean; readonly resource: Resource }> = true;
const _builder: Equals<ReturnType<typeof createRecordBuilder>, (event: K8sEvent, observedUnixMicros: number) => EventRecord> = true;

/** Every field, spelled out: renaming or removing one is a compile error here. */
const EVERY_FIELD: EventRecord = {
  uid: 'ev-uid',
  resourceVersion: '42',
  name: 'web-1.17a',
  namespace: 'shop',
  reason: 'BackOff',
  type: 'Warning',
  action: 'Pulling',
  note: 'Back-off pulling image "nginx:nope"',
  reportingController: 'kubelet',
  reportingInstance: 'node-a',
  regarding: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'pod-uid', apiVersion: 'v1', resourceVersion: '9', fieldPath: 'spec.containers{web}' },
  related: { kind: 'Node', name: 'node-a', uid: 'node-a' },
  hint: 'image_pull_failure',
  count: 3,
  eventTime: '2024-05-01T10:00:00.000000Z',
  timeUnixMicros: 1_714_557_600_000_000,
  observedUnixMicros: 1_714_557_600_000_001,
  severityNumber: 13,
  severityText: 'Warning',
  attributes: [{ key: 'event.uid', value: 'ev-uid' }],
  droppedAttributesCount: 0,
  resource: { attributes: [] },
  scope: { name: 'tracecore/findings', schemaUrl: 'https://tracecore.ai/schemas/findings/v0' },
  eventName: 'tracecore.finding',
};

/** A switch over Hint must be exhaustive: adding a hint breaks this function until it is handled. */
function hintGroup(hint: Hint): 'pod' | 'node' | 'image' | 'storage' {
  switch (hint) {
    case 'pod_evicted':
    case 'oom_killed':
    case 'backoff':
    case 'schedule_failure':
    case 'create_failure':
    case 'container_status_unknown':
    case 'probe_failure':
    case 'kill_failure':
    case 'dns_config':
    case 'job_failed':
    case 'hook_failure':
      return 'pod';
    case 'node_unhealthy':
    case 'node_pressure':
    case 'network_not_ready':
    case 'invalid_disk_capacity':
      return 'node';
    case 'image_pull_failure':
      return 'image';
    case 'mount_failure':
    case 'volume_attach_failure':
      return 'storage';
    default:
      return assertNever(hint);
  }
}

describe('public API', () => {
  it('HINTS holds exactly the 18 hints of k8s-events-v0, in rule order', () => {
    assert.deepEqual(
      [...HINTS],
      [
        'pod_evicted',
        'oom_killed',
        'image_pull_failure',
        'backoff',
        'mount_failure',
        'volume_attach_failure',
        'schedule_failure',
        'create_failure',
        'container_status_unknown',
        'node_unhealthy',
        'node_pressure',
        'probe_failure',
        'kill_failure',
        'network_not_ready',
        'invalid_disk_capacity',
        'dns_config',
        'job_failed',
        'hook_failure',
      ],
    );
    for (const hint of HINTS) assert.ok(['pod', 'node', 'image', 'storage'].includes(hintGroup(hint)));
  });

  it('pins the schema URL, scope name and attribute keys', () => {
    assert.equal(SCHEMA_URL, 'https://tracecore.ai/schemas/k8sevents/v0');
    assert.equal(SCOPE_NAME, 'tracecore/k8s_events');
    assert.deepEqual(
      [...ATTRIBUTE_KEYS],
      [
        'event.uid',
        'event.reason',
        'regarding.kind',
        'regarding.namespace',
        'regarding.name',
        'regarding.uid',
        'k8s.event.hint',
        'event.time',
        'series.count',
        'event.reporting_controller',
        'event.action',
        'event.type',
        'note',
        'event.name',
        'event.namespace',
        'event.reporting_instance',
        'regarding.field_path',
        'regarding.api_version',
        'regarding.resource_version',
        'related.kind',
        'related.namespace',
        'related.name',
        'related.uid',
      ],
    );
    assert.deepEqual(
      [
        SEMCONV_EVENT_REASON,
        SEMCONV_EVENT_ACTION,
        SEMCONV_EVENT_NAME,
        SEMCONV_EVENT_UID,
        SEMCONV_EVENT_COUNT,
        SEMCONV_REPORTING_CONTROLLER,
        SEMCONV_REPORTING_INSTANCE,
        SEMCONV_NAMESPACE_NAME,
        SEMCONV_OBJECT_KIND,
        SEMCONV_OBJECT_NAME,
        SEMCONV_OBJECT_UID,
        SEMCONV_OBJECT_FIELDPATH,
        SEMCONV_OBJECT_API_VERSION,
        SEMCONV_OBJECT_RESOURCE_VERSION,
      ],
      [
        'k8s.event.reason',
        'k8s.event.action',
        'k8s.event.name',
        'k8s.event.uid',
        'k8s.event.count',
        'k8s.event.reporting_controller',
        'k8s.event.reporting_instance',
        'k8s.namespace.name',
        'k8s.object.kind',
        'k8s.object.name',
        'k8s.object.uid',
        'k8s.object.fieldpath',
        'k8s.object.api_version',
        'k8s.object.resource_version',
      ],
    );
  });

  it('turns a kubectl (core/v1) event into an EventRecord through the public functions', () => {
    const event = normalizeEvent({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { uid: 'ev-uid', name: 'web-1.17a', namespace: 'shop', resourceVersion: '42' },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'pod-uid' },
      reason: 'BackOff',
      message: 'Back-off pulling image "nginx:nope"',
      type: 'Warning',
      count: 3,
      lastTimestamp: '2024-05-01T10:00:00Z',
    });
    assert.ok(event);
    const record = createRecordBuilder({ maxAttributes: 16, noteMaxBytes: 1024, semconvCompat: false, resource: EVERY_FIELD.resource })(event, 1);
    assert.equal(record.hint, EVERY_FIELD.hint);
    assert.equal(record.eventTime, EVERY_FIELD.eventTime);
    assert.equal(record.timeUnixMicros, EVERY_FIELD.timeUnixMicros);
    assert.equal(record.count, EVERY_FIELD.count);
    assert.equal(record.severityNumber, EVERY_FIELD.severityNumber);
    assert.equal(hintFor('BackOff', 'Back-off restarting failed container'), 'backoff');
    assert.match(describeHint('oom_killed'), /memory/);
  });
});

describe('package edge', () => {
  it('`import "tracecore"` resolves to the public API through package.json exports, and nothing else is reachable', async () => {
    const api = (await import('tracecore')) as { readonly [name: string]: unknown };
    assert.equal(api.createRecordBuilder, createRecordBuilder);
    assert.equal(api.normalizeEvent, normalizeEvent);
    assert.equal('assertNever' in api, false, 'utilities stay out of the public API');
    await assert.rejects(import('tracecore/src/cli/main.ts' as string), { code: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  });

  it('pins the findings schema v0: scope, schema URL, event name, kinds, states and keys', () => {
    assert.equal(FINDINGS_SCOPE_NAME, 'tracecore/findings');
    assert.equal(FINDINGS_SCHEMA_URL, 'https://tracecore.ai/schemas/findings/v0');
    assert.deepEqual(FINDINGS_SCOPE, { name: 'tracecore/findings', schemaUrl: 'https://tracecore.ai/schemas/findings/v0' });
    assert.equal(FINDING_EVENT_NAME, 'tracecore.finding');
    assert.deepEqual([...FINDING_KINDS], ['pod_eviction_storm', 'oom_kills', 'crash_loop', 'image_pull_failing', 'unschedulable', 'node_flapping']);
    assert.deepEqual([...FINDING_STATES], ['firing', 'resolved']);
    assert.deepEqual(
      [
        ATTR_FINDING_KIND,
        ATTR_FINDING_STATE,
        ATTR_FINDING_SUBJECT_KIND,
        ATTR_FINDING_SUBJECT_NAME,
        ATTR_FINDING_SUBJECT_NAMESPACE,
        ATTR_FINDING_COUNT,
        ATTR_FINDING_FIRST_TIME,
        ATTR_FINDING_LAST_TIME,
        ATTR_FINDING_WINDOW,
        ATTR_FINDING_EVIDENCE,
        ATTR_FINDING_RESOURCE,
        ATTR_FINDING_WORKLOADS,
        ATTR_FINDING_IMAGE,
        ATTR_FINDING_REASONS,
      ],
      [
        'finding.kind',
        'finding.state',
        'finding.subject.kind',
        'finding.subject.name',
        'finding.subject.namespace',
        'finding.count',
        'finding.first_time',
        'finding.last_time',
        'finding.window',
        'finding.evidence',
        'finding.resource',
        'finding.workloads',
        'finding.image',
        'finding.reasons',
      ],
    );
    assert.equal(isFinding(EVERY_FIELD), true);
    assert.equal(isFinding({ ...EVERY_FIELD, scope: undefined, eventName: undefined }), false);
  });
});
