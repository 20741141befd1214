/**
 * One page of an Events list, read with bounds: the body is streamed and cut at `maxBytes` (a
 * page over the cap is a `too_large` error that says to lower the page size, never a string V8
 * cannot build), and the whole page (headers and body) must arrive within `deadlineMs` (a body
 * trickling in at 1 byte/s is a `deadline` error, not a silent hang: undici's own timeouts only
 * bound the gap between two chunks).
 */
import { BodyTooLargeError, formatBytes, readCapped } from '../../net/capped-read.ts';
import { ApiError, type ApiClient } from './api-client.ts';

/** A list page larger than this is refused (500 Events with full 1 KiB-plus notes are ~1-2 MiB). */
export const MAX_LIST_PAGE_BYTES = 64 * 1024 * 1024;
/** A list page (headers and whole body) must arrive within this. */
export const LIST_PAGE_DEADLINE_MS = 120_000;

export interface ListPage {
  readonly items: unknown[];
  readonly continueToken?: string;
  readonly resourceVersion?: string;
}

export interface ListPageLimits {
  readonly maxBytes: number;
  readonly deadlineMs: number;
  /** Response headers and the gap between two body chunks. */
  readonly requestTimeoutMs: number;
}

export async function fetchListPage(client: ApiClient, path: string, query: URLSearchParams, signal: AbortSignal, limits: ListPageLimits, rateLimited: boolean): Promise<ListPage> {
  const controller = new AbortController();
  const stop = (): void => controller.abort(signal.reason);
  signal.addEventListener('abort', stop, { once: true });
  const deadline = setTimeout(() => controller.abort(DEADLINE), limits.deadlineMs);
  let received = 0;
  try {
    const body = await client.get(path, query, controller.signal, { headersMs: limits.requestTimeoutMs, bodyMs: limits.requestTimeoutMs }, { rateLimited });
    const bytes = await readCapped(body, limits.maxBytes, (total) => (received = total));
    return parseListPage(bytes.toString('utf8'));
  } catch (err) {
    if (err instanceof BodyTooLargeError) {
      throw new ApiError('too_large', `list page larger than ${formatBytes(limits.maxBytes)}; lower the page size (list_page_size)`);
    }
    if (controller.signal.reason === DEADLINE && !signal.aborted) {
      throw new ApiError('deadline', `list page not complete after ${Math.round(limits.deadlineMs / 1000)} s (${received} bytes of body received): the API server or the network is too slow`);
    }
    throw err;
  } finally {
    clearTimeout(deadline);
    signal.removeEventListener('abort', stop);
  }
}

const DEADLINE = Symbol('list page deadline');

export function parseListPage(text: string): ListPage {
  let list: { items?: unknown; metadata?: { continue?: unknown; resourceVersion?: unknown } };
  try {
    list = JSON.parse(text) as typeof list;
  } catch (err) {
    throw new ApiError('decode', `list answer is not JSON: ${(err as Error).message}`);
  }
  if (typeof list !== 'object' || list === null || !Array.isArray(list.items)) throw new ApiError('decode', 'list answer has no items array');
  const token = list.metadata?.continue;
  const rv = list.metadata?.resourceVersion;
  return {
    items: list.items,
    continueToken: typeof token === 'string' && token !== '' ? token : undefined,
    resourceVersion: typeof rv === 'string' ? rv : undefined,
  };
}
