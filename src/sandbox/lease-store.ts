/**
 * The sandbox's `coordination.k8s.io/v1` Leases (kubernetes-watch.md, "Leases"): create (409 when
 * it exists), get (404 when it does not), update with optimistic concurrency (a stale
 * metadata.resourceVersion is a 409 Conflict), annotations at most 256 KiB in all (422, as a real
 * API server answers). Each write gets a new resourceVersion.
 */
import { randomUUID } from 'node:crypto';
import { annotationsBytes, MAX_ANNOTATIONS_BYTES, type LeaseSpec } from '../leader/lease.ts';
import { kubeStatus, type KubeStatus } from './k8s-status.ts';

export const LEASE_API_VERSION = 'coordination.k8s.io/v1';
export { MAX_ANNOTATIONS_BYTES, type LeaseSpec };

export interface LeaseObject {
  apiVersion: string;
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion: string; uid: string; creationTimestamp: string; annotations?: { [key: string]: string } };
  spec: LeaseSpec;
}

export type LeaseAnswer = { readonly ok: LeaseObject } | { readonly error: KubeStatus };

interface LeaseBody {
  metadata?: { name?: unknown; resourceVersion?: unknown; annotations?: unknown };
  spec?: unknown;
}

export class LeaseStore {
  private readonly leases = new Map<string, LeaseObject>();
  private version = 1;

  /** A copy of the Lease, or undefined. */
  get(namespace: string, name: string): LeaseObject | undefined {
    const lease = this.leases.get(key(namespace, name));
    return lease === undefined ? undefined : structuredClone(lease);
  }

  /** Writes done so far (creates and updates), for tests. */
  get writes(): number {
    return this.version - 1;
  }

  create(namespace: string, body: unknown): LeaseAnswer {
    const checked = checkBody(body);
    if ('error' in checked) return checked;
    const name = checked.name ?? '';
    if (name === '') return { error: kubeStatus(422, 'Lease.coordination.k8s.io "" is invalid: metadata.name: Required value: name or generateName is required') };
    if (this.leases.has(key(namespace, name))) return { error: alreadyExists(name) };
    const lease: LeaseObject = {
      apiVersion: LEASE_API_VERSION,
      kind: 'Lease',
      metadata: { name, namespace, resourceVersion: this.nextVersion(), uid: randomUUID(), creationTimestamp: new Date().toISOString().replace(/\.\d+Z$/, 'Z'), ...annotationsOf(checked.annotations) },
      spec: checked.spec,
    };
    this.leases.set(key(namespace, name), lease);
    return { ok: structuredClone(lease) };
  }

  update(namespace: string, name: string, body: unknown): LeaseAnswer {
    const checked = checkBody(body);
    if ('error' in checked) return checked;
    if (checked.name !== undefined && checked.name !== name) return { error: kubeStatus(400, `the name of the object (${checked.name}) does not match the name on the URL (${name})`) };
    const current = this.leases.get(key(namespace, name));
    if (current === undefined) return { error: notFound(name) };
    if (checked.resourceVersion !== undefined && checked.resourceVersion !== current.metadata.resourceVersion) {
      return {
        error: kubeStatus(409, `Operation cannot be fulfilled on leases.coordination.k8s.io "${name}": the object has been modified; please apply your changes to the latest version and try again`, {
          details: { name, group: 'coordination.k8s.io', kind: 'leases' },
        }),
      };
    }
    const { annotations: _old, ...metadata } = current.metadata;
    const lease: LeaseObject = { ...current, metadata: { ...metadata, resourceVersion: this.nextVersion(), ...annotationsOf(checked.annotations) }, spec: checked.spec };
    this.leases.set(key(namespace, name), lease);
    return { ok: structuredClone(lease) };
  }

  private nextVersion(): string {
    return String(this.version++);
  }
}

export function notFound(name: string): KubeStatus {
  return kubeStatus(404, `leases.coordination.k8s.io "${name}" not found`, { details: { name, group: 'coordination.k8s.io', kind: 'leases' } });
}

function alreadyExists(name: string): KubeStatus {
  return kubeStatus(409, `leases.coordination.k8s.io "${name}" already exists`, { reason: 'AlreadyExists', details: { name, group: 'coordination.k8s.io', kind: 'leases' } });
}

function key(namespace: string, name: string): string {
  return `${namespace}/${name}`;
}

function annotationsOf(annotations: { [key: string]: string } | undefined): { annotations?: { [key: string]: string } } {
  return annotations === undefined || Object.keys(annotations).length === 0 ? {} : { annotations };
}

type CheckedBody = { name?: string; resourceVersion?: string; annotations?: { [key: string]: string }; spec: LeaseSpec };

function checkBody(body: unknown): CheckedBody | { error: KubeStatus } {
  if (typeof body !== 'object' || body === null) return { error: kubeStatus(400, 'the body of the request is not a Lease object') };
  const { metadata = {}, spec = {} } = body as LeaseBody;
  const name = typeof metadata.name === 'string' ? metadata.name : undefined;
  const resourceVersion = typeof metadata.resourceVersion === 'string' && metadata.resourceVersion !== '' ? metadata.resourceVersion : undefined;
  if (typeof spec !== 'object' || spec === null) return { error: kubeStatus(400, 'spec must be an object') };
  const annotations = metadata.annotations;
  if (annotations !== undefined && annotations !== null) {
    if (typeof annotations !== 'object' || Object.values(annotations).some((v) => typeof v !== 'string')) return { error: kubeStatus(400, 'metadata.annotations must map strings to strings') };
    const size = annotationsBytes(annotations as { [key: string]: string });
    if (size > MAX_ANNOTATIONS_BYTES) {
      return { error: kubeStatus(422, `Lease.coordination.k8s.io "${name ?? ''}" is invalid: metadata.annotations: Too long: must have at most ${MAX_ANNOTATIONS_BYTES} bytes`) };
    }
  }
  return { name, resourceVersion, annotations: (annotations ?? undefined) as { [key: string]: string } | undefined, spec: pickSpec(spec as { [key: string]: unknown }) };
}

function pickSpec(spec: { [key: string]: unknown }): LeaseSpec {
  const out: LeaseSpec = {};
  if (typeof spec.holderIdentity === 'string') out.holderIdentity = spec.holderIdentity;
  if (typeof spec.leaseDurationSeconds === 'number') out.leaseDurationSeconds = spec.leaseDurationSeconds;
  if (typeof spec.acquireTime === 'string') out.acquireTime = spec.acquireTime;
  if (typeof spec.renewTime === 'string') out.renewTime = spec.renewTime;
  if (typeof spec.leaseTransitions === 'number') out.leaseTransitions = spec.leaseTransitions;
  return out;
}
