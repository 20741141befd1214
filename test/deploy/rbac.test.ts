/**
 * What the tracecore ServiceAccount may do, computed from the rendered RBAC exactly as
 * `kubectl auth can-i --list --as=system:serviceaccount:tracecore:tracecore -n tracecore` prints it
 * (less the built-in discovery entries every identity has; see rbac-effective.ts), pinned by
 * the rbac-effective.golden.txt of each kustomization (base, overlays/ha), plus the things it must
 * never be able to do. The only write it may have: the HA overlay's leader-election Lease (get and
 * update on its one name, create), in its own namespace.
 *
 * After an intended RBAC change: UPDATE_GOLDEN=1 node --test test/deploy/rbac.test.ts, and review
 * the golden file's diff like code.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parse } from 'yaml';
import { kustomizations } from './deploy-paths.ts';
import { findTool } from './external-tool.ts';
import { formatCanIList, grantsFor, rulesInNamespace, type Grant } from './rbac-effective.ts';
import { renderKustomization, type K8sObject } from './render-manifests.ts';

const kubectl = findTool('kubectl', ['version', '--client'], 'apt-get install -y kubectl');
const SA = { namespace: 'tracecore', name: 'tracecore' };
const READ_VERBS = new Set(['get', 'list', 'watch']);

/** A grant on coordination.k8s.io leases in the service account's own namespace: leader election. */
const isLeaseGrant = (g: Grant): boolean => g.namespace === SA.namespace && g.rule.apiGroups.join() === 'coordination.k8s.io' && g.rule.resources.join() === 'leases';

/** leader_election.lease_name in the rendered config, when leader election is on. */
function leaseNameOf(objects: readonly K8sObject[]): string | undefined {
  const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('tracecore-config'));
  const config = parse((cm?.data as Record<string, string> | undefined)?.['config.yaml'] ?? '{}') as { receivers?: Record<string, { leader_election?: { enabled?: boolean; lease_name?: string } }> };
  const election = Object.values(config.receivers ?? {}).find((r) => r.leader_election?.enabled)?.leader_election;
  return election === undefined ? undefined : (election.lease_name ?? 'tracecore');
}

for (const dir of kustomizations()) {
  describe(`effective permissions of ${SA.namespace}/${SA.name} in ${dir.slice(dir.indexOf('deploy/'))}`, { skip: kubectl.skip }, () => {
    const objects = kubectl.command ? renderKustomization(kubectl.command, dir) : [];
    const grants = (): Grant[] => grantsFor(objects, SA);
    const resourceRules = (): Grant[] => grants().filter((g) => g.rule.resources.length > 0);
    const golden = join(dir, 'rbac-effective.golden.txt');

    it('match the checked-in golden file (kubectl auth can-i --list format)', () => {
      const actual = formatCanIList(rulesInNamespace(grants(), SA.namespace));
      if (process.env.UPDATE_GOLDEN === '1') writeFileSync(golden, actual);
      assert.equal(actual, readFileSync(golden, 'utf8'));
    });

    it('grant the leader-election Lease exactly when the config turns leader election on: get and update on its name, create, in its namespace only', () => {
      const leaseName = leaseNameOf(objects);
      const leases = grants().filter((g) => g.rule.resources.includes('leases'));
      if (leaseName === undefined) return assert.deepEqual(leases, [], 'no Lease access without leader election');
      assert.ok(leases.every(isLeaseGrant), 'Lease access only in the tracecore namespace (a Role, not a ClusterRole)');
      const named = leases.filter((g) => g.rule.resourceNames.length > 0);
      assert.deepEqual(named.flatMap((g) => g.rule.resourceNames), [leaseName], 'get and update only on the Lease the config names');
      assert.deepEqual(named.flatMap((g) => g.rule.verbs).sort(), ['get', 'update']);
      assert.deepEqual(leases.filter((g) => g.rule.resourceNames.length === 0).flatMap((g) => g.rule.verbs), ['create'], 'create (which cannot name its object) and nothing else unnamed');
    });

    it('exist, and come only from roles shipped here (never aggregated or built-in ones)', () => {
      assert.ok(grants().length > 0, 'the ServiceAccount has no permissions at all: the receiver could not list events');
    });

    it('include no secrets, configmaps, pods or wildcard resources', () => {
      for (const g of resourceRules()) {
        for (const r of g.rule.resources) assert.ok(!['secrets', 'configmaps', 'pods', '*'].includes(r.split('/')[0]), `${g.via} grants ${r}`);
      }
    });

    it('include no write verb: get, list and watch only', () => {
      for (const g of grants().filter((x) => !isLeaseGrant(x))) for (const v of g.rule.verbs) assert.ok(READ_VERBS.has(v), `${g.via} grants ${v}`);
    });

    it('reach events only in group events.k8s.io, not core/v1 events or any other group', () => {
      for (const g of resourceRules().filter((x) => !isLeaseGrant(x))) {
        assert.deepEqual(g.rule.apiGroups, ['events.k8s.io'], `${g.via} grants groups ${JSON.stringify(g.rule.apiGroups)}`);
        assert.deepEqual(g.rule.resources, ['events'], `${g.via}`);
      }
    });

    it('include no non-resource URL and no resourceNames escape hatch', () => {
      for (const g of grants()) {
        assert.deepEqual(g.rule.nonResourceURLs, [], g.via);
        if (!isLeaseGrant(g)) assert.deepEqual(g.rule.resourceNames, [], g.via);
      }
    });
  });
}

describe('the can-i --list formatter', () => {
  it('prints the built-in discovery rules the way kubectl does: broken down, verbs-first order, tab-aligned', () => {
    const rules = [
      { verbs: ['create'], apiGroups: ['authorization.k8s.io'], resources: ['selfsubjectaccessreviews', 'selfsubjectrulesreviews'], resourceNames: [], nonResourceURLs: [] },
      { verbs: ['create'], apiGroups: ['authentication.k8s.io'], resources: ['selfsubjectreviews'], resourceNames: [], nonResourceURLs: [] },
      { verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/healthz', '/version'] },
      { verbs: ['get'], apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: ['/api', '/api/*', '/healthz', '/version'] },
    ];
    const expected = [
      'Resources                                       Non-Resource URLs   Resource Names   Verbs',
      'selfsubjectreviews.authentication.k8s.io        []                  []               [create]',
      'selfsubjectaccessreviews.authorization.k8s.io   []                  []               [create]',
      'selfsubjectrulesreviews.authorization.k8s.io    []                  []               [create]',
      '                                                [/api/*]            []               [get]',
      '                                                [/api]              []               [get]',
      '                                                [/healthz]          []               [get]',
      '                                                [/healthz]          []               [get]',
      '                                                [/version]          []               [get]',
      '                                                [/version]          []               [get]',
      '',
    ].join('\n');
    assert.equal(formatCanIList(rules), expected);
  });

  it('merges rules on one resource that differ only by verb, and keeps subresources and names apart', () => {
    const out = formatCanIList([
      { verbs: ['get'], apiGroups: [''], resources: ['pods', 'pods/log'], resourceNames: [], nonResourceURLs: [] },
      { verbs: ['list', 'get'], apiGroups: [''], resources: ['pods'], resourceNames: [], nonResourceURLs: [] },
      { verbs: ['update'], apiGroups: ['apps'], resources: ['deployments'], resourceNames: ['a'], nonResourceURLs: [] },
    ]);
    assert.equal(
      out,
      [
        'Resources          Non-Resource URLs   Resource Names   Verbs',
        'pods               []                  []               [get list]',
        'pods/log           []                  []               [get]',
        'deployments.apps   []                  [a]              [update]',
        '',
      ].join('\n'),
    );
  });

  it('finds grants through group subjects and RoleBindings, and refuses roles it cannot see', () => {
    const objects = [
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'r', namespace: 'tracecore' }, rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get'] }] },
      { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'RoleBinding', metadata: { name: 'b', namespace: 'tracecore' }, roleRef: { kind: 'Role', name: 'r' }, subjects: [{ kind: 'Group', name: 'system:serviceaccounts:tracecore' }] },
    ];
    const grants = grantsFor(objects, SA);
    assert.equal(grants.length, 1);
    assert.equal(grants[0].namespace, 'tracecore');
    const dangling = [{ apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRoleBinding', metadata: { name: 'v' }, roleRef: { kind: 'ClusterRole', name: 'view' }, subjects: [{ kind: 'ServiceAccount', name: 'tracecore', namespace: 'tracecore' }] }];
    assert.throws(() => grantsFor(dangling, SA), /not in the rendered manifests/);
  });
});
