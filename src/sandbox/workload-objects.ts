/**
 * The workload objects the sandbox serves by name, for enrichment: pods, replicasets,
 * deployments, statefulsets, daemonsets, jobs and cronjobs (GET only). A missing object answers
 * 404 like a real API server; a resource the test marks forbidden answers 403, as without the
 * enrich overlay's RBAC.
 *
 *   sandbox.workloads.put({ kind: 'Pod', namespace: 'shop', name: 'web-1', labels: { team: 'a' },
 *                           owner: { kind: 'ReplicaSet', name: 'web-5d' } });
 *   sandbox.workloads.forbid('pods');
 */
import { kubeStatus, type KubeStatus } from './k8s-status.ts';

const GROUPS: { readonly [resource: string]: { readonly apiVersion: string; readonly kind: string } } = {
  pods: { apiVersion: 'v1', kind: 'Pod' },
  replicasets: { apiVersion: 'apps/v1', kind: 'ReplicaSet' },
  deployments: { apiVersion: 'apps/v1', kind: 'Deployment' },
  statefulsets: { apiVersion: 'apps/v1', kind: 'StatefulSet' },
  daemonsets: { apiVersion: 'apps/v1', kind: 'DaemonSet' },
  jobs: { apiVersion: 'batch/v1', kind: 'Job' },
  cronjobs: { apiVersion: 'batch/v1', kind: 'CronJob' },
};

const PATH = /^\/(?:api\/v1|apis\/(?:apps|batch)\/v1)\/namespaces\/([^/]+)\/([a-z]+)\/([^/]+)$/;

export interface WorkloadInput {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly uid?: string;
  readonly labels?: { readonly [key: string]: string };
  readonly annotations?: { readonly [key: string]: string };
  /** The managing owner (ownerReferences[] with controller: true). */
  readonly owner?: { readonly kind: string; readonly name: string };
}

export type WorkloadAnswer = { readonly status: 200; readonly body: string } | { readonly status: number; readonly error: KubeStatus };

export class WorkloadObjects {
  private readonly objects = new Map<string, string>();
  private readonly forbidden = new Set<string>();
  private serial = 0;

  /** Adds or replaces an object. */
  put(input: WorkloadInput): void {
    const resource = resourceOf(input.kind);
    const group = GROUPS[resource];
    const owner = input.owner;
    const ownerReferences =
      owner === undefined ? undefined : [{ apiVersion: GROUPS[resourceOf(owner.kind)].apiVersion, kind: owner.kind, name: owner.name, uid: `uid-${owner.name}`, controller: true, blockOwnerDeletion: true }];
    const object = {
      apiVersion: group.apiVersion,
      kind: group.kind,
      metadata: { name: input.name, namespace: input.namespace, uid: input.uid ?? `uid-${input.name}-${++this.serial}`, labels: input.labels, annotations: input.annotations, ownerReferences },
      spec: {},
      status: {},
    };
    this.objects.set(keyOf(resource, input.namespace, input.name), JSON.stringify(object));
  }

  /** Deletes an object (GETs answer 404 from now on). Returns whether it existed. */
  delete(kind: string, namespace: string, name: string): boolean {
    return this.objects.delete(keyOf(resourceOf(kind), namespace, name));
  }

  /** GETs of `resource` (e.g. `pods`) answer 403 until allow(). */
  forbid(resource: string): void {
    this.forbidden.add(resource);
  }

  allow(resource: string): void {
    this.forbidden.delete(resource);
  }

  get size(): number {
    return this.objects.size;
  }

  /** The answer for a GET of `pathname`, or undefined when the path is not a workload object. */
  answer(pathname: string): WorkloadAnswer | undefined {
    const match = PATH.exec(pathname);
    if (match === null || !Object.hasOwn(GROUPS, match[2])) return undefined;
    const [, namespace, resource, name] = match.map((part) => decodeURIComponent(part));
    const group = GROUPS[resource].apiVersion.includes('/') ? GROUPS[resource].apiVersion.split('/')[0] : '';
    if (this.forbidden.has(resource)) {
      return fail(kubeStatus(403, `${resource}${group ? `.${group}` : ''} "${name}" is forbidden: User "system:serviceaccount:tracecore:tracecore" cannot get resource "${resource}" in API group "${group}" in the namespace "${namespace}"`));
    }
    const body = this.objects.get(keyOf(resource, namespace, name));
    if (body === undefined) return fail(kubeStatus(404, `${resource}${group ? `.${group}` : ''} "${name}" not found`, { details: { name, group, kind: resource } }));
    return { status: 200, body };
  }
}

function resourceOf(kind: string): string {
  for (const [resource, group] of Object.entries(GROUPS)) if (group.kind === kind) return resource;
  throw new Error(`the sandbox serves no workload kind ${kind}`);
}

function keyOf(resource: string, namespace: string, name: string): string {
  return `${resource}/${namespace}/${name}`;
}

function fail(error: KubeStatus): WorkloadAnswer {
  return { status: error.code, error };
}
