/**
 * One Event -> one Record (k8s-events-v0, "One Event -> one OTel LogRecord").
 *
 *  - Event time: the first of series.lastObservedTime, eventTime, deprecatedLastTimestamp,
 *    deprecatedFirstTimestamp, metadata.creationTimestamp that is present and parses (a value that
 *    does not parse counts as absent). Microseconds are kept; `event.time` is printed in one
 *    canonical form, UTC with six fractional digits: `2023-02-16T18:25:07.000000Z`. With no usable
 *    time at all (never seen from a real API server) the observed time is used.
 *  - Severity: `Warning` -> 13 "Warning", `Normal` -> 9 "Normal", any other type -> 0 with the type
 *    as text, no type -> 0 and "".
 *  - Body and `note`: the note truncated to note_max_bytes of UTF-8, never splitting a character.
 *    The hint is computed from the whole note.
 *  - Count: series.count, else deprecatedCount, else 1 (a count below 1 counts as absent).
 *  - Attributes in the spec's order; absent keys (missing, null or '') take no slot; capped at
 *    max_attributes (never below 9) with the rest counted in droppedAttributesCount; then, with
 *    semconv_compat, the OpenTelemetry Collector's keys, outside the cap.
 *  - Optional Record fields that are absent are `undefined`, never ''. Every Record and ObjectRef
 *    is built with the same fields in the same order, so exporters see one object shape.
 *
 * Hot path: no closures, no intermediate arrays, constant keys; one scratch object per builder
 * receives parsed times. Input fields are type-checked as they are read, since the watch path hands
 * over decoded JSON without copying it (normalizeEvent's fast path).
 */
import {
  ATTR_EVENT_ACTION,
  ATTR_EVENT_NAME,
  ATTR_EVENT_NAMESPACE,
  ATTR_EVENT_REASON,
  ATTR_EVENT_TIME,
  ATTR_EVENT_TYPE,
  ATTR_EVENT_UID,
  ATTR_HINT,
  ATTR_NOTE,
  ATTR_REGARDING_API_VERSION,
  ATTR_REGARDING_FIELD_PATH,
  ATTR_REGARDING_KIND,
  ATTR_REGARDING_NAME,
  ATTR_REGARDING_NAMESPACE,
  ATTR_REGARDING_RESOURCE_VERSION,
  ATTR_REGARDING_UID,
  ATTR_RELATED_KIND,
  ATTR_RELATED_NAME,
  ATTR_RELATED_NAMESPACE,
  ATTR_RELATED_UID,
  ATTR_REPORTING_CONTROLLER,
  ATTR_REPORTING_INSTANCE,
  ATTR_SERIES_COUNT,
  MAX_ATTRIBUTES_FLOOR,
  SEMCONV_EVENT_ACTION,
  SEMCONV_EVENT_COUNT,
  SEMCONV_EVENT_NAME,
  SEMCONV_EVENT_REASON,
  SEMCONV_EVENT_UID,
  SEMCONV_NAMESPACE_NAME,
  SEMCONV_OBJECT_API_VERSION,
  SEMCONV_OBJECT_FIELDPATH,
  SEMCONV_OBJECT_KIND,
  SEMCONV_OBJECT_NAME,
  SEMCONV_OBJECT_RESOURCE_VERSION,
  SEMCONV_OBJECT_UID,
  SEMCONV_REPORTING_CONTROLLER,
  SEMCONV_REPORTING_INSTANCE,
} from '../../model/attributes.ts';
import { SEVERITY_INFO, SEVERITY_UNSPECIFIED, SEVERITY_WARN, type Attribute, type ObjectRef, type Record, type Resource, type SeverityNumber } from '../../model/record.ts';
import type { K8sEvent } from './event.ts';
import { hintFor } from './hints.ts';
import { formatMicroTime, parseMicroTime, type ParsedTime } from './micro-time.ts';
import { truncateUtf8 } from './truncate.ts';

export interface RecordBuilderOptions {
  /** 9 .. 64; values below 9 are raised to 9 (the join keys, event time and count always survive). */
  readonly maxAttributes: number;
  readonly noteMaxBytes: number;
  readonly semconvCompat: boolean;
  /** Shared by every record of the receiver, never copied. */
  readonly resource: Resource;
}

export type RecordBuilder = (event: K8sEvent, observedUnixMicros: number) => Record;

export function createRecordBuilder(options: RecordBuilderOptions): RecordBuilder {
  const cap = Math.max(MAX_ATTRIBUTES_FLOOR, Math.floor(options.maxAttributes) || 0);
  const noteMaxBytes = options.noteMaxBytes;
  const semconvCompat = options.semconvCompat;
  const resource = options.resource;
  const time: ParsedTime = { micros: 0, text: '' };

  return function buildRecord(event: K8sEvent, observedUnixMicros: number): Record {
    const meta = event.metadata;
    const uid = meta.uid;
    const reason = text(event.reason);
    const type = text(event.type);
    const action = text(event.action);
    const fullNote = text(event.note);
    const note = fullNote === undefined ? undefined : truncateUtf8(fullNote, noteMaxBytes);
    const hint = hintFor(reason, fullNote);
    const regarding = objectRef(event.regarding) ?? EMPTY_REF;
    const related = objectRef(event.related);
    const series = isObject(event.series) ? event.series : undefined;
    const source = isObject(event.deprecatedSource) ? event.deprecatedSource : undefined;
    const reportingController = text(event.reportingController) ?? (source === undefined ? undefined : text(source.component));
    const reportingInstance = text(event.reportingInstance) ?? (source === undefined ? undefined : text(source.host));

    let count = 1;
    if (series !== undefined && isCount(series.count)) count = series.count;
    else if (isCount(event.deprecatedCount)) count = event.deprecatedCount;

    if (
      !(series !== undefined && parseTime(series.lastObservedTime, time)) &&
      !parseTime(event.eventTime, time) &&
      !parseTime(event.deprecatedLastTimestamp, time) &&
      !parseTime(event.deprecatedFirstTimestamp, time) &&
      !parseTime(meta.creationTimestamp, time)
    ) {
      time.micros = observedUnixMicros;
      time.text = formatMicroTime(observedUnixMicros);
    }
    const timeUnixMicros = time.micros;
    const eventTime = time.text;

    const attributes: Attribute[] = [];
    attributes.push({ key: ATTR_EVENT_UID, value: uid });
    if (reason !== undefined) attributes.push({ key: ATTR_EVENT_REASON, value: reason });
    if (regarding.kind !== undefined) attributes.push({ key: ATTR_REGARDING_KIND, value: regarding.kind });
    if (regarding.namespace !== undefined) attributes.push({ key: ATTR_REGARDING_NAMESPACE, value: regarding.namespace });
    if (regarding.name !== undefined) attributes.push({ key: ATTR_REGARDING_NAME, value: regarding.name });
    if (regarding.uid !== undefined) attributes.push({ key: ATTR_REGARDING_UID, value: regarding.uid });
    if (hint !== undefined) attributes.push({ key: ATTR_HINT, value: hint });
    attributes.push({ key: ATTR_EVENT_TIME, value: eventTime });
    attributes.push({ key: ATTR_SERIES_COUNT, value: count });
    if (reportingController !== undefined) attributes.push({ key: ATTR_REPORTING_CONTROLLER, value: reportingController });
    if (action !== undefined) attributes.push({ key: ATTR_EVENT_ACTION, value: action });
    if (type !== undefined) attributes.push({ key: ATTR_EVENT_TYPE, value: type });
    if (note !== undefined) attributes.push({ key: ATTR_NOTE, value: note });
    const name = text(meta.name);
    if (name !== undefined) attributes.push({ key: ATTR_EVENT_NAME, value: name });
    const namespace = text(meta.namespace);
    if (namespace !== undefined) attributes.push({ key: ATTR_EVENT_NAMESPACE, value: namespace });
    if (reportingInstance !== undefined) attributes.push({ key: ATTR_REPORTING_INSTANCE, value: reportingInstance });
    if (regarding.fieldPath !== undefined) attributes.push({ key: ATTR_REGARDING_FIELD_PATH, value: regarding.fieldPath });
    if (regarding.apiVersion !== undefined) attributes.push({ key: ATTR_REGARDING_API_VERSION, value: regarding.apiVersion });
    if (regarding.resourceVersion !== undefined) attributes.push({ key: ATTR_REGARDING_RESOURCE_VERSION, value: regarding.resourceVersion });
    if (related !== undefined) {
      if (related.kind !== undefined) attributes.push({ key: ATTR_RELATED_KIND, value: related.kind });
      if (related.namespace !== undefined) attributes.push({ key: ATTR_RELATED_NAMESPACE, value: related.namespace });
      if (related.name !== undefined) attributes.push({ key: ATTR_RELATED_NAME, value: related.name });
      if (related.uid !== undefined) attributes.push({ key: ATTR_RELATED_UID, value: related.uid });
    }
    let droppedAttributesCount = 0;
    if (attributes.length > cap) {
      droppedAttributesCount = attributes.length - cap;
      attributes.length = cap;
    }
    if (semconvCompat) {
      if (reason !== undefined) attributes.push({ key: SEMCONV_EVENT_REASON, value: reason });
      if (action !== undefined) attributes.push({ key: SEMCONV_EVENT_ACTION, value: action });
      if (name !== undefined) attributes.push({ key: SEMCONV_EVENT_NAME, value: name });
      attributes.push({ key: SEMCONV_EVENT_UID, value: uid });
      attributes.push({ key: SEMCONV_EVENT_COUNT, value: count });
      if (reportingController !== undefined) attributes.push({ key: SEMCONV_REPORTING_CONTROLLER, value: reportingController });
      if (reportingInstance !== undefined) attributes.push({ key: SEMCONV_REPORTING_INSTANCE, value: reportingInstance });
      if (regarding.namespace !== undefined) attributes.push({ key: SEMCONV_NAMESPACE_NAME, value: regarding.namespace });
      if (regarding.kind !== undefined) attributes.push({ key: SEMCONV_OBJECT_KIND, value: regarding.kind });
      if (regarding.name !== undefined) attributes.push({ key: SEMCONV_OBJECT_NAME, value: regarding.name });
      if (regarding.uid !== undefined) attributes.push({ key: SEMCONV_OBJECT_UID, value: regarding.uid });
      if (regarding.fieldPath !== undefined) attributes.push({ key: SEMCONV_OBJECT_FIELDPATH, value: regarding.fieldPath });
      if (regarding.apiVersion !== undefined) attributes.push({ key: SEMCONV_OBJECT_API_VERSION, value: regarding.apiVersion });
      if (regarding.resourceVersion !== undefined) attributes.push({ key: SEMCONV_OBJECT_RESOURCE_VERSION, value: regarding.resourceVersion });
    }

    let severityNumber: SeverityNumber = SEVERITY_UNSPECIFIED;
    if (type === 'Warning') severityNumber = SEVERITY_WARN;
    else if (type === 'Normal') severityNumber = SEVERITY_INFO;

    return {
      uid,
      resourceVersion: text(meta.resourceVersion) ?? '',
      name,
      namespace,
      reason,
      type,
      action,
      note,
      reportingController,
      reportingInstance,
      regarding,
      related,
      hint,
      count,
      eventTime,
      timeUnixMicros,
      observedUnixMicros,
      severityNumber,
      severityText: type ?? '',
      attributes,
      droppedAttributesCount,
      resource,
    };
  };
}

/** An event with no `regarding` still gets an ObjectRef (with every field absent). */
const EMPTY_REF: ObjectRef = Object.freeze({
  kind: undefined,
  namespace: undefined,
  name: undefined,
  uid: undefined,
  apiVersion: undefined,
  resourceVersion: undefined,
  fieldPath: undefined,
});

/** A non-empty string, else undefined (null, '', wrong types: absent). */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 1;
}

/** A clean copy (no '' fields, one shape), or undefined when the reference is absent or empty. */
function objectRef(value: unknown): ObjectRef | undefined {
  if (!isObject(value)) return undefined;
  const r = value as { readonly [key: string]: unknown };
  const kind = text(r.kind);
  const namespace = text(r.namespace);
  const name = text(r.name);
  const uid = text(r.uid);
  const apiVersion = text(r.apiVersion);
  const resourceVersion = text(r.resourceVersion);
  const fieldPath = text(r.fieldPath);
  if (kind === undefined && namespace === undefined && name === undefined && uid === undefined && apiVersion === undefined && resourceVersion === undefined && fieldPath === undefined) {
    return undefined;
  }
  return { kind, namespace, name, uid, apiVersion, resourceVersion, fieldPath };
}

function parseTime(value: unknown, out: ParsedTime): boolean {
  return typeof value === 'string' && value !== '' && parseMicroTime(value, out);
}
