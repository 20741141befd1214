/**
 * The effective permissions of a service account, computed from rendered RBAC objects, printed
 * the way `kubectl auth can-i --list --as=system:serviceaccount:NS:NAME -n NS` prints them.
 *
 * kubectl's algorithm (k8s.io/kubectl auth can-i): take the rules of every binding that names
 * the subject, break each rule down to one (group, resource[, resourceName]) per rule and one rule
 * per non-resource URL, merge "simple" rules (one group, one resource, at most one name) that
 * differ only by verb, sort by the Go string form `&PolicyRule{Verbs:[..],APIGroups:[..],...}`
 * (so verbs first), and print through a tabwriter (min width 6, padding 3, spaces).
 *
 * Only what these manifests grant is printed. On a live cluster the list also shows the entries
 * every authenticated identity gets from the built-in system:basic-user, system:discovery and
 * system:public-info-viewer roles (self-subject reviews, /api, /healthz, /version, ...); those
 * belong to the Kubernetes version, not to tracecore, so they are left out of the golden file.
 */
import { isRecord, type K8sObject } from './render-manifests.ts';

export interface PolicyRule {
  readonly verbs: readonly string[];
  readonly apiGroups: readonly string[];
  readonly resources: readonly string[];
  readonly resourceNames: readonly string[];
  readonly nonResourceURLs: readonly string[];
}

export interface ServiceAccountRef {
  readonly namespace: string;
  readonly name: string;
}

/** A rule together with where it applies: every namespace (ClusterRoleBinding) or one. */
export interface Grant {
  readonly rule: PolicyRule;
  readonly namespace: string | '*';
  readonly via: string;
}

/** Every rule granted to the service account by the rendered bindings, anywhere in the cluster. */
export function grantsFor(objects: readonly K8sObject[], sa: ServiceAccountRef): Grant[] {
  const grants: Grant[] = [];
  for (const binding of objects) {
    if (binding.kind !== 'ClusterRoleBinding' && binding.kind !== 'RoleBinding') continue;
    const bindingNs = binding.metadata.namespace ?? 'default';
    const subjects = Array.isArray(binding.subjects) ? (binding.subjects as unknown[]) : [];
    if (!subjects.some((s) => subjectMatches(s, sa, binding.kind === 'RoleBinding' ? bindingNs : undefined))) continue;
    const roleRef = binding.roleRef as { kind: string; name: string };
    const role = objects.find(
      (o) => o.kind === roleRef.kind && o.metadata.name === roleRef.name && (roleRef.kind === 'ClusterRole' || o.metadata.namespace === bindingNs),
    );
    const via = `${binding.kind}/${binding.metadata.name} -> ${roleRef.kind}/${roleRef.name}`;
    if (role === undefined) throw new Error(`${via}: the role is not in the rendered manifests, so its rules cannot be checked (bind only roles shipped here)`);
    if (role.aggregationRule !== undefined) throw new Error(`${via}: aggregated ClusterRoles get their rules at run time; not allowed here`);
    const rules = Array.isArray(role.rules) ? (role.rules as unknown[]) : [];
    for (const r of rules) grants.push({ rule: toPolicyRule(r), namespace: binding.kind === 'ClusterRoleBinding' ? '*' : bindingNs, via });
  }
  return grants;
}

function subjectMatches(subject: unknown, sa: ServiceAccountRef, roleBindingNs: string | undefined): boolean {
  if (!isRecord(subject)) return false;
  const { kind, name } = subject;
  if (kind === 'ServiceAccount') return name === sa.name && (subject.namespace ?? roleBindingNs) === sa.namespace;
  if (kind === 'User') return name === `system:serviceaccount:${sa.namespace}:${sa.name}`;
  if (kind === 'Group') return name === 'system:serviceaccounts' || name === `system:serviceaccounts:${sa.namespace}` || name === 'system:authenticated';
  return false;
}

function toPolicyRule(value: unknown): PolicyRule {
  const r = isRecord(value) ? value : {};
  const list = (v: unknown): string[] => (Array.isArray(v) ? v.map(String) : []);
  return { verbs: list(r.verbs), apiGroups: list(r.apiGroups), resources: list(r.resources), resourceNames: list(r.resourceNames), nonResourceURLs: list(r.nonResourceURLs) };
}

/** The rules visible in one namespace: cluster-wide grants plus that namespace's RoleBindings. */
export function rulesInNamespace(grants: readonly Grant[], namespace: string): PolicyRule[] {
  return grants.filter((g) => g.namespace === '*' || g.namespace === namespace).map((g) => g.rule);
}

function breakdown(rule: PolicyRule): PolicyRule[] {
  const out: PolicyRule[] = [];
  for (const group of rule.apiGroups) {
    for (const resource of rule.resources) {
      if (rule.resourceNames.length > 0) {
        for (const name of rule.resourceNames) out.push({ verbs: rule.verbs, apiGroups: [group], resources: [resource], resourceNames: [name], nonResourceURLs: [] });
      } else {
        out.push({ verbs: rule.verbs, apiGroups: [group], resources: [resource], resourceNames: [], nonResourceURLs: [] });
      }
    }
  }
  for (const url of rule.nonResourceURLs) out.push({ verbs: rule.verbs, apiGroups: [], resources: [], resourceNames: [], nonResourceURLs: [url] });
  return out;
}

function compact(rules: readonly PolicyRule[]): PolicyRule[] {
  const complex: PolicyRule[] = [];
  const simple = new Map<string, { rule: PolicyRule; verbs: string[] }>();
  for (const rule of rules) {
    const isSimple = rule.nonResourceURLs.length === 0 && rule.resourceNames.length <= 1 && rule.apiGroups.length === 1 && rule.resources.length === 1;
    if (!isSimple) {
      complex.push(rule);
      continue;
    }
    const key = JSON.stringify([rule.apiGroups[0], rule.resources[0], rule.resourceNames[0] ?? null]);
    const existing = simple.get(key);
    if (existing === undefined) simple.set(key, { rule, verbs: [...rule.verbs] });
    else for (const v of rule.verbs) if (!existing.verbs.includes(v)) existing.verbs.push(v);
  }
  return [...complex, ...[...simple.values()].map(({ rule, verbs }) => ({ ...rule, verbs }))];
}

const goList = (items: readonly string[]): string => `[${items.join(' ')}]`;

/** The Go String() form kubectl sorts by. */
function goString(r: PolicyRule): string {
  return `&PolicyRule{Verbs:${goList(r.verbs)},APIGroups:${goList(r.apiGroups)},Resources:${goList(r.resources)},ResourceNames:${goList(r.resourceNames)},NonResourceURLs:${goList(r.nonResourceURLs)},}`;
}

function combineResourceGroup(resources: readonly string[], groups: readonly string[]): string {
  if (resources.length === 0) return '';
  const [resource, sub] = resources[0].split(/\/(.*)/s);
  let combined = resource;
  if (groups.length > 0 && groups[0] !== '') combined += `.${groups[0]}`;
  if (sub !== undefined) combined += `/${sub}`;
  return combined;
}

/** Go text/tabwriter with kubectl's settings: minwidth 6, padding 3, pad with spaces, no flags. */
function tabwrite(rows: readonly (readonly string[])[]): string {
  const columns = Math.max(...rows.map((r) => r.length));
  const widths: number[] = [];
  for (let c = 0; c < columns - 1; c++) {
    widths.push(Math.max(6, ...rows.filter((r) => c < r.length - 1).map((r) => [...r[c]].length + 3)));
  }
  return rows.map((r) => r.map((cell, c) => (c < r.length - 1 ? cell.padEnd(widths[c] + cell.length - [...cell].length) : cell)).join('') + '\n').join('');
}

/** `kubectl auth can-i --list` output for these rules. */
export function formatCanIList(rules: readonly PolicyRule[]): string {
  const sorted = compact(rules.flatMap(breakdown))
    .map((rule, i) => ({ rule, i, key: goString(rule) }))
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : a.i - b.i))
    .map((x) => x.rule);
  const rows = [['Resources', 'Non-Resource URLs', 'Resource Names', 'Verbs'], ...sorted.map((r) => [combineResourceGroup(r.resources, r.apiGroups), goList(r.nonResourceURLs), goList(r.resourceNames), goList(r.verbs)])];
  return tabwrite(rows);
}
