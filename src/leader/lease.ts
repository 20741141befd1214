/**
 * The `coordination.k8s.io/v1` Lease as the leader elector reads and writes it (kubernetes-watch.md,
 * "Leases"), and the MicroTime text its times are written in.
 */

export interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

export interface Lease {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; resourceVersion?: string; annotations?: { [key: string]: string }; [key: string]: unknown };
  spec: LeaseSpec;
}

/** What a real API server allows for all annotations of one object, in bytes (keys + values). */
export const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** `now` as a Kubernetes MicroTime (RFC 3339 with microseconds). */
export function microTime(now: number = Date.now()): string {
  return new Date(now).toISOString().replace(/Z$/, '000Z');
}

/** The bytes all annotations take, as the API server counts them (keys + values). */
export function annotationsBytes(annotations: { [key: string]: string } | undefined): number {
  let total = 0;
  for (const [key, value] of Object.entries(annotations ?? {})) total += Buffer.byteLength(key) + Buffer.byteLength(value);
  return total;
}

/** Whether `body` looks like a Lease (an object with metadata.name); anything else is a decode error. */
export function isLease(body: unknown): body is Lease {
  if (typeof body !== 'object' || body === null) return false;
  const { metadata, spec } = body as { metadata?: { name?: unknown }; spec?: unknown };
  return typeof metadata?.name === 'string' && (spec === undefined || (typeof spec === 'object' && spec !== null));
}
