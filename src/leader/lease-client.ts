/**
 * Get, create and update of one Lease through the receiver's API client (its credentials and rate
 * budget). Every request has a deadline and a size limit on the answer. A missing Lease reads as
 * undefined; an update or create that lost a race (409) reads as 'conflict'; anything else throws
 * the classified ApiError.
 */
import { ApiError, type ApiClient } from '../receivers/k8s-events/api-client.ts';
import { isLease, MAX_ANNOTATIONS_BYTES, type Lease } from './lease.ts';

/** A Lease answer is its spec plus at most 256 KiB of annotations; anything far larger is refused. */
const ANSWER_LIMIT_BYTES = MAX_ANNOTATIONS_BYTES + 64 * 1024;

export class LeaseClient {
  readonly namespace: string;
  readonly name: string;
  private readonly api: ApiClient;
  private readonly itemPath: string;
  private readonly collectionPath: string;

  constructor(api: ApiClient, namespace: string, name: string) {
    this.api = api;
    this.namespace = namespace;
    this.name = name;
    this.collectionPath = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
    this.itemPath = `${this.collectionPath}/${encodeURIComponent(name)}`;
  }

  /** "tracecore/tracecore", for logs. */
  get description(): string {
    return `${this.namespace}/${this.name}`;
  }

  async get(signal: AbortSignal, deadlineMs: number): Promise<Lease | undefined> {
    try {
      return checked(await this.api.sendJson('GET', this.itemPath, undefined, signal, deadlineMs, ANSWER_LIMIT_BYTES));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) return undefined;
      throw forbiddenExplained(err, 'get');
    }
  }

  async create(lease: Lease, signal: AbortSignal, deadlineMs: number): Promise<Lease | 'conflict'> {
    try {
      return checked(await this.api.sendJson('POST', this.collectionPath, lease, signal, deadlineMs, ANSWER_LIMIT_BYTES));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) return 'conflict';
      throw forbiddenExplained(err, 'create');
    }
  }

  /** PUT with the lease's metadata.resourceVersion: 'conflict' when someone wrote since it was read. */
  async update(lease: Lease, signal: AbortSignal, deadlineMs: number): Promise<Lease | 'conflict'> {
    try {
      return checked(await this.api.sendJson('PUT', this.itemPath, lease, signal, deadlineMs, ANSWER_LIMIT_BYTES));
    } catch (err) {
      if (err instanceof ApiError && err.status === 409) return 'conflict';
      throw forbiddenExplained(err, 'update');
    }
  }
}

function checked(body: unknown): Lease {
  if (!isLease(body)) throw new ApiError('decode', 'the API server answered with something that is not a Lease');
  return { ...body, spec: body.spec ?? {} };
}

function forbiddenExplained(err: unknown, verb: string): unknown {
  if (err instanceof ApiError && err.kind === 'forbidden') {
    return new ApiError('forbidden', `not allowed to ${verb} the leader-election Lease (HTTP 403): give the service account get, update and create on leases.coordination.k8s.io in the lease namespace (deploy/kubernetes has the Role)`, { status: 403, cause: err });
  }
  return err;
}
