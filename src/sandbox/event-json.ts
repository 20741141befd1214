/**
 * How stored Events become bytes: every version is serialized once, in the watch form (kind and
 * apiVersion first); list items and watch lines are cut from or wrapped around that one string.
 */
import { EVENT_API_VERSION, EVENT_KIND, type EventObject } from './event-types.ts';
import type { KubeStatus } from './k8s-status.ts';

const WATCH_FORM_PREFIX = `{"kind":"${EVENT_KIND}","apiVersion":"${EVENT_API_VERSION}",`;

/** Serializes `event` in the watch form; kind, apiVersion and metadata lead, like the API server writes them. */
export function serializeEvent(event: EventObject): string {
  const { kind: _kind, apiVersion: _apiVersion, metadata, ...rest } = event;
  return JSON.stringify({ kind: EVENT_KIND, apiVersion: EVENT_API_VERSION, metadata, ...rest });
}

/** The list form of a serialized Event: the same object without kind and apiVersion. */
export function listItemJson(json: string): string {
  return `{${json.slice(WATCH_FORM_PREFIX.length)}`;
}

export type WatchEventType = 'ADDED' | 'MODIFIED' | 'DELETED' | 'BOOKMARK' | 'ERROR';

/** One line of a watch stream for a serialized object, newline included. */
export function watchLine(type: WatchEventType, objectJson: string): string {
  return `{"type":"${type}","object":${objectJson}}\n`;
}

/**
 * A BOOKMARK line: the object carries only kind, apiVersion and metadata.resourceVersion (plus the
 * `k8s.io/initial-events-end` annotation when it ends the initial events of a streaming list).
 */
export function bookmarkLine(resourceVersion: number, initialEventsEnd = false): string {
  const annotations = initialEventsEnd ? ',"annotations":{"k8s.io/initial-events-end":"true"}' : '';
  return watchLine('BOOKMARK', `${WATCH_FORM_PREFIX}"metadata":{"resourceVersion":"${resourceVersion}"${annotations}}}`);
}

export function errorLine(status: KubeStatus): string {
  return watchLine('ERROR', JSON.stringify(status));
}
