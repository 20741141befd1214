/**
 * Turns any Event shape the receiver can meet into the `events.k8s.io/v1` shape:
 *  - `events.k8s.io/v1` and `v1beta1` (same field names): returned as is, no copy (the watch path);
 *  - core/v1 (`kubectl get events -o json`, replay dumps): converted the way the API server does
 *    (`involvedObject` -> `regarding`, `message` -> `note`, `source` -> `deprecatedSource`,
 *    `firstTimestamp`/`lastTimestamp`/`count` -> `deprecated*`, `reportingComponent` ->
 *    `reportingController`); empty strings and nulls are left out;
 *  - objects without `apiVersion`/`kind` (exporters' and tools' captures): told apart by fields.
 *
 * Returns undefined, never throws, for anything that is not an Event: not an object, no
 * `metadata.uid`, a `kind` other than Event, an API group other than core or events.k8s.io.
 */
import type { K8sEvent, K8sEventMetadata, K8sEventSeries, K8sEventSource, K8sObjectReference } from './event.ts';
import { isJsonObject as isObject, nonEmptyText as text } from '../../model/json-value.ts';

type Json = { readonly [key: string]: unknown };

const EVENTS_GROUP_PREFIX = 'events.k8s.io/';

export function normalizeEvent(obj: unknown): K8sEvent | undefined {
  if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) return undefined;
  const o = obj as Json;
  const metadata = o.metadata as Json | null | undefined;
  if (typeof metadata !== 'object' || metadata === null || typeof metadata.uid !== 'string' || metadata.uid === '') return undefined;
  const kind = o.kind;
  if (kind !== undefined && kind !== null && kind !== 'Event') return undefined;
  const apiVersion = o.apiVersion;
  if (typeof apiVersion === 'string' && apiVersion !== '') {
    if (apiVersion.startsWith(EVENTS_GROUP_PREFIX)) return obj as K8sEvent;
    if (apiVersion === 'v1') return fromCoreV1(o, metadata as unknown as K8sEventMetadata);
    return undefined;
  }
  return looksLikeCoreV1(o) ? fromCoreV1(o, metadata as unknown as K8sEventMetadata) : (obj as K8sEvent);
}

/** No apiVersion: core/v1 has `involvedObject`/`message`/`source`, events.k8s.io has `regarding`/`note`. */
function looksLikeCoreV1(o: Json): boolean {
  if (o.regarding !== undefined || o.note !== undefined || o.deprecatedSource !== undefined || o.reportingController !== undefined) return false;
  return (
    o.involvedObject !== undefined ||
    o.message !== undefined ||
    o.source !== undefined ||
    o.firstTimestamp !== undefined ||
    o.lastTimestamp !== undefined ||
    o.count !== undefined ||
    o.reportingComponent !== undefined
  );
}

function fromCoreV1(o: Json, metadata: K8sEventMetadata): K8sEvent {
  const event: Writable<K8sEvent> = { apiVersion: 'events.k8s.io/v1', kind: 'Event', metadata };
  put(event, 'eventTime', text(o.eventTime));
  put(event, 'series', series(o.series));
  put(event, 'reportingController', text(o.reportingComponent));
  put(event, 'reportingInstance', text(o.reportingInstance));
  put(event, 'action', text(o.action));
  put(event, 'reason', text(o.reason));
  put(event, 'regarding', reference(o.involvedObject));
  put(event, 'related', reference(o.related));
  put(event, 'note', text(o.message));
  put(event, 'type', text(o.type));
  put(event, 'deprecatedSource', source(o.source));
  put(event, 'deprecatedFirstTimestamp', text(o.firstTimestamp));
  put(event, 'deprecatedLastTimestamp', text(o.lastTimestamp));
  put(event, 'deprecatedCount', count(o.count));
  return event;
}

type Writable<T> = { -readonly [K in keyof T]: T[K] };

/** Sets the field only when the value is present: absent means omitted, never undefined or ''. */
function put<T extends object, K extends keyof T>(target: Writable<T>, key: K, value: T[K] | undefined): void {
  if (value !== undefined) target[key] = value;
}

function count(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function reference(value: unknown): K8sObjectReference | undefined {
  if (!isObject(value)) return undefined;
  const ref: Writable<K8sObjectReference> = {};
  put(ref, 'kind', text(value.kind));
  put(ref, 'namespace', text(value.namespace));
  put(ref, 'name', text(value.name));
  put(ref, 'uid', text(value.uid));
  put(ref, 'apiVersion', text(value.apiVersion));
  put(ref, 'resourceVersion', text(value.resourceVersion));
  put(ref, 'fieldPath', text(value.fieldPath));
  return nonEmpty(ref);
}

/** Core series: `count` and `lastObservedTime`, the same names as events.k8s.io/v1. */
function series(value: unknown): K8sEventSeries | undefined {
  if (!isObject(value)) return undefined;
  const result: Writable<K8sEventSeries> = {};
  put(result, 'count', count(value.count));
  put(result, 'lastObservedTime', text(value.lastObservedTime));
  return nonEmpty(result);
}

function source(value: unknown): K8sEventSource | undefined {
  if (!isObject(value)) return undefined;
  const result: Writable<K8sEventSource> = {};
  put(result, 'component', text(value.component));
  put(result, 'host', text(value.host));
  return nonEmpty(result);
}

function nonEmpty<T extends object>(value: T): T | undefined {
  for (const key in value) if (Object.hasOwn(value, key)) return value;
  return undefined;
}
