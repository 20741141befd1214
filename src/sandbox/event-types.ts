/**
 * The shape of an `events.k8s.io/v1` Event as the sandbox stores and serves it, and the time
 * formats Kubernetes uses for its fields. Every field but `metadata` is optional because real
 * clusters omit many of them (see k8s-events-v0.md, "Source").
 */

export const EVENT_API_VERSION = 'events.k8s.io/v1';
export const EVENT_KIND = 'Event';
export const EVENT_LIST_KIND = 'EventList';

export interface EventMetadata {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  creationTimestamp?: string;
  labels?: { [key: string]: string };
  annotations?: { [key: string]: string };
  managedFields?: ManagedFieldsEntry[];
}

export interface ManagedFieldsEntry {
  manager: string;
  operation: 'Update' | 'Apply';
  apiVersion: string;
  time: string;
  fieldsType: 'FieldsV1';
  fieldsV1: object;
}

export interface EventObjectRef {
  kind?: string;
  namespace?: string;
  name?: string;
  uid?: string;
  apiVersion?: string;
  resourceVersion?: string;
  fieldPath?: string;
}

export interface EventSeries {
  count: number;
  /** MicroTime, e.g. `2024-05-01T10:00:00.123456Z`. */
  lastObservedTime: string;
}

/** An `events.k8s.io/v1` Event. `kind`/`apiVersion` are accepted on input and ignored (the store sets them). */
export interface EventObject {
  kind?: string;
  apiVersion?: string;
  metadata: EventMetadata;
  /** MicroTime of the first observation; `null` on events written through the old core/v1 API. */
  eventTime?: string | null;
  series?: EventSeries;
  reportingController?: string;
  reportingInstance?: string;
  action?: string;
  reason?: string;
  regarding?: EventObjectRef;
  related?: EventObjectRef;
  note?: string;
  type?: string;
  deprecatedSource?: { component?: string; host?: string };
  deprecatedFirstTimestamp?: string | null;
  deprecatedLastTimestamp?: string | null;
  deprecatedCount?: number;
}

/** What EventStore.add() takes: an Event whose metadata may be partly or wholly missing (the store fills it). */
export type EventInput = Omit<EventObject, 'metadata'> & { metadata?: EventMetadata };

/** Where an Event lives: Events are identified by namespace and name, like every namespaced object. */
export interface EventRef {
  readonly namespace: string;
  readonly name: string;
}

/** Kubernetes `Time`: RFC 3339 in UTC with second precision, e.g. `2024-05-01T10:00:00Z`. */
export function formatTime(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

/** Kubernetes `MicroTime`: RFC 3339 in UTC with six fraction digits, e.g. `2024-05-01T10:00:00.123456Z`. */
export function formatMicroTime(ms: number): string {
  const whole = Math.floor(ms);
  const micros = Math.min(999, Math.floor((ms - whole) * 1000));
  return new Date(whole).toISOString().replace(/\.(\d{3})Z$/, (_, millis: string) => `.${millis}${String(micros).padStart(3, '0')}Z`);
}
