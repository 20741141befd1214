import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTRIBUTE_KEYS,
  ATTR_EVENT_ACTION,
  ATTR_EVENT_TIME,
  ATTR_HINT,
  ATTR_NOTE,
  ATTR_REGARDING_NAMESPACE,
  ATTR_REPORTING_CONTROLLER,
  ATTR_REPORTING_INSTANCE,
  ATTR_SERIES_COUNT,
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
} from '../../model/attributes.ts';
import type { Attribute, EventRecord, Resource } from '../../model/record.ts';
import type { K8sEvent } from './event.ts';
import { createRecordBuilder, type RecordBuilderOptions } from './record.ts';

const RESOURCE: Resource = { attributes: [{ key: 'service.name', value: 'tracecore' }] };
const OBSERVED = 1_700_000_000_123_456;

function builder(overrides: Partial<RecordBuilderOptions> = {}) {
  return createRecordBuilder({ maxAttributes: 16, noteMaxBytes: 1024, semconvCompat: false, resource: RESOURCE, ...overrides });
}

function build(event: K8sEvent, overrides: Partial<RecordBuilderOptions> = {}): EventRecord {
  return builder(overrides)(event, OBSERVED);
}

/** An events.k8s.io/v1 event with every field the schema maps (all 23 keys present). */
function fullEvent(): K8sEvent {
  return {
    apiVersion: 'events.k8s.io/v1',
    kind: 'Event',
    metadata: { uid: 'ev-uid', name: 'web-1.17a', namespace: 'shop', resourceVersion: '4242', creationTimestamp: '2024-05-01T10:00:00Z' },
    eventTime: '2024-05-01T10:00:01.000002Z',
    series: { count: 7, lastObservedTime: '2024-05-01T10:05:00.123456Z' },
    reportingController: 'kubelet',
    reportingInstance: 'node-a',
    action: 'Pulling',
    reason: 'BackOff',
    regarding: { kind: 'Pod', namespace: 'shop', name: 'web-1', uid: 'pod-uid', apiVersion: 'v1', resourceVersion: '99', fieldPath: 'spec.containers{web}' },
    related: { kind: 'Node', namespace: 'ns-r', name: 'node-a', uid: 'node-uid' },
    note: 'Back-off pulling image "nginx:nope"',
    type: 'Warning',
    deprecatedSource: { component: 'old-kubelet', host: 'old-host' },
    deprecatedFirstTimestamp: '2024-05-01T09:00:00Z',
    deprecatedLastTimestamp: '2024-05-01T09:30:00Z',
    deprecatedCount: 3,
  };
}

function keys(record: EventRecord): string[] {
  return record.attributes.map((a) => a.key);
}

function attr(record: EventRecord, key: string): Attribute['value'] | undefined {
  return record.attributes.find((a) => a.key === key)?.value;
}

describe('record: event time', () => {
  it('takes series.lastObservedTime first, keeping microseconds', () => {
    const r = build(fullEvent());
    assert.equal(r.eventTime, '2024-05-01T10:05:00.123456Z');
    assert.equal(r.timeUnixMicros, Date.UTC(2024, 4, 1, 10, 5, 0) * 1000 + 123_456);
    assert.equal(attr(r, ATTR_EVENT_TIME), '2024-05-01T10:05:00.123456Z');
  });

  it('then eventTime, deprecatedLastTimestamp, deprecatedFirstTimestamp, metadata.creationTimestamp', () => {
    const steps: [Partial<K8sEvent>, string][] = [
      [{ series: undefined }, '2024-05-01T10:00:01.000002Z'],
      [{ series: null, eventTime: null }, '2024-05-01T09:30:00.000000Z'],
      [{ series: null, eventTime: null, deprecatedLastTimestamp: null }, '2024-05-01T09:00:00.000000Z'],
      [{ series: null, eventTime: null, deprecatedLastTimestamp: null, deprecatedFirstTimestamp: null }, '2024-05-01T10:00:00.000000Z'],
    ];
    for (const [change, expected] of steps) {
      const r = build({ ...fullEvent(), ...change });
      assert.equal(r.eventTime, expected, JSON.stringify(change));
      assert.equal(r.timeUnixMicros, Date.parse(expected) * 1000 + Number(expected.slice(23, 26)));
    }
  });

  it('a series without lastObservedTime, an empty or unparseable time count as absent', () => {
    assert.equal(build({ ...fullEvent(), series: { count: 2 } }).eventTime, '2024-05-01T10:00:01.000002Z');
    assert.equal(build({ ...fullEvent(), series: { lastObservedTime: 'soon' } }).eventTime, '2024-05-01T10:00:01.000002Z');
    assert.equal(build({ ...fullEvent(), series: null, eventTime: '' }).eventTime, '2024-05-01T09:30:00.000000Z');
  });

  it('falls back to the observed time when the event has no time at all', () => {
    const r = build({ metadata: { uid: 'u' } });
    assert.equal(r.timeUnixMicros, OBSERVED);
    assert.equal(r.eventTime, '2023-11-14T22:13:20.123456Z');
    assert.equal(r.observedUnixMicros, OBSERVED);
  });

  it('prints offsets in UTC', () => {
    const r = build({ metadata: { uid: 'u' }, eventTime: '2024-05-01T12:00:00.5+02:00' });
    assert.equal(r.eventTime, '2024-05-01T10:00:00.500000Z');
  });
});

describe('record: severity', () => {
  const cases: [string | undefined, number, string][] = [
    ['Warning', 13, 'Warning'],
    ['Normal', 9, 'Normal'],
    ['Error', 0, 'Error'],
    ['warning', 0, 'warning'],
    [undefined, 0, ''],
    ['', 0, ''],
  ];
  for (const [type, number, text] of cases) {
    it(`type ${JSON.stringify(type)} -> ${number} ${JSON.stringify(text)}`, () => {
      const r = build({ metadata: { uid: 'u' }, type });
      assert.equal(r.severityNumber, number);
      assert.equal(r.severityText, text);
      assert.equal(r.type, type || undefined);
    });
  }
});

describe('record: attributes and the cap', () => {
  it('lists every key in the spec order when all are present and the cap allows', () => {
    const r = build(fullEvent(), { maxAttributes: 64 });
    assert.deepEqual(keys(r), [...ATTRIBUTE_KEYS]);
    assert.equal(r.droppedAttributesCount, 0);
  });

  for (const cap of [9, 16, 64]) {
    it(`caps at ${cap} and counts what it drops`, () => {
      const r = build(fullEvent(), { maxAttributes: cap });
      const kept = Math.min(cap, ATTRIBUTE_KEYS.length);
      assert.deepEqual(keys(r), ATTRIBUTE_KEYS.slice(0, kept));
      assert.equal(r.droppedAttributesCount, ATTRIBUTE_KEYS.length - kept);
    });
  }

  it('never goes below 9 attributes, whatever it is given', () => {
    const r = build(fullEvent(), { maxAttributes: 3 });
    assert.equal(r.attributes.length, 9);
    assert.equal(r.droppedAttributesCount, ATTRIBUTE_KEYS.length - 9);
  });

  it('absent keys take no slot: the next keys move up under the cap', () => {
    // No hint (reason Pulled), no regarding.namespace: reporting controller and action move into the first nine.
    const event: K8sEvent = { ...fullEvent(), reason: 'Pulled', regarding: { kind: 'Node', name: 'node-a', uid: 'node-a' } };
    const r = build(event, { maxAttributes: 9 });
    assert.equal(attr(r, ATTR_HINT), undefined);
    assert.equal(attr(r, ATTR_REGARDING_NAMESPACE), undefined);
    assert.deepEqual(keys(r).slice(-3), [ATTR_SERIES_COUNT, ATTR_REPORTING_CONTROLLER, ATTR_EVENT_ACTION]);
    assert.equal(r.attributes.length, 9);
  });

  it('treats empty strings and nulls as absent, never emitting an empty value', () => {
    const event: K8sEvent = {
      metadata: { uid: 'u', name: '', namespace: '' },
      reason: '',
      action: '',
      type: '',
      note: '',
      reportingController: '',
      reportingInstance: '',
      regarding: { kind: 'Pod', namespace: '', name: 'p', uid: '', fieldPath: '' },
      related: { kind: '', name: '' },
      deprecatedSource: { component: 'kubelet', host: 'node-a' },
      eventTime: null,
      series: null,
      deprecatedCount: null,
    };
    const r = build(event, { maxAttributes: 64, semconvCompat: true });
    for (const a of r.attributes) assert.notEqual(a.value, '', a.key);
    assert.equal(attr(r, ATTR_REPORTING_CONTROLLER), 'kubelet');
    assert.equal(attr(r, ATTR_REPORTING_INSTANCE), 'node-a');
    assert.deepEqual({ ...r.regarding }, { kind: 'Pod', namespace: undefined, name: 'p', uid: undefined, apiVersion: undefined, resourceVersion: undefined, fieldPath: undefined });
    assert.equal(r.related, undefined);
    assert.equal(r.name, undefined);
    assert.equal(r.note, undefined);
    assert.equal(r.reason, undefined);
  });

  it('prefers reportingController/Instance over deprecatedSource', () => {
    const r = build(fullEvent(), { maxAttributes: 64 });
    assert.equal(attr(r, ATTR_REPORTING_CONTROLLER), 'kubelet');
    assert.equal(attr(r, ATTR_REPORTING_INSTANCE), 'node-a');
  });
});

describe('record: series.count', () => {
  const cases: [string, Partial<K8sEvent>, number][] = [
    ['series.count first', {}, 7],
    ['else deprecatedCount', { series: null }, 3],
    ['else 1', { series: null, deprecatedCount: null }, 1],
    ['a series without count falls to deprecatedCount', { series: { lastObservedTime: '2024-05-01T10:05:00Z' } }, 3],
    ['a count of 0 is not a count', { series: null, deprecatedCount: 0 }, 1],
  ];
  for (const [name, change, count] of cases) {
    it(`${name} -> ${count}`, () => {
      const r = build({ ...fullEvent(), ...change });
      assert.equal(r.count, count);
      assert.equal(attr(r, ATTR_SERIES_COUNT), count);
      assert.equal(typeof attr(r, ATTR_SERIES_COUNT), 'number');
    });
  }
});

describe('record: semconv_compat', () => {
  const SEMCONV_ORDER = [
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
  ];

  it('appends the Collector keys after the capped v0 keys, outside the cap', () => {
    const r = build(fullEvent(), { maxAttributes: 9, semconvCompat: true });
    assert.deepEqual(keys(r), [...ATTRIBUTE_KEYS.slice(0, 9), ...SEMCONV_ORDER]);
    assert.equal(r.droppedAttributesCount, ATTRIBUTE_KEYS.length - 9);
    const semconv = Object.fromEntries(r.attributes.slice(9).map((a) => [a.key, a.value]));
    assert.deepEqual(semconv, {
      'k8s.event.reason': 'BackOff',
      'k8s.event.action': 'Pulling',
      'k8s.event.name': 'web-1.17a',
      'k8s.event.uid': 'ev-uid',
      'k8s.event.count': 7,
      'k8s.event.reporting_controller': 'kubelet',
      'k8s.event.reporting_instance': 'node-a',
      'k8s.namespace.name': 'shop',
      'k8s.object.kind': 'Pod',
      'k8s.object.name': 'web-1',
      'k8s.object.uid': 'pod-uid',
      'k8s.object.fieldpath': 'spec.containers{web}',
      'k8s.object.api_version': 'v1',
      'k8s.object.resource_version': '99',
    });
  });

  it('stamps no Collector key when off, and omits absent ones when on', () => {
    assert.ok(!keys(build(fullEvent(), { maxAttributes: 64 })).some((k) => k.startsWith('k8s.event.') && k !== ATTR_HINT));
    const r = build({ metadata: { uid: 'u' } }, { semconvCompat: true });
    assert.deepEqual(keys(r).filter((k) => SEMCONV_ORDER.includes(k)), [SEMCONV_EVENT_UID, SEMCONV_EVENT_COUNT]);
  });
});

describe('record: fields', () => {
  it('fills every EventRecord field from the event', () => {
    const r = build(fullEvent());
    assert.equal(r.uid, 'ev-uid');
    assert.equal(r.resourceVersion, '4242');
    assert.equal(r.name, 'web-1.17a');
    assert.equal(r.namespace, 'shop');
    assert.equal(r.reason, 'BackOff');
    assert.equal(r.type, 'Warning');
    assert.equal(r.action, 'Pulling');
    assert.equal(r.note, 'Back-off pulling image "nginx:nope"');
    assert.equal(r.reportingController, 'kubelet');
    assert.equal(r.reportingInstance, 'node-a');
    assert.equal(r.hint, 'image_pull_failure');
    assert.equal(attr(r, ATTR_HINT), 'image_pull_failure');
    assert.equal(r.count, 7);
    assert.equal(r.regarding.kind, 'Pod');
    assert.equal(r.regarding.fieldPath, 'spec.containers{web}');
    assert.equal(r.related?.name, 'node-a');
    assert.equal(r.observedUnixMicros, OBSERVED);
    assert.equal(r.resource, RESOURCE, 'the resource is shared, not copied');
  });

  it('gives an event without regarding an empty reference and no regarding keys', () => {
    const r = build({ metadata: { uid: 'u' }, reason: 'Evicted' }, { maxAttributes: 64 });
    assert.equal(r.regarding.kind, undefined);
    assert.ok(!keys(r).some((k) => k.startsWith('regarding.')));
    assert.equal(r.resourceVersion, '');
  });

  it('truncates the note for body and attribute alike, but hints from the whole note', () => {
    const note = `Failed to pull image "x": ${'é'.repeat(1000)}`;
    const r = build({ metadata: { uid: 'u' }, reason: 'Failed', note }, { noteMaxBytes: 64, maxAttributes: 64 });
    assert.ok(Buffer.byteLength(r.note ?? '') <= 64);
    assert.ok(note.startsWith(r.note ?? '-'));
    assert.equal(attr(r, ATTR_NOTE), r.note);
    const late = build({ metadata: { uid: 'u' }, reason: 'Failed', note: `${'x'.repeat(5000)} ErrImagePull` }, { noteMaxBytes: 64 });
    assert.equal(late.hint, 'image_pull_failure');
  });

  it('builds from a decoded object without touching it', () => {
    const event = JSON.parse(JSON.stringify(fullEvent())) as K8sEvent;
    const before = JSON.stringify(event);
    build(event, { semconvCompat: true });
    assert.equal(JSON.stringify(event), before);
  });
});
