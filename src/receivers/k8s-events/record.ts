/**
 * One Event -> one EventRecord (k8s-events-v0, "One Event -> one OTel LogRecord").
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
 *  - Optional EventRecord fields that are absent are `undefined`, never ''. Every EventRecord and ObjectRef
 *    is built with the same fields in the same order, so exporters see one object shape.
 *
 * Hot path: no closures, constant keys; per builder, one time cache (the last timestamp's parse
 * is reused); one scratch of keys and values, so Attribute objects are made only for what survives
 * the cap, into an array of the exact size. Input fields are type-checked as they are read, since
 * the watch path hands over decoded JSON without copying it (normalizeEvent's fast path).
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
import { SEVERITY_INFO, SEVERITY_UNSPECIFIED, SEVERITY_WARN, type Attribute, type AttributeValue, type ObjectRef, type EventRecord, type Resource, type SeverityNumber } from '../../model/record.ts';
import type { K8sEvent } from './event.ts';
import { isJsonObject as isObject, nonEmptyText as text } from '../../model/json-value.ts';
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

export type RecordBuilder = (event: K8sEvent, observedUnixMicros: number) => EventRecord;

export function createRecordBuilder(options: RecordBuilderOptions): RecordBuilder {
  const cap = Math.max(MAX_ATTRIBUTES_FLOOR, Math.floor(options.maxAttributes) || 0);
  const noteMaxBytes = options.noteMaxBytes;
  const semconvCompat = options.semconvCompat;
  const resource = options.resource;
  const time = new TimeCache();

  return function buildRecord(event: K8sEvent, observedUnixMicros: number): EventRecord {
    const meta = event.metadata;
    const uid = meta.uid;
    const reason = text(event.reason);
    const type = text(event.type);
    const action = text(event.action);
    const fullNote = text(event.note);
    const note = fullNote === undefined ? undefined : truncateUtf8(fullNote, noteMaxBytes);
    const regarding = objectRef(event.regarding) ?? EMPTY_REF;
    const hint = hintFor(reason, fullNote, regarding.kind);
    const related = objectRef(event.related);
    const series = isObject(event.series) ? event.series : undefined;
    const source = isObject(event.deprecatedSource) ? event.deprecatedSource : undefined;
    const reportingController = text(event.reportingController) ?? (source === undefined ? undefined : text(source.component));
    const reportingInstance = text(event.reportingInstance) ?? (source === undefined ? undefined : text(source.host));
    const name = text(meta.name);
    const namespace = text(meta.namespace);

    let count = 1;
    if (series !== undefined && isCount(series.count)) count = series.count;
    else if (isCount(event.deprecatedCount)) count = event.deprecatedCount;

    if (
      !(series !== undefined && time.parse(series.lastObservedTime)) &&
      !time.parse(event.eventTime) &&
      !time.parse(event.deprecatedLastTimestamp) &&
      !time.parse(event.deprecatedFirstTimestamp) &&
      !time.parse(meta.creationTimestamp)
    ) {
      time.micros = observedUnixMicros;
      time.text = formatMicroTime(observedUnixMicros);
    }
    const timeUnixMicros = time.micros;
    const eventTime = time.text;

    // The spec's keys in precedence order; absent values take no slot.
    let n = 0;
    n = slot(n, ATTR_EVENT_UID, uid);
    if (reason !== undefined) n = slot(n, ATTR_EVENT_REASON, reason);
    if (regarding.kind !== undefined) n = slot(n, ATTR_REGARDING_KIND, regarding.kind);
    if (regarding.namespace !== undefined) n = slot(n, ATTR_REGARDING_NAMESPACE, regarding.namespace);
    if (regarding.name !== undefined) n = slot(n, ATTR_REGARDING_NAME, regarding.name);
    if (regarding.uid !== undefined) n = slot(n, ATTR_REGARDING_UID, regarding.uid);
    if (hint !== undefined) n = slot(n, ATTR_HINT, hint);
    n = slot(n, ATTR_EVENT_TIME, eventTime);
    n = slot(n, ATTR_SERIES_COUNT, count);
    if (reportingController !== undefined) n = slot(n, ATTR_REPORTING_CONTROLLER, reportingController);
    if (action !== undefined) n = slot(n, ATTR_EVENT_ACTION, action);
    if (type !== undefined) n = slot(n, ATTR_EVENT_TYPE, type);
    if (note !== undefined) n = slot(n, ATTR_NOTE, note);
    if (name !== undefined) n = slot(n, ATTR_EVENT_NAME, name);
    if (namespace !== undefined) n = slot(n, ATTR_EVENT_NAMESPACE, namespace);
    if (reportingInstance !== undefined) n = slot(n, ATTR_REPORTING_INSTANCE, reportingInstance);
    if (regarding.fieldPath !== undefined) n = slot(n, ATTR_REGARDING_FIELD_PATH, regarding.fieldPath);
    if (regarding.apiVersion !== undefined) n = slot(n, ATTR_REGARDING_API_VERSION, regarding.apiVersion);
    if (regarding.resourceVersion !== undefined) n = slot(n, ATTR_REGARDING_RESOURCE_VERSION, regarding.resourceVersion);
    if (related !== undefined) {
      if (related.kind !== undefined) n = slot(n, ATTR_RELATED_KIND, related.kind);
      if (related.namespace !== undefined) n = slot(n, ATTR_RELATED_NAMESPACE, related.namespace);
      if (related.name !== undefined) n = slot(n, ATTR_RELATED_NAME, related.name);
      if (related.uid !== undefined) n = slot(n, ATTR_RELATED_UID, related.uid);
    }
    let droppedAttributesCount = 0;
    if (n > cap) {
      droppedAttributesCount = n - cap;
      n = cap;
    }
    if (semconvCompat) {
      // The OpenTelemetry Collector's keys, after the capped ones and outside the cap.
      if (reason !== undefined) n = slot(n, SEMCONV_EVENT_REASON, reason);
      if (action !== undefined) n = slot(n, SEMCONV_EVENT_ACTION, action);
      if (name !== undefined) n = slot(n, SEMCONV_EVENT_NAME, name);
      n = slot(n, SEMCONV_EVENT_UID, uid);
      n = slot(n, SEMCONV_EVENT_COUNT, count);
      if (reportingController !== undefined) n = slot(n, SEMCONV_REPORTING_CONTROLLER, reportingController);
      if (reportingInstance !== undefined) n = slot(n, SEMCONV_REPORTING_INSTANCE, reportingInstance);
      if (regarding.namespace !== undefined) n = slot(n, SEMCONV_NAMESPACE_NAME, regarding.namespace);
      if (regarding.kind !== undefined) n = slot(n, SEMCONV_OBJECT_KIND, regarding.kind);
      if (regarding.name !== undefined) n = slot(n, SEMCONV_OBJECT_NAME, regarding.name);
      if (regarding.uid !== undefined) n = slot(n, SEMCONV_OBJECT_UID, regarding.uid);
      if (regarding.fieldPath !== undefined) n = slot(n, SEMCONV_OBJECT_FIELDPATH, regarding.fieldPath);
      if (regarding.apiVersion !== undefined) n = slot(n, SEMCONV_OBJECT_API_VERSION, regarding.apiVersion);
      if (regarding.resourceVersion !== undefined) n = slot(n, SEMCONV_OBJECT_RESOURCE_VERSION, regarding.resourceVersion);
    }
    const attributes = new Array<Attribute>(n);
    for (let i = 0; i < n; i++) attributes[i] = { key: KEYS[i], value: VALUES[i] };

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

/** Attribute slots one record can need: the 23 v0 keys plus the 14 Collector keys. */
const ATTRIBUTE_SLOTS = 23 + 14;

/**
 * Scratch for the attributes of the record being built (building is synchronous, so one pair of
 * arrays serves every builder): keys and values are written here first, and Attribute objects are
 * made only for what survives the cap, into an array of the exact size.
 */
const KEYS: string[] = new Array<string>(ATTRIBUTE_SLOTS).fill('');
const VALUES: AttributeValue[] = new Array<AttributeValue>(ATTRIBUTE_SLOTS).fill('');

/** Writes one attribute into the scratch at `n`; returns the next free slot. */
function slot(n: number, key: string, value: AttributeValue): number {
  KEYS[n] = key;
  VALUES[n] = value;
  return n + 1;
}

/**
 * Parses event times into `micros` and `text`, remembering the last input: the events of a burst
 * carry the same timestamp (same second, often the same string), so most parses are a string
 * comparison, and their records share one canonical text.
 */
class TimeCache implements ParsedTime {
  micros = 0;
  text = '';
  private lastInput = '';
  private lastMicros = 0;
  private lastText = '';

  /** True (and `micros`/`text` set) when `value` is a non-empty string that parses as a time. */
  parse(value: unknown): boolean {
    if (typeof value !== 'string' || value === '') return false;
    if (value === this.lastInput) {
      this.micros = this.lastMicros;
      this.text = this.lastText;
      return true;
    }
    if (!parseMicroTime(value, this)) return false;
    this.lastInput = value;
    this.lastMicros = this.micros;
    this.lastText = this.text;
    return true;
  }
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
