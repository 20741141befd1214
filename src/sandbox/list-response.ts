/**
 * Answers a list: `fieldSelector` filters (field-selector.ts), `limit` pages over a consistent snapshot, `continue` tokens resume it (410
 * Expired once the snapshot is older than the compaction point), `resourceVersion` with
 * `resourceVersionMatch` picks the snapshot. Items are the stored JSON without kind/apiVersion.
 */
import { decodeContinue, encodeContinue } from './continue-token.ts';
import { listItemJson } from './event-json.ts';
import type { EventStore } from './event-store.ts';
import { EVENT_API_VERSION, EVENT_LIST_KIND } from './event-types.ts';
import { parseFieldSelector } from './field-selector.ts';
import { expiredContinueStatus, kubeStatus, tooOldStatus, type KubeStatus } from './k8s-status.ts';

export type ListAnswer = { readonly status: 200; readonly body: string } | { readonly status: number; readonly error: KubeStatus };

export function answerList(store: EventStore, namespace: string | undefined, query: URLSearchParams): ListAnswer {
  const limit = parseCount(query.get('limit'));
  if (limit === undefined) return fail(kubeStatus(400, `limit: Invalid value: ${JSON.stringify(query.get('limit'))}: must be a non-negative integer`));
  const selector = parseFieldSelector(query.get('fieldSelector'));
  if ('error' in selector) return fail(selector.error);
  const position = choosePosition(store, query);
  if ('error' in position) return position;
  const page = store.page(position.rv, namespace, position.after, limit);
  const matches = selector.matches;
  const last = page.items[page.items.length - 1];
  const continueToken = page.more && last !== undefined ? encodeContinue({ rv: position.rv, after: last.key }) : undefined;
  const metadata = continueToken === undefined ? `{"resourceVersion":"${position.rv}"}` : `{"resourceVersion":"${position.rv}","continue":"${continueToken}"}`;
  // Like the API server, a page is cut before the selector applies: it may hold fewer than `limit`.
  const kept = matches === undefined ? page.items : page.items.filter((item) => matches(item.json));
  const items = kept.map((item) => listItemJson(item.json)).join(',');
  return { status: 200, body: `{"kind":"${EVENT_LIST_KIND}","apiVersion":"${EVENT_API_VERSION}","metadata":${metadata},"items":[${items}]}` };
}

function choosePosition(store: EventStore, query: URLSearchParams): { rv: number; after: string | undefined } | { status: number; error: KubeStatus } {
  const token = query.get('continue');
  if (token !== null && token !== '') {
    const position = decodeContinue(token);
    if (position === undefined || position.rv > store.currentRv) return fail(kubeStatus(400, 'continue key is not valid: not a token from this server'));
    if (position.rv < store.oldestValidRv) return fail(expiredContinueStatus());
    return position;
  }
  const rvText = query.get('resourceVersion') ?? '';
  const match = query.get('resourceVersionMatch') ?? '';
  if (match !== '' && match !== 'Exact' && match !== 'NotOlderThan') {
    return fail(kubeStatus(400, `resourceVersionMatch: Unsupported value: ${JSON.stringify(match)}: supported values: "Exact", "NotOlderThan"`));
  }
  if (rvText === '') {
    if (match !== '') return fail(kubeStatus(400, 'resourceVersionMatch is forbidden unless resourceVersion is provided'));
    return { rv: store.currentRv, after: undefined };
  }
  const rv = parseCount(rvText);
  if (rv === undefined) return fail(kubeStatus(400, `resourceVersion: Invalid value: ${JSON.stringify(rvText)}: must be a non-negative integer`));
  if (rv > store.currentRv) return fail(kubeStatus(504, `Too large resource version: ${rv}, current: ${store.currentRv}`, { reason: 'Timeout' }));
  if (match === 'Exact') {
    if (rv < store.oldestValidRv) return fail(tooOldStatus(rv, store.oldestValidRv));
    return { rv, after: undefined };
  }
  // "0" (any, from cache) and NotOlderThan: the current state satisfies both.
  return { rv: store.currentRv, after: undefined };
}

/** A non-negative integer query value; null/'' is 0; undefined when malformed. */
export function parseCount(text: string | null): number | undefined {
  if (text === null || text === '') return 0;
  if (!/^\d{1,15}$/.test(text)) return undefined;
  return Number(text);
}

function fail(error: KubeStatus): { status: number; error: KubeStatus } {
  return { status: error.code, error };
}
