/**
 * Which workload a pod belongs to. A record that carries its owner (`regarding.owner.kind` and
 * `regarding.owner.name`, stamped by the receiver's `enrich: { owners: true }`) is taken at its
 * word; otherwise the pod's name tells, by the names the controllers generate:
 *
 *   web-5d8f7c9b6-x2v4q      Deployment web        <deployment>-<pod-template-hash>-<5 chars>
 *   backup-28391520-k7xzp    CronJob backup        <cronjob>-<scheduled minute>-<5 chars>
 *   cart-redis-0             StatefulSet cart-redis <statefulset>-<ordinal>
 *   fluentd-7xk2p            DaemonSet or Job      <name>-<5 chars>: both controllers name pods so,
 *                                                  reported as kind `DaemonSet|Job`
 *
 * The random suffixes use Kubernetes' alphabet for generated names (no vowels, no 0, 1, 3), which
 * keeps ordinary names such as `api-v2` or `worker-large` from being mistaken for generated ones.
 * Anything else is its own workload: the Pod itself.
 */
import type { EventRecord } from '../../model/record.ts';

/** `regarding.owner.*`: the enrichment keys (k8s-events-v0, "Enrichment"). */
export const ATTR_REGARDING_OWNER_KIND = 'regarding.owner.kind';
export const ATTR_REGARDING_OWNER_NAME = 'regarding.owner.name';

export interface Workload {
  readonly kind: string;
  readonly name: string;
  readonly namespace: string | undefined;
}

/** apimachinery's rand.String alphabet: bcdfghjklmnpqrstvwxz2456789. */
const SUFFIX = '[bcdfghjklmnpqrstvwxz2456789]';
const DEPLOYMENT_POD = new RegExp(`^(.+)-${SUFFIX}{6,10}-${SUFFIX}{5}$`);
const CRONJOB_POD = new RegExp(`^(.+)-\\d{8,10}-${SUFFIX}{5}$`);
const STATEFULSET_POD = /^(.+)-(?:0|[1-9]\d{0,5})$/;
const GENERATED_POD = new RegExp(`^(.+)-${SUFFIX}{5}$`);

/** The workload of the pod a record regards (undefined when it regards no named Pod). */
export function workloadOf(record: EventRecord): Workload | undefined {
  const regarding = record.regarding;
  if (regarding.kind !== 'Pod' || regarding.name === undefined) return undefined;
  const namespace = regarding.namespace;
  const owner = ownerOf(record);
  if (owner !== undefined) return { kind: owner.kind, name: owner.name, namespace };
  return workloadFromPodName(regarding.name, namespace);
}

/** The workload a pod name points to (see the table above). */
export function workloadFromPodName(pod: string, namespace: string | undefined): Workload {
  let m = CRONJOB_POD.exec(pod);
  if (m) return { kind: 'CronJob', name: m[1], namespace };
  m = DEPLOYMENT_POD.exec(pod);
  if (m) return { kind: 'Deployment', name: m[1], namespace };
  m = STATEFULSET_POD.exec(pod);
  if (m) return { kind: 'StatefulSet', name: m[1], namespace };
  m = GENERATED_POD.exec(pod);
  if (m) return { kind: 'DaemonSet|Job', name: m[1], namespace };
  return { kind: 'Pod', name: pod, namespace };
}

/** The owner the enrichment stamped, read by key from the record's attributes (values are whole, never parsed). */
function ownerOf(record: EventRecord): { kind: string; name: string } | undefined {
  const attributes = record.attributes;
  let kind: string | undefined;
  let name: string | undefined;
  // The enrichment keys sit after the v0 keys: scan from the end.
  for (let i = attributes.length - 1; i >= 0; i--) {
    const { key, value } = attributes[i];
    if (key === ATTR_REGARDING_OWNER_KIND && typeof value === 'string') kind = value;
    else if (key === ATTR_REGARDING_OWNER_NAME && typeof value === 'string') name = value;
    if (kind !== undefined && name !== undefined) return { kind, name };
  }
  return undefined;
}
