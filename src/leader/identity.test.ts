import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { k8sEventsConfigSchema } from '../receivers/k8s-events/config.ts';
import { k8sEventsReceiverFactory } from '../receivers/k8s-events/factory.ts';
import { defaultLeaseNamespace, electionIdentity } from './identity.ts';

describe('leader-election identity and Lease namespace', () => {
  it('identity: POD_NAME, else the host name, plus a random suffix (two processes never share one)', () => {
    const a = electionIdentity({ POD_NAME: 'tracecore-7d9f-abcde' });
    const b = electionIdentity({ POD_NAME: 'tracecore-7d9f-abcde' });
    assert.match(a, /^tracecore-7d9f-abcde_[0-9a-f]{8}$/);
    assert.notEqual(a, b);
    assert.ok(electionIdentity({}).startsWith(`${hostname()}_`));
  });

  it('namespace: POD_NAMESPACE, else the service account namespace file, else none', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'tracecore-ns-'));
    try {
      const file = join(dir, 'namespace');
      await writeFile(file, 'observability\n');
      assert.equal(defaultLeaseNamespace({ POD_NAMESPACE: 'tracecore' }, file), 'tracecore');
      assert.equal(defaultLeaseNamespace({}, file), 'observability');
      assert.equal(defaultLeaseNamespace({}, join(dir, 'missing')), undefined);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it('validation reports a missing Lease namespace at leader_election.lease_namespace (outside a pod, without POD_NAMESPACE)', () => {
    const check = k8sEventsReceiverFactory.checkEnvironment;
    assert.ok(check);
    const config = k8sEventsConfigSchema.parse({ auth: 'kubeconfig', kubeconfig: '/dev/null', leader_election: { enabled: true } });
    const problems = check(config, {}).filter((p) => p.path[0] === 'leader_election');
    assert.deepEqual(problems.map((p) => p.path.join('.')), ['leader_election.lease_namespace']);
    assert.deepEqual(check(config, { POD_NAMESPACE: 'tracecore' }).filter((p) => p.path[0] === 'leader_election'), []);
  });
});
