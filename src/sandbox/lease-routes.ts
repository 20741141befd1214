/**
 * The sandbox's Lease URL space and answers: `GET|PUT /apis/coordination.k8s.io/v1/namespaces/{ns}/leases/{name}`
 * and `POST .../namespaces/{ns}/leases`. Request bodies are read up to a limit (413 beyond, like
 * a real API server's 3 MiB request limit), within a deadline.
 */
import type { IncomingMessage } from 'node:http';
import { kubeStatus, type KubeStatus } from './k8s-status.ts';
import { notFound, type LeaseAnswer, type LeaseStore } from './lease-store.ts';

export const LEASES_API_PREFIX = '/apis/coordination.k8s.io/v1';
/** Request bodies larger than this are refused (a real API server allows 3 MiB). */
export const MAX_LEASE_BODY_BYTES = 3 * 1024 * 1024;
const BODY_DEADLINE_MS = 10_000;

export type LeaseRoute = { readonly namespace: string; readonly name: string | undefined };

const LEASE_PATH = /^\/apis\/coordination\.k8s\.io\/v1\/namespaces\/([^/]+)\/leases(?:\/([^/]+))?$/;

/** The Lease route of a request path, or undefined when the path is not about Leases. */
export function leaseRouteOf(pathname: string): LeaseRoute | undefined {
  const match = LEASE_PATH.exec(pathname);
  if (!match) return undefined;
  try {
    return { namespace: decodeURIComponent(match[1]), name: match[2] === undefined ? undefined : decodeURIComponent(match[2]) };
  } catch {
    return undefined;
  }
}

/** Answers a Lease request: `{ status, body }` where body is the Lease or a Status. */
export async function answerLease(store: LeaseStore, route: LeaseRoute, req: IncomingMessage): Promise<{ status: number; body: object }> {
  const method = req.method ?? '';
  if (route.name === undefined) {
    if (method !== 'POST') return statusAnswer(kubeStatus(405, `${method} on the leases collection is not supported by the tracecore sandbox (it serves create)`));
    const body = await readJsonBody(req);
    return 'error' in body ? statusAnswer(body.error) : leaseAnswer(store.create(route.namespace, body.json), 201);
  }
  if (method === 'GET') {
    req.resume();
    const lease = store.get(route.namespace, route.name);
    return lease === undefined ? statusAnswer(notFound(route.name)) : { status: 200, body: lease };
  }
  if (method === 'PUT') {
    const body = await readJsonBody(req);
    return 'error' in body ? statusAnswer(body.error) : leaseAnswer(store.update(route.namespace, route.name, body.json), 200);
  }
  req.resume();
  return statusAnswer(kubeStatus(405, `${method} on a Lease is not supported by the tracecore sandbox (it serves get and update)`));
}

function leaseAnswer(answer: LeaseAnswer, okStatus: number): { status: number; body: object } {
  return 'error' in answer ? statusAnswer(answer.error) : { status: okStatus, body: answer.ok };
}

function statusAnswer(status: KubeStatus): { status: number; body: object } {
  return { status: status.code, body: status };
}

async function readJsonBody(req: IncomingMessage): Promise<{ json: unknown } | { error: KubeStatus }> {
  const chunks: Buffer[] = [];
  let size = 0;
  const deadline = setTimeout(() => req.destroy(new Error('request body deadline passed')), BODY_DEADLINE_MS);
  try {
    for await (const chunk of req) {
      size += (chunk as Buffer).length;
      if (size > MAX_LEASE_BODY_BYTES) {
        req.resume();
        return { error: kubeStatus(413, 'Request entity too large: limit is 3145728') };
      }
      chunks.push(chunk as Buffer);
    }
  } catch {
    return { error: kubeStatus(400, 'the request body could not be read') };
  } finally {
    clearTimeout(deadline);
  }
  try {
    return { json: JSON.parse(Buffer.concat(chunks).toString('utf8')) };
  } catch (err) {
    return { error: kubeStatus(400, `the request body is not JSON: ${err instanceof Error ? err.message : String(err)}`) };
  }
}
