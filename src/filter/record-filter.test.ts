import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { k8sEventsConfigSchema } from '../receivers/k8s-events/config.ts';
import type { K8sEvent } from '../receivers/k8s-events/event.ts';
import { createRecordBuilder } from '../receivers/k8s-events/record.ts';
import { fieldSelectorFor } from './field-selector.ts';
import { compileRecordFilter } from './record-filter.ts';

const build = createRecordBuilder({ maxAttributes: 16, noteMaxBytes: 1024, semconvCompat: false, resource: { attributes: [] } });

/** The receiver's filter, applied to the record an event becomes (as the receiver does). */
function filters(config: object) {
  const filter = compileRecordFilter(k8sEventsConfigSchema.parse(config));
  return (event: K8sEvent) => filter(build(event, 0));
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

describe('compileRecordFilter', () => {
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

  describe('kinds', () => {
    it('include keeps only those kinds of regarding object; exclude drops them', () => {
      assert.equal(filters({ kinds: { include: ['Pod'] } })(POD_IN_SHOP), undefined);
      assert.equal(filters({ kinds: { include: ['Pod'] } })(NODE), 'kind');
      assert.equal(filters({ kinds: { exclude: ['Node'] } })(NODE), 'kind');
      assert.equal(filters({ kinds: { exclude: ['Node'] } })(POD_IN_SHOP), undefined);
    });

    it('an event without regarding.kind is dropped by an include only', () => {
      const bare: K8sEvent = { metadata: { uid: 'u' }, reason: 'X' };
      assert.equal(filters({ kinds: { include: ['Pod'] } })(bare), 'kind');
      assert.equal(filters({ kinds: { exclude: ['Node'] } })(bare), undefined);
    });
  });

  describe('name_regex and note_regex', () => {
    it('match regarding.name and the note (RE2, unanchored)', () => {
      const web: K8sEvent = { metadata: { uid: 'u' }, regarding: { kind: 'Pod', namespace: 'shop', name: 'web-7d4b9-x' }, note: 'Container api was OOMKilled' };
      assert.equal(filters({ name_regex: '^web-' })(web), undefined);
      assert.equal(filters({ name_regex: '^api-' })(web), 'name');
      assert.equal(filters({ note_regex: 'OOM|memory' })(web), undefined);
      assert.equal(filters({ note_regex: 'disk' })(web), 'note');
    });

    it('refuses lookaround at validation, like reason_regex', () => {
      const result = k8sEventsConfigSchema.safeParse({ note_regex: '(?=x)' });
      assert.equal(result.success, false);
      assert.match(JSON.stringify(result.error?.issues), /lookahead/);
    });
  });

  describe('min_count', () => {
    it('drops events whose series count is below it', () => {
      const once: K8sEvent = { metadata: { uid: 'u' }, reason: 'BackOff' };
      const often: K8sEvent = { metadata: { uid: 'v' }, reason: 'BackOff', series: { count: 7 } };
      const legacy: K8sEvent = { metadata: { uid: 'w' }, reason: 'BackOff', deprecatedCount: 5 };
      const f = filters({ min_count: 5 });
      assert.equal(f(once), 'count');
      assert.equal(f(often), undefined);
      assert.equal(f(legacy), undefined);
    });
  });

  describe('hints', () => {
    const evicted: K8sEvent = { metadata: { uid: 'e' }, reason: 'Evicted', type: 'Warning', regarding: { kind: 'Pod', namespace: 'shop', name: 'p' }, note: 'The node was low on resource: memory.' };
    const pulled: K8sEvent = { metadata: { uid: 'p' }, reason: 'Pulled', type: 'Normal', regarding: { kind: 'Pod', namespace: 'shop', name: 'p' } };

    it('include keeps only those hints; `none` stands for no hint', () => {
      assert.equal(filters({ hints: { include: ['pod_evicted'] } })(evicted), undefined);
      assert.equal(filters({ hints: { include: ['pod_evicted'] } })(pulled), 'hint');
      assert.equal(filters({ hints: { include: ['none'] } })(pulled), undefined);
    });

    it('exclude [none] keeps only hinted events', () => {
      const f = filters({ hints: { exclude: ['none'] } });
      assert.equal(f(evicted), undefined);
      assert.equal(f(pulled), 'hint');
    });

    it('refuses an unknown hint at validation', () => {
      assert.equal(k8sEventsConfigSchema.safeParse({ hints: { include: ['pod_evicted', 'podevicted'] } }).success, false);
    });
  });
});

describe('fieldSelectorFor', () => {
  const selector = (config: object) => fieldSelectorFor(k8sEventsConfigSchema.parse(config));

  it('pushes down only exact terms the API server supports', () => {
    assert.equal(selector({}), undefined);
    assert.equal(selector({ min_event_type: 'Warning' }), 'type!=Normal');
    assert.equal(
      selector({ min_event_type: 'Warning', namespaces: { exclude: ['kube-system', 'kube-public'] }, kinds: { include: ['Pod'], exclude: ['Node'] }, reason_regex: '^BackOff$' }),
      'type!=Normal,regarding.namespace!=kube-system,regarding.namespace!=kube-public,regarding.kind=Pod,regarding.kind!=Node,reason=BackOff',
    );
  });

  it('keeps in process what a selector cannot say exactly', () => {
    assert.equal(selector({ namespaces: { include: ['shop'] } }), undefined, 'would drop events about Nodes');
    assert.equal(selector({ kinds: { include: ['Pod', 'Node'] } }), undefined, 'no sets');
    assert.equal(selector({ reason_regex: 'BackOff' }), undefined, 'unanchored');
    assert.equal(selector({ reason_regex: '^(Evicted|OOM.*)$' }), undefined, 'not one word');
    assert.equal(selector({ hints: { exclude: ['none'] }, min_count: 3, name_regex: 'web', note_regex: 'OOM' }), undefined);
  });
});
