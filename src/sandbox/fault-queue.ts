/**
 * Injected HTTP failures: `failNext(n, fault)` queues a fault that answers the next `n` matching
 * requests instead of the API. Faults are consumed in the order they were queued.
 */
import type { RequestKind } from './request-log.ts';

export interface HttpFault {
  /** The HTTP status to answer, e.g. 429, 500, 503, 504 (the Status reason follows the code). */
  readonly status: number;
  /** Sent as the Retry-After header and in the Status details (real API servers send it with 429). */
  readonly retryAfterSeconds?: number;
  /** The Status message; a real API server's wording by default. */
  readonly message?: string;
  /** Which requests it hits: 'list', 'watch', 'lease', or 'any' (also other paths). Default: list and watch. */
  readonly requests?: RequestKind | 'any';
}

interface Pending {
  readonly fault: HttpFault;
  remaining: number;
}

export class FaultQueue {
  private readonly pending: Pending[] = [];

  add(count: number, fault: HttpFault): void {
    if (!Number.isInteger(count) || count < 1) throw new RangeError(`failNext count must be a positive integer, got ${count}`);
    if (!Number.isInteger(fault.status) || fault.status < 400 || fault.status > 599) throw new RangeError(`failNext status must be 4xx or 5xx, got ${fault.status}`);
    this.pending.push({ fault, remaining: count });
  }

  /** The fault that answers a request of `kind`, if one is queued for it (and counts it used). */
  take(kind: RequestKind): HttpFault | undefined {
    const index = this.pending.findIndex((p) => matches(p.fault, kind));
    if (index < 0) return undefined;
    const entry = this.pending[index];
    entry.remaining--;
    if (entry.remaining === 0) this.pending.splice(index, 1);
    return entry.fault;
  }

  /** Requests still to be failed. */
  get size(): number {
    return this.pending.reduce((sum, p) => sum + p.remaining, 0);
  }

  clear(): void {
    this.pending.length = 0;
  }
}

function matches(fault: HttpFault, kind: RequestKind): boolean {
  const target = fault.requests;
  if (target === 'any') return true;
  if (target === undefined) return kind === 'list' || kind === 'watch';
  return target === kind;
}

/** What a real API server says with each injected code. */
export function defaultFaultMessage(status: number): string {
  if (status === 429) return 'Too many requests, please try again later.';
  if (status === 503) return 'The server is currently unable to handle the request';
  if (status === 504) return 'The server was unable to return a response in the time allotted, but may still be processing the request';
  if (status >= 500) return 'Internal error occurred: injected by the tracecore sandbox';
  return 'injected by the tracecore sandbox';
}
