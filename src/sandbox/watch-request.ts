/**
 * Reads a watch request's parameters into a plan: where the stream starts, whether it first sends
 * the initial state (streaming list, `sendInitialEvents=true`), bookmarks, and when it ends.
 */
import type { EventStore } from './event-store.ts';
import { kubeStatus, tooOldStatus, type KubeStatus } from './k8s-status.ts';
import { parseCount } from './list-response.ts';

export interface WatchDefaults {
  /** Used when the request has no (or a zero) timeoutSeconds. */
  readonly defaultTimeoutSeconds: number;
  /** A watch with resourceVersion unset or "0": start from now (default) or send the current state first as ADDED, like a real API server. */
  readonly withoutResourceVersion: 'from-now' | 'initial-events';
}

export type WatchPlan =
  | {
      readonly kind: 'stream';
      readonly fromRv: number;
      readonly initialEvents: { readonly endBookmark: boolean } | undefined;
      readonly bookmarks: boolean;
      readonly timeoutMs: number;
    }
  /** The resource version is older than the compaction point. */
  | { readonly kind: 'expired'; readonly status: KubeStatus }
  | { readonly kind: 'invalid'; readonly status: KubeStatus };

export function planWatch(store: EventStore, query: URLSearchParams, defaults: WatchDefaults): WatchPlan {
  const timeoutSeconds = parseCount(query.get('timeoutSeconds'));
  if (timeoutSeconds === undefined) return invalid(400, `timeoutSeconds: Invalid value: ${JSON.stringify(query.get('timeoutSeconds'))}: must be a non-negative integer`);
  const timeoutMs = (timeoutSeconds > 0 ? timeoutSeconds : defaults.defaultTimeoutSeconds) * 1000;
  const bookmarks = query.get('allowWatchBookmarks') === 'true';
  const rvText = query.get('resourceVersion') ?? '';
  const rv = parseCount(rvText);
  if (rv === undefined) return invalid(400, `resourceVersion: Invalid value: ${JSON.stringify(rvText)}: must be a non-negative integer`);

  if (query.get('sendInitialEvents') === 'true') {
    if (query.get('resourceVersionMatch') !== 'NotOlderThan') return invalid(422, 'resourceVersionMatch: Forbidden: sendInitialEvents requires setting resourceVersionMatch to NotOlderThan');
    if (!bookmarks) return invalid(422, 'allowWatchBookmarks: Forbidden: sendInitialEvents requires allowWatchBookmarks=true');
    if (rv > store.currentRv) return invalid(504, `Too large resource version: ${rv}, current: ${store.currentRv}`, 'Timeout');
    return { kind: 'stream', fromRv: store.currentRv, initialEvents: { endBookmark: true }, bookmarks, timeoutMs };
  }
  if (rv === 0) {
    const initialEvents = defaults.withoutResourceVersion === 'initial-events' ? { endBookmark: false } : undefined;
    return { kind: 'stream', fromRv: store.currentRv, initialEvents, bookmarks, timeoutMs };
  }
  if (rv < store.oldestValidRv) return { kind: 'expired', status: tooOldStatus(rv, store.oldestValidRv) };
  return { kind: 'stream', fromRv: rv, initialEvents: undefined, bookmarks, timeoutMs };
}

function invalid(code: number, message: string, reason?: string): WatchPlan {
  return { kind: 'invalid', status: kubeStatus(code, message, { reason }) };
}
