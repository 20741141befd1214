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

/** apimachinery's rand.String alphabet: bcdfghjklmnpqrstvwxz2456789 (char code -> 1). */
const GENERATED = new Uint8Array(128);
for (const c of 'bcdfghjklmnpqrstvwxz2456789') GENERATED[c.charCodeAt(0)] = 1;

/** The workload of the pod a record regards (undefined when it regards no named Pod). */
export function workloadOf(record: EventRecord): Workload | undefined {
  const regarding = record.regarding;
  if (regarding.kind !== 'Pod' || regarding.name === undefined) return undefined;
  const namespace = regarding.namespace;
  const owner = ownerOf(record);
  if (owner !== undefined) return { kind: owner.kind, name: owner.name, namespace };
  return workloadFromPodName(regarding.name, namespace);
}

/** The workload a pod name points to (see the table above). Scans the name once, no regex. */
export function workloadFromPodName(pod: string, namespace: string | undefined): Workload {
  const last = pod.lastIndexOf('-');
  if (last > 0) {
    const suffixLength = pod.length - last - 1;
    if (suffixLength === 5 && allOf(pod, last + 1, pod.length, isGenerated)) {
      const middle = pod.lastIndexOf('-', last - 1);
      const middleLength = last - middle - 1;
      if (middle > 0 && middleLength >= 8 && middleLength <= 10 && allOf(pod, middle + 1, last, isDigit)) return { kind: 'CronJob', name: pod.slice(0, middle), namespace };
      if (middle > 0 && middleLength >= 6 && middleLength <= 10 && allOf(pod, middle + 1, last, isGenerated)) return { kind: 'Deployment', name: pod.slice(0, middle), namespace };
      return { kind: 'DaemonSet|Job', name: pod.slice(0, last), namespace };
    }
    if (suffixLength >= 1 && suffixLength <= 6 && allOf(pod, last + 1, pod.length, isDigit) && (suffixLength === 1 || pod.charCodeAt(last + 1) !== 48)) {
      return { kind: 'StatefulSet', name: pod.slice(0, last), namespace };
    }
  }
  return { kind: 'Pod', name: pod, namespace };
}

function allOf(text: string, from: number, to: number, test: (c: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (!test(text.charCodeAt(i))) return false;
  return true;
}

function isGenerated(c: number): boolean {
  return c < 128 && GENERATED[c] === 1;
}

function isDigit(c: number): boolean {
  return c >= 48 && c <= 57;
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
