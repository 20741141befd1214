import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventObject } from './event-types.ts';
import { SandboxApiServer } from './sandbox-server.ts';
import { EVENTS, getJson, WatchReader } from '../../test/support/sandbox-test-client.ts';

function event(name: string, kind: string, type: string, namespace = 'shop'): EventObject {
  return { metadata: { name, namespace }, reason: type === 'Warning' ? 'BackOff' : 'Pulled', type, regarding: { kind, namespace, name: name.split('.')[0] } };
}

describe('sandbox fieldSelector and workloads', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ protocol: 'http', token: null });
    sandbox.store.add(event('a.1', 'Pod', 'Warning'));
    sandbox.store.add(event('b.1', 'Pod', 'Normal'));
    sandbox.store.add(event('c.1', 'Node', 'Warning', 'default'));
  });
  after(() => sandbox.close());

  it('lists only what the selector matches; != keeps a missing field', async () => {
    const names = async (fieldSelector: string) => ((await getJson(sandbox, EVENTS, { fieldSelector })).body.items ?? []).map((i) => i.metadata?.name).sort();
    assert.deepEqual(await names('type!=Normal'), ['a.1', 'c.1']);
    assert.deepEqual(await names('type!=Normal,regarding.kind=Pod'), ['a.1']);
    assert.deepEqual(await names('regarding.kind==Node'), ['c.1']);
    assert.deepEqual(await names('reportingController!=kubelet'), ['a.1', 'b.1', 'c.1']);
  });

  it('answers 400 for a field label the events API does not support', async () => {
    const cases: Array<[string, { [name: string]: string }]> = [
      ['note=x', {}],
      ['involvedObject.kind=Pod', {}],
      ['note=OOM', { watch: 'true' }],
    ];
    for (const [selector, extra] of cases) {
      const answer = await getJson(sandbox, EVENTS, { ...extra, fieldSelector: selector });
      assert.equal(answer.status, 400);
      assert.match(String(answer.body.message), new RegExp(`field label not supported: ${selector.split('=')[0]}`));
    }
  });

  it('a watch sends only matching changes', async () => {
    const rv = sandbox.store.resourceVersion;
    const reader = await WatchReader.open(sandbox, { resourceVersion: rv, fieldSelector: 'type=Warning' });
    try {
      sandbox.store.add(event('d.1', 'Pod', 'Normal'));
      sandbox.store.add(event('e.1', 'Pod', 'Warning'));
      const line = await reader.next();
      assert.equal(line?.type, 'ADDED');
      assert.equal((line?.object as EventObject).metadata.name, 'e.1');
    } finally {
      await reader.close();
    }
  });

  it('serves workloads by name: 200 with ownerReferences, 404 when gone, 403 when forbidden', async () => {
    sandbox.workloads.put({ kind: 'Pod', namespace: 'shop', name: 'web-1', labels: { team: 'a' }, owner: { kind: 'ReplicaSet', name: 'web-5d' } });
    const pod = await getJson(sandbox, '/api/v1/namespaces/shop/pods/web-1');
    assert.equal(pod.status, 200);
    const meta = (pod.body as unknown as { metadata: { labels: object; ownerReferences: Array<{ kind: string; name: string; controller: boolean }> } }).metadata;
    assert.deepEqual(meta.labels, { team: 'a' });
    assert.deepEqual(meta.ownerReferences.map((r) => [r.kind, r.name, r.controller]), [['ReplicaSet', 'web-5d', true]]);
    assert.equal((await getJson(sandbox, '/apis/apps/v1/namespaces/shop/replicasets/web-5d')).status, 404);
    sandbox.workloads.forbid('pods');
    const forbidden = await getJson(sandbox, '/api/v1/namespaces/shop/pods/web-1');
    assert.equal(forbidden.status, 403);
    assert.match(String(forbidden.body.message), /cannot get resource "pods"/);
    sandbox.workloads.allow('pods');
    sandbox.workloads.delete('Pod', 'shop', 'web-1');
    assert.equal((await getJson(sandbox, '/api/v1/namespaces/shop/pods/web-1')).status, 404);
  });
});
