/**
 * One enrichment GET through the receiver's API client: the parsed object, or why there is none
 * (404 not_found, 403 forbidden, anything else error). Bounded: LOOKUP_TIMEOUT_MS for the whole
 * request and MAX_OBJECT_BYTES of body (a larger object is an error). Never throws.
 */
import { readCapped } from '../../../net/capped-read.ts';
import { ApiError, type ApiClient } from '../api-client.ts';
import type { MissReason } from './workload-summary.ts';

export const LOOKUP_TIMEOUT_MS = 10_000;
export const MAX_OBJECT_BYTES = 1024 * 1024;

export type LookupAnswer = { readonly object: unknown } | { readonly missing: MissReason; readonly message?: string };

export async function lookUpObject(client: ApiClient, path: string, signal: AbortSignal): Promise<LookupAnswer> {
  const deadline = AbortSignal.any([signal, AbortSignal.timeout(LOOKUP_TIMEOUT_MS)]);
  try {
    const body = await client.get(path, new URLSearchParams(), deadline, { headersMs: LOOKUP_TIMEOUT_MS, bodyMs: LOOKUP_TIMEOUT_MS }, { rateLimited: false });
    const bytes = await readCapped(body, MAX_OBJECT_BYTES);
    return { object: JSON.parse(bytes.toString('utf8')) as unknown };
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return { missing: 'not_found' };
    if (err instanceof ApiError && err.kind === 'forbidden') return { missing: 'forbidden', message: err.message };
    return { missing: 'error', message: err instanceof Error ? err.message : String(err) };
  }
}
