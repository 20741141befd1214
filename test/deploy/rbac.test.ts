/**
 * What the tracecore ServiceAccount may do, computed from the rendered RBAC exactly as
 * `kubectl auth can-i --list --as=system:serviceaccount:tracecore:tracecore -n tracecore` prints it
 * (less the built-in discovery entries every identity has; see rbac-effective.ts), pinned by
 * deploy/kubernetes/rbac-effective.golden.txt, plus the things it must never be able to do.
 *
 * After an intended RBAC change: UPDATE_GOLDEN=1 node --test test/deploy/rbac.test.ts, and review
 * the golden file's diff like code.
 */
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { KUSTOMIZE_BASE, kustomizations } from './deploy-paths.ts';
import { findTool } from './external-tool.ts';
import { formatCanIList, grantsFor, rulesInNamespace, type Grant } from './rbac-effective.ts';
import { renderKustomization } from './render-manifests.ts';

const kubectl = findTool('kubectl', ['version', '--client'], 'apt-get install -y kubectl');
const SA = { namespace: 'tracecore', name: 'tracecore' };
const GOLDEN = join(KUSTOMIZE_BASE, 'rbac-effective.golden.txt');
const READ_VERBS = new Set(['get', 'list', 'watch']);

for (const dir of kustomizations()) {
  describe(`effective permissions of ${SA.namespace}/${SA.name} in ${dir.slice(dir.indexOf('deploy/'))}`, { skip: kubectl.skip }, () => {
    const objects = kubectl.command ? renderKustomization(kubectl.command, dir) : [];
    const grants = (): Grant[] => grantsFor(objects, SA);
    const resourceRules = (): Grant[] => grants().filter((g) => g.rule.resources.length > 0);

    it('match the checked-in golden file (kubectl auth can-i --list format)', () => {
      const actual = formatCanIList(rulesInNamespace(grants(), SA.namespace));
      if (process.env.UPDATE_GOLDEN === '1' && dir === KUSTOMIZE_BASE) writeFileSync(GOLDEN, actual);
      assert.equal(actual, readFileSync(GOLDEN, 'utf8'));
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
      for (const g of grants()) for (const v of g.rule.verbs) assert.ok(READ_VERBS.has(v), `${g.via} grants ${v}`);
    });

    it('reach events only in group events.k8s.io, not core/v1 events or any other group', () => {
      for (const g of resourceRules()) {
        assert.deepEqual(g.rule.apiGroups, ['events.k8s.io'], `${g.via} grants groups ${JSON.stringify(g.rule.apiGroups)}`);
        assert.deepEqual(g.rule.resources, ['events'], `${g.via}`);
      }
    });

    it('include no non-resource URL and no resourceNames escape hatch', () => {
      for (const g of grants()) {
        assert.deepEqual(g.rule.nonResourceURLs, [], g.via);
        assert.deepEqual(g.rule.resourceNames, [], g.via);
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
