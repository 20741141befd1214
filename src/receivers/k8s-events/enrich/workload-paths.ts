/**
 * The kinds enrichment looks up and where the API serves them (kubernetes-watch.md "Owners").
 * Only these are read; an event about any other kind (Node, PersistentVolumeClaim, ...) is passed
 * on without lookup.
 */
const CORE = '/api/v1';
const APPS = '/apis/apps/v1';
const BATCH = '/apis/batch/v1';

const RESOURCES: { readonly [kind: string]: { readonly prefix: string; readonly plural: string } } = {
  Pod: { prefix: CORE, plural: 'pods' },
  ReplicaSet: { prefix: APPS, plural: 'replicasets' },
  Deployment: { prefix: APPS, plural: 'deployments' },
  StatefulSet: { prefix: APPS, plural: 'statefulsets' },
  DaemonSet: { prefix: APPS, plural: 'daemonsets' },
  Job: { prefix: BATCH, plural: 'jobs' },
  CronJob: { prefix: BATCH, plural: 'cronjobs' },
};

export const WORKLOAD_KINDS: readonly string[] = Object.keys(RESOURCES);

/** The GET path of a namespaced object of a supported kind; undefined for other kinds. */
export function workloadPath(kind: string, namespace: string, name: string): string | undefined {
  const resource = Object.hasOwn(RESOURCES, kind) ? RESOURCES[kind] : undefined;
  if (resource === undefined) return undefined;
  return `${resource.prefix}/namespaces/${encodeURIComponent(namespace)}/${resource.plural}/${encodeURIComponent(name)}`;
}

/** The plural resource name of a supported kind (for messages and the sandbox). */
export function workloadResource(kind: string): string | undefined {
  return Object.hasOwn(RESOURCES, kind) ? RESOURCES[kind].plural : undefined;
}
