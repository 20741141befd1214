import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { normalizeEvent } from './normalize.ts';

const CORE_V1 = {
  kind: 'Event',
  apiVersion: 'v1',
  metadata: { name: 'p.1', namespace: 'ns', uid: 'ev-1', resourceVersion: '10', creationTimestamp: '2023-07-11T04:25:44Z' },
  involvedObject: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'pod-1', apiVersion: 'v1', resourceVersion: '9', fieldPath: 'spec.containers{c}' },
  related: { kind: 'Node', name: 'n1', uid: 'n1' },
  reason: 'FailedScheduling',
  message: '0/1 nodes are available',
  source: { component: 'default-scheduler', host: '' },
  firstTimestamp: '2023-07-11T04:25:40Z',
  lastTimestamp: '2023-07-11T04:25:44Z',
  count: 4,
  type: 'Warning',
  eventTime: '2023-07-11T04:25:44.224298Z',
  series: { count: 3, lastObservedTime: '2023-07-11T04:40:44.264058Z' },
  action: 'Scheduling',
  reportingComponent: 'default-scheduler',
  reportingInstance: 'default-scheduler-minikube',
};

const CORE_AS_V1 = {
  apiVersion: 'events.k8s.io/v1',
  kind: 'Event',
  metadata: CORE_V1.metadata,
  eventTime: '2023-07-11T04:25:44.224298Z',
  series: { count: 3, lastObservedTime: '2023-07-11T04:40:44.264058Z' },
  reportingController: 'default-scheduler',
  reportingInstance: 'default-scheduler-minikube',
  action: 'Scheduling',
  reason: 'FailedScheduling',
  regarding: { kind: 'Pod', namespace: 'ns', name: 'p', uid: 'pod-1', apiVersion: 'v1', resourceVersion: '9', fieldPath: 'spec.containers{c}' },
  related: { kind: 'Node', name: 'n1', uid: 'n1' },
  note: '0/1 nodes are available',
  type: 'Warning',
  deprecatedSource: { component: 'default-scheduler' },
  deprecatedFirstTimestamp: '2023-07-11T04:25:40Z',
  deprecatedLastTimestamp: '2023-07-11T04:25:44Z',
  deprecatedCount: 4,
};

describe('normalizeEvent', () => {
  it('converts core/v1 the way the API server serves it through events.k8s.io/v1', () => {
    assert.deepEqual(normalizeEvent(CORE_V1), CORE_AS_V1);
  });

  it('converts core/v1 without kind/apiVersion, detected by its fields', () => {
    const { kind: _kind, apiVersion: _apiVersion, ...bare } = CORE_V1;
    assert.deepEqual(normalizeEvent(bare), CORE_AS_V1);
  });

  it('leaves out empty strings and nulls: reportingComponent "" is absent, not ""', () => {
    const event = normalizeEvent({ apiVersion: 'v1', metadata: { uid: 'u' }, reportingComponent: '', reportingInstance: '', eventTime: null, involvedObject: {}, source: {}, message: '' });
    assert.deepEqual(event, { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata: { uid: 'u' } });
  });

  it('returns events.k8s.io objects as they are, without copying (v1 and v1beta1)', () => {
    for (const apiVersion of ['events.k8s.io/v1', 'events.k8s.io/v1beta1']) {
      const obj = { apiVersion, kind: 'Event', metadata: { uid: 'u' }, regarding: { kind: 'Pod' }, note: 'n' };
      assert.equal(normalizeEvent(obj), obj);
    }
    const bare = { metadata: { uid: 'u' }, regarding: { kind: 'Pod' }, note: 'n', deprecatedCount: 2 };
    assert.equal(normalizeEvent(bare), bare);
  });

  it('returns undefined, without throwing, for what is not an Event', () => {
    for (const value of [undefined, null, 42, 'event', [], [{ metadata: { uid: 'u' } }], {}, { metadata: null }, { metadata: {} }, { metadata: { uid: '' } }, { metadata: { uid: 7 } }]) {
      assert.equal(normalizeEvent(value), undefined, JSON.stringify(value));
    }
    assert.equal(normalizeEvent({ apiVersion: 'v1', kind: 'Pod', metadata: { uid: 'u' } }), undefined);
    assert.equal(normalizeEvent({ apiVersion: 'apps/v1', kind: 'Event', metadata: { uid: 'u' } }), undefined);
  });
});
