/**
 * The typed record one Kubernetes Event becomes (k8s-events-v0). This is the public API that
 * exporters, pattern detectors and users' code import; test/public-api.test.ts pins its shape.
 *
 * A EventRecord is built once by the receiver and never mutated afterwards: everything an exporter
 * needs (attributes in precedence order, severity, body, times) is computed at build time.
 */
import type { Hint } from './hint.ts';

/** A reference to a Kubernetes object (`regarding`, `related`). Absent fields are omitted, never ''. */
export interface ObjectRef {
  readonly kind?: string;
  readonly namespace?: string;
  readonly name?: string;
  readonly uid?: string;
  readonly apiVersion?: string;
  readonly resourceVersion?: string;
  readonly fieldPath?: string;
}

/** An OTLP attribute value: a string, or an integer (`series.count`). */
export type AttributeValue = string | number;

export interface Attribute {
  readonly key: string;
  readonly value: AttributeValue;
}

/** OTLP severity numbers used by the schema. */
export const SEVERITY_UNSPECIFIED = 0;
export const SEVERITY_INFO = 9;
export const SEVERITY_WARN = 13;
/** Used by findings (src/processors/findings), never by Event records. */
export const SEVERITY_ERROR = 17;
export type SeverityNumber = typeof SEVERITY_UNSPECIFIED | typeof SEVERITY_INFO | typeof SEVERITY_WARN | typeof SEVERITY_ERROR;

/**
 * The instrumentation scope a record is exported under (OTLP ScopeLogs). Absent on the receiver's
 * Event records, which go under `tracecore/k8s_events` with the k8s-events-v0 schema URL; set on
 * records a processor emits of its own (findings). Shared by every record of one kind, never copied.
 */
export interface Scope {
  readonly name: string;
  readonly schemaUrl: string;
}

/** Resource of a record: shared by every record of one receiver, never copied per record. */
export interface Resource {
  readonly attributes: readonly Attribute[];
}

export interface EventRecord {
  /** metadata.uid of the Event object. */
  readonly uid: string;
  /** metadata.resourceVersion of the Event object: (uid, resourceVersion) identifies one occurrence. */
  readonly resourceVersion: string;
  readonly name?: string;
  readonly namespace?: string;
  readonly reason?: string;
  /** `Normal`, `Warning`, or whatever the API gave. */
  readonly type?: string;
  readonly action?: string;
  /** The note, truncated to note_max_bytes without splitting a UTF-8 sequence; also the body. */
  readonly note?: string;
  readonly reportingController?: string;
  readonly reportingInstance?: string;
  readonly regarding: ObjectRef;
  readonly related?: ObjectRef;
  readonly hint?: Hint;
  /** series.count, else deprecatedCount, else 1. */
  readonly count: number;
  /** The event time, RFC 3339 with fraction (microseconds kept). */
  readonly eventTime: string;
  /** The event time as microseconds since the Unix epoch (exact: fits a double). */
  readonly timeUnixMicros: number;
  /** When the receiver received the event, microseconds since the Unix epoch. */
  readonly observedUnixMicros: number;
  readonly severityNumber: SeverityNumber;
  readonly severityText: string;
  /** Attributes in precedence order, capped at max_attributes, then semconv_compat keys (outside the cap). */
  readonly attributes: readonly Attribute[];
  /** How many attributes the cap dropped. */
  readonly droppedAttributesCount: number;
  readonly resource: Resource;
  /** Absent on Event records (scope `tracecore/k8s_events`); set on findings (`tracecore/findings`). */
  readonly scope?: Scope;
  /** OTLP LogRecord.event_name (field 12): absent on Event records, `tracecore.finding` on findings. */
  readonly eventName?: string;
}

/**
 * The old name of {@link EventRecord}, kept for one release.
 * @deprecated Use `EventRecord`: `Record` hides TypeScript's built-in `Record<K, V>`.
 */
export type Record = EventRecord;
