import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { EventObject } from './event-types.ts';
import { SandboxApiServer } from './sandbox-server.ts';
import { EVENTS, eventsPath, getJson, listAll } from '../../test/support/sandbox-test-client.ts';
import { generateEvents } from './synthetic-events.ts';

function podEvent(name: string, namespace: string): EventObject {
  return { metadata: { name, namespace }, reason: 'Pulled', note: `Container image "nginx" already present on machine`, type: 'Normal', regarding: { kind: 'Pod', namespace, name } };
}

describe('sandbox list', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ protocol: 'http', token: null });
  });
  after(() => sandbox.close());

  it('pages with continue tokens over every Event exactly once, items without kind/apiVersion', async () => {
    sandbox.store.compact();
    for (const event of generateEvents(1234, 42)) sandbox.store.add(event);
    const first = await getJson(sandbox, EVENTS, { limit: '500' });
    assert.equal(first.status, 200);
    assert.equal(first.body.kind, 'EventList');
    assert.equal(first.body.apiVersion, 'events.k8s.io/v1');
    assert.equal(first.body.items?.length, 500);
    assert.equal(typeof first.body.metadata?.continue, 'string');
    assert.equal(first.body.items?.[0].kind, undefined);
    assert.equal(first.body.items?.[0].apiVersion, undefined);

    const listed = await listAll(sandbox, 500);
    assert.equal(listed.pages, 3);
    assert.equal(listed.resourceVersion, sandbox.store.resourceVersion);
    const uids = listed.items.map((item) => item.metadata?.uid);
    assert.equal(new Set(uids).size, 1234);
    assert.equal(sandbox.requests.filter((r) => r.kind === 'list' && r.status === 200).length, 4);
  });

  it('keeps paging one snapshot while Events change under it', async () => {
    sandbox.store.compact();
    for (let i = 0; i < 10; i++) sandbox.store.add(podEvent(`pod-${i}`, 'paging'));
    const first = await getJson(sandbox, eventsPath('paging'), { limit: '4' });
    const snapshotRv = first.body.metadata?.resourceVersion;
    sandbox.store.delete({ namespace: 'paging', name: 'pod-7' });
    sandbox.store.add(podEvent('pod-99', 'paging'));
    const second = await getJson(sandbox, eventsPath('paging'), { limit: '100', continue: first.body.metadata?.continue ?? '' });
    assert.equal(second.body.metadata?.resourceVersion, snapshotRv, 'every page reports the snapshot RV');
    const names = [...(first.body.items ?? []), ...(second.body.items ?? [])].map((i) => i.metadata?.name);
    assert.deepEqual(names, ['pod-0', 'pod-1', 'pod-2', 'pod-3', 'pod-4', 'pod-5', 'pod-6', 'pod-7', 'pod-8', 'pod-9']);
    assert.equal(second.body.metadata?.continue, undefined);
  });

  it('lists one namespace, and answers a single Event or a NotFound Status', async () => {
    sandbox.store.add(podEvent('only', 'solo'));
    const answer = await getJson(sandbox, eventsPath('solo'));
    assert.deepEqual(answer.body.items?.map((i) => i.metadata?.name), ['only']);
    const one = await getJson(sandbox, `${eventsPath('solo')}/only`);
    assert.equal(one.status, 200);
    assert.equal(one.body.kind, 'Event');
    const missing = await getJson(sandbox, `${eventsPath('solo')}/nope`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.kind, 'Status');
    assert.equal(missing.body.reason, 'NotFound');
  });

  it('answers an expired continue token with 410 Expired, and a forged one with 400', async () => {
    for (let i = 0; i < 5; i++) sandbox.store.add(podEvent(`exp-${i}`, 'expiry'));
    const first = await getJson(sandbox, eventsPath('expiry'), { limit: '2' });
    sandbox.store.compact();
    const expired = await getJson(sandbox, eventsPath('expiry'), { limit: '2', continue: first.body.metadata?.continue ?? '' });
    assert.equal(expired.status, 410);
    assert.equal(expired.body.kind, 'Status');
    assert.equal(expired.body.reason, 'Expired');
    assert.equal(expired.body.code, 410);
    const forged = await getJson(sandbox, EVENTS, { continue: 'not-a-token' });
    assert.equal(forged.status, 400);
    const restarted = await listAll(sandbox, 2, 'expiry');
    assert.equal(restarted.items.length, 5, 'a list started again without the token works');
  });

  it('serves resourceVersionMatch=Exact from history and refuses a compacted one', async () => {
    sandbox.store.add(podEvent('exact-a', 'exact'));
    const rv = sandbox.store.resourceVersion;
    sandbox.store.add(podEvent('exact-b', 'exact'));
    const exact = await getJson(sandbox, eventsPath('exact'), { resourceVersion: rv, resourceVersionMatch: 'Exact' });
    assert.deepEqual(exact.body.items?.map((i) => i.metadata?.name), ['exact-a']);
    assert.equal(exact.body.metadata?.resourceVersion, rv);
    sandbox.store.compact();
    const tooOld = await getJson(sandbox, eventsPath('exact'), { resourceVersion: rv, resourceVersionMatch: 'Exact' });
    assert.equal(tooOld.status, 410);
    const cached = await getJson(sandbox, eventsPath('exact'), { resourceVersion: '0' });
    assert.equal(cached.body.items?.length, 2);
  });

  it('answers anything but the events API with a 404 Status', async () => {
    for (const path of ['/api/v1/events', '/apis/events.k8s.io/v1/namespaces/x/pods', '/']) {
      const answer = await getJson(sandbox, path);
      assert.equal(answer.status, 404, path);
      assert.equal(answer.body.kind, 'Status');
    }
    assert.ok(sandbox.requests.filter((r) => r.kind === 'other' && r.status === 404).length >= 3);
  });
});
