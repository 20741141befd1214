import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { k8sEventsConfigSchema } from './config.ts';
import type { K8sEvent } from './event.ts';
import { compileFilters } from './filters.ts';

function filters(config: object) {
  return compileFilters(k8sEventsConfigSchema.parse(config));
}

function event(namespace: string | undefined, reason: string | undefined, type: string | undefined): K8sEvent {
  return {
    metadata: { uid: 'u', namespace: namespace ?? 'default' },
    reason,
    type,
    regarding: namespace === undefined ? { kind: 'Node', name: 'node-a', uid: 'node-a' } : { kind: 'Pod', namespace, name: 'p' },
  };
}

const POD_IN_SHOP = event('shop', 'BackOff', 'Warning');
const POD_IN_KUBE_SYSTEM = event('kube-system', 'Pulled', 'Normal');
const NODE = event(undefined, 'NodeNotReady', 'Normal');

describe('compileFilters', () => {
  it('keeps everything when no filter is configured', () => {
    const keep = filters({});
    for (const e of [POD_IN_SHOP, POD_IN_KUBE_SYSTEM, NODE, { metadata: { uid: 'bare' } }]) assert.equal(keep(e), undefined);
  });

  describe('namespaces', () => {
    it('exclude drops events about objects in those namespaces', () => {
      const f = filters({ namespaces: { exclude: ['kube-system'] } });
      assert.equal(f(POD_IN_KUBE_SYSTEM), 'namespace');
      assert.equal(f(POD_IN_SHOP), undefined);
    });

    it('include keeps only events about objects in those namespaces', () => {
      const f = filters({ namespaces: { include: ['shop', 'payments'] } });
      assert.equal(f(POD_IN_SHOP), undefined);
      assert.equal(f(event('payments', 'Pulled', 'Normal')), undefined);
      assert.equal(f(POD_IN_KUBE_SYSTEM), 'namespace');
    });

    it('never drops events about cluster-scoped objects such as Nodes', () => {
      for (const config of [{ namespaces: { include: ['shop'] } }, { namespaces: { exclude: ['default', 'kube-system'] } }]) {
        assert.equal(filters(config)(NODE), undefined, JSON.stringify(config));
      }
      const noRegarding: K8sEvent = { metadata: { uid: 'u', namespace: 'default' }, reason: 'RegisteredNode' };
      assert.equal(filters({ namespaces: { include: ['shop'] } })(noRegarding), undefined);
    });

    it('matches regarding.namespace, not the event\'s own namespace', () => {
      const e: K8sEvent = { metadata: { uid: 'u', namespace: 'shop' }, regarding: { kind: 'Pod', namespace: 'kube-system', name: 'p' } };
      assert.equal(filters({ namespaces: { include: ['shop'] } })(e), 'namespace');
    });

    it('applies exclude after include', () => {
      const f = filters({ namespaces: { include: ['shop', 'kube-system'], exclude: ['kube-system'] } });
      assert.equal(f(POD_IN_SHOP), undefined);
      assert.equal(f(POD_IN_KUBE_SYSTEM), 'namespace');
    });
  });

  describe('min_event_type', () => {
    it('Warning drops Normal events and keeps Warning, unknown and missing types', () => {
      const f = filters({ min_event_type: 'Warning' });
      assert.equal(f(POD_IN_SHOP), undefined);
      assert.equal(f(POD_IN_KUBE_SYSTEM), 'min_event_type');
      assert.equal(f(NODE), 'min_event_type');
      assert.equal(f(event('shop', 'Custom', 'Error')), undefined);
      assert.equal(f(event('shop', 'Starting', undefined)), undefined);
    });

    it('Normal keeps everything', () => {
      assert.equal(filters({ min_event_type: 'Normal' })(POD_IN_KUBE_SYSTEM), undefined);
    });
  });

  describe('reason_regex', () => {
    it('keeps events whose reason matches (unanchored search) and drops the rest', () => {
      const f = filters({ reason_regex: 'BackOff|NotReady' });
      assert.equal(f(POD_IN_SHOP), undefined);
      assert.equal(f(NODE), undefined);
      assert.equal(f(event('shop', 'CrashLoopBackOff', 'Warning')), undefined);
      assert.equal(f(POD_IN_KUBE_SYSTEM), 'reason');
    });

    it('anchors when the pattern says so', () => {
      const f = filters({ reason_regex: '^(Evicted|OOM.*)$' });
      assert.equal(f(event('shop', 'OOMKilling', 'Warning')), undefined);
      assert.equal(f(event('shop', 'Evicted', 'Warning')), undefined);
      assert.equal(f(event('shop', 'NotEvicted', 'Warning')), 'reason');
    });

    it('tests an event without a reason as the empty string', () => {
      assert.equal(filters({ reason_regex: '^$' })(event('shop', undefined, 'Warning')), undefined);
      assert.equal(filters({ reason_regex: 'BackOff' })(event('shop', undefined, 'Warning')), 'reason');
    });

    it('runs a pathological pattern in linear time: (a+)+$ over 100k a\'s then b completes', () => {
      const f = filters({ reason_regex: '(a+)+$' });
      assert.equal(f(event('shop', `${'a'.repeat(100_000)}b`, 'Warning')), 'reason');
      assert.equal(f(event('shop', 'a'.repeat(100_000), 'Warning')), undefined);
    });
  });

  it('names the first filter that drops, cheapest first: namespace, min_event_type, reason', () => {
    const f = filters({ namespaces: { exclude: ['kube-system'] }, min_event_type: 'Warning', reason_regex: '^BackOff$' });
    assert.equal(f(POD_IN_KUBE_SYSTEM), 'namespace');
    assert.equal(f(event('shop', 'Pulled', 'Normal')), 'min_event_type');
    assert.equal(f(event('shop', 'Pulled', 'Warning')), 'reason');
    assert.equal(f(POD_IN_SHOP), undefined);
  });
});
