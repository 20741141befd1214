import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { request } from 'undici';
import type { LeaseObject } from './lease-store.ts';
import { SandboxApiServer } from './sandbox-server.ts';

type Answer = LeaseObject & { reason?: string };

const LEASES = '/apis/coordination.k8s.io/v1/namespaces/ha/leases';

describe('sandbox Leases (coordination.k8s.io/v1)', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ protocol: 'http' });
  });
  after(() => sandbox.close());

  async function call(method: 'GET' | 'POST' | 'PUT', path: string, body?: unknown): Promise<{ status: number; body: Answer }> {
    const response = await request(new URL(path, sandbox.url), {
      method,
      headers: { authorization: `Bearer ${sandbox.token ?? ''}`, 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return { status: response.statusCode, body: (await response.body.json()) as Answer };
  }

  it('GET of a missing Lease is 404; POST creates it; a second POST is 409 AlreadyExists', async () => {
    const missing = await call('GET', `${LEASES}/a`);
    assert.equal(missing.status, 404);
    assert.equal(missing.body.reason, 'NotFound');
    const created = await call('POST', LEASES, { metadata: { name: 'a' }, spec: { holderIdentity: 'one', leaseDurationSeconds: 15 } });
    assert.equal(created.status, 201);
    assert.equal(created.body.kind, 'Lease');
    assert.equal(created.body.spec.holderIdentity, 'one');
    assert.match(created.body.metadata.resourceVersion, /^\d+$/);
    const again = await call('POST', LEASES, { metadata: { name: 'a' }, spec: {} });
    assert.equal(again.status, 409);
    assert.equal(again.body.reason, 'AlreadyExists');
    assert.deepEqual((await call('GET', `${LEASES}/a`)).body, created.body);
  });

  it('PUT with the current resourceVersion updates; a stale one is 409 Conflict and changes nothing', async () => {
    const read = await call('GET', `${LEASES}/a`);
    const updated = await call('PUT', `${LEASES}/a`, { ...read.body, metadata: { ...read.body.metadata, annotations: { k: 'v' } }, spec: { holderIdentity: 'two' } });
    assert.equal(updated.status, 200);
    assert.notEqual(updated.body.metadata.resourceVersion, read.body.metadata.resourceVersion);
    assert.deepEqual(updated.body.metadata.annotations, { k: 'v' });
    const stale = await call('PUT', `${LEASES}/a`, { ...read.body, spec: { holderIdentity: 'three' } });
    assert.equal(stale.status, 409);
    assert.equal(stale.body.reason, 'Conflict');
    assert.equal((await call('GET', `${LEASES}/a`)).body.spec.holderIdentity, 'two');
  });

  it('refuses annotations over 256 KiB in all (422) and an update of a missing Lease (404)', async () => {
    const read = await call('GET', `${LEASES}/a`);
    const big = await call('PUT', `${LEASES}/a`, { ...read.body, metadata: { ...read.body.metadata, annotations: { a: 'x'.repeat(200 * 1024), b: 'y'.repeat(60 * 1024) } } });
    assert.equal(big.status, 422);
    assert.equal((await call('PUT', `${LEASES}/nope`, { metadata: { name: 'nope' }, spec: {} })).status, 404);
  });

  it('failNext can target Lease requests; they are counted apart from lists and watches', async () => {
    sandbox.requests.clear();
    sandbox.failNext(1, { status: 503, requests: 'lease' });
    assert.equal((await call('GET', `${LEASES}/a`)).status, 503);
    assert.equal((await call('GET', `${LEASES}/a`)).status, 200);
    assert.equal(sandbox.requests.leaseRequests, 2);
    assert.equal(sandbox.requests.lists, 0);
  });
});
