/**
 * Records -> OTLP/protobuf ExportLogsServiceRequest bytes, written directly (no intermediate
 * objects): one ResourceLogs per Resource object, one ScopeLogs per scope in it (`tracecore/k8s_events`
 * for Event records, `tracecore/findings` for findings; our version, the schema URL), one LogRecord
 * per record, with `event_name` (field 12) when the record has one.
 *
 * Precomputed once: the scope and schema URL fields, each Resource message (cached per Resource
 * object), each attribute key's bytes. Per call: one pass over the records into one buffer sized
 * from the last calls' bytes per record, handed out without a copy.
 */
import { SCHEMA_URL, SCOPE_NAME } from '../model/attributes.ts';
import type { Attribute, EventRecord, Resource, Scope } from '../model/record.ts';
import { VERSION } from '../version.ts';
import { groupByResource } from './group-by-resource.ts';
import { ProtoWriter, encodeStringField } from './proto-writer.ts';

// Tags: (field number << 3) | wire type (0 varint, 1 fixed64, 2 length-delimited).
const TAG_REQUEST_RESOURCE_LOGS = 0x0a; // ExportLogsServiceRequest.resource_logs = 1
const TAG_RESOURCE_LOGS_SCOPE_LOGS = 0x12; // ResourceLogs.scope_logs = 2 (resource = 1 is cached whole)
const TAG_SCOPE_LOGS_LOG_RECORDS = 0x12; // ScopeLogs.log_records = 2
const TAG_LOG_TIME = 0x09; // LogRecord.time_unix_nano = 1, fixed64
const TAG_LOG_SEVERITY_NUMBER = 0x10; // = 2, enum
const TAG_LOG_SEVERITY_TEXT = 0x1a; // = 3
const TAG_LOG_BODY = 0x2a; // = 5, AnyValue
const TAG_LOG_ATTRIBUTES = 0x32; // = 6, KeyValue
const TAG_LOG_DROPPED_ATTRIBUTES = 0x38; // = 7, uint32
const TAG_LOG_OBSERVED_TIME = 0x59; // = 11, fixed64
const TAG_LOG_EVENT_NAME = 0x62; // = 12, string
const TAG_KEY_VALUE_VALUE = 0x12; // KeyValue.value = 2 (key = 1 is cached with its tag)
const TAG_ANY_STRING = 0x0a; // AnyValue.string_value = 1
const TAG_ANY_INT = 0x18; // AnyValue.int_value = 3
const TAG_ANY_DOUBLE = 0x21; // AnyValue.double_value = 4

/** ScopeLogs.scope (field 1) holding InstrumentationScope { name = 1, version = 2 }. */
function scopeField(name: string): Buffer {
  const w = new ProtoWriter(256);
  w.byte(0x0a);
  const start = w.beginMessage(1);
  w.bytes(encodeStringField(1, name));
  w.bytes(encodeStringField(2, VERSION));
  w.endMessage(start, 1);
  return Buffer.from(w.finish());
}

interface ScopeFields {
  /** ScopeLogs.scope (field 1). */
  readonly scope: Buffer;
  /** ScopeLogs.schema_url (field 3). */
  readonly schemaUrl: Buffer;
}

/** The receiver's scope (records without one), encoded once. */
const EVENTS_SCOPE_FIELDS: ScopeFields = { scope: scopeField(SCOPE_NAME), schemaUrl: encodeStringField(3, SCHEMA_URL) };
/** Other scopes (findings), encoded once per distinct name (a handful in a process). */
const scopeFieldsByName = new Map<string, ScopeFields>();
const MAX_CACHED_SCOPES = 16;

function scopeFields(scope: Scope | undefined): ScopeFields {
  if (scope === undefined) return EVENTS_SCOPE_FIELDS;
  let fields = scopeFieldsByName.get(scope.name);
  if (fields === undefined) {
    fields = { scope: scopeField(scope.name), schemaUrl: encodeStringField(3, scope.schemaUrl) };
    if (scopeFieldsByName.size < MAX_CACHED_SCOPES) scopeFieldsByName.set(scope.name, fields);
  }
  return fields;
}

const resourceFields = new WeakMap<Resource, Buffer>();
const keyFields = new Map<string, Buffer>();
const MAX_CACHED_KEYS = 1024;

const writer = new ProtoWriter();
/** Bytes per record of recent requests, to size the next buffer (one doubling when it is short). */
let bytesPerRecord = 1024;

export function encodeLogsRequestProto(records: readonly EventRecord[]): Uint8Array {
  const w = writer;
  w.reset(Math.ceil(records.length * bytesPerRecord * 1.25) + 512);
  for (const group of groupByResource(records)) {
    w.byte(TAG_REQUEST_RESOURCE_LOGS);
    const resourceLogs = w.beginMessage(3);
    w.bytes(resourceField(group.resource));
    for (const { scope, records: grouped } of group.scopes) {
      const fields = scopeFields(scope);
      w.byte(TAG_RESOURCE_LOGS_SCOPE_LOGS);
      const scopeLogs = w.beginMessage(3);
      w.bytes(fields.scope);
      for (const record of grouped) writeLogRecord(w, record);
      w.bytes(fields.schemaUrl);
      w.endMessage(scopeLogs, 3);
    }
    w.endMessage(resourceLogs, 3);
  }
  if (records.length > 0) bytesPerRecord = (bytesPerRecord * 3 + w.pos / records.length) / 4;
  return w.finish();
}

function writeLogRecord(w: ProtoWriter, r: EventRecord): void {
  w.byte(TAG_SCOPE_LOGS_LOG_RECORDS);
  const start = w.beginMessage(2);
  w.byte(TAG_LOG_TIME);
  w.fixed64NanosFromMicros(r.timeUnixMicros);
  if (r.severityNumber !== 0) {
    w.byte(TAG_LOG_SEVERITY_NUMBER);
    w.varint(r.severityNumber);
  }
  if (r.severityText) {
    w.byte(TAG_LOG_SEVERITY_TEXT);
    w.string(r.severityText);
  }
  if (r.note !== undefined) {
    w.byte(TAG_LOG_BODY);
    const body = w.beginMessage(1);
    w.byte(TAG_ANY_STRING);
    w.string(r.note);
    w.endMessage(body, 1);
  }
  const attributes = r.attributes;
  for (let i = 0; i < attributes.length; i++) writeKeyValue(w, TAG_LOG_ATTRIBUTES, attributes[i]);
  if (r.droppedAttributesCount > 0) {
    w.byte(TAG_LOG_DROPPED_ATTRIBUTES);
    w.varint(r.droppedAttributesCount);
  }
  w.byte(TAG_LOG_OBSERVED_TIME);
  w.fixed64NanosFromMicros(r.observedUnixMicros);
  if (r.eventName !== undefined) {
    w.byte(TAG_LOG_EVENT_NAME);
    w.string(r.eventName);
  }
  w.endMessage(start, 2);
}

function writeKeyValue(w: ProtoWriter, tag: number, attribute: Attribute): void {
  const key = keyField(attribute.key);
  const value = attribute.value;
  if (typeof value === 'string' && writeShortStringKeyValue(w, tag, key, value)) return;
  w.byte(tag);
  const start = w.beginMessage(1);
  w.bytes(key);
  w.byte(TAG_KEY_VALUE_VALUE);
  if (typeof value === 'string') {
    const anyValue = w.beginMessage(1);
    w.byte(TAG_ANY_STRING);
    w.string(value);
    w.endMessage(anyValue, 1);
  } else if (Number.isInteger(value)) {
    const anyValue = w.beginMessage(1);
    w.byte(TAG_ANY_INT);
    w.int64(value);
    w.endMessage(anyValue, 1);
  } else {
    w.byte(9); // AnyValue length: tag + 8 bytes
    w.byte(TAG_ANY_DOUBLE);
    w.double(value);
  }
  w.endMessage(start, 1);
}

/**
 * The common case in one pass: a string value short enough that the KeyValue fits 127 bytes, so
 * every length is one byte, patched once the value is written. Returns false otherwise (w.pos not
 * moved: the general path overwrites the attempt).
 */
function writeShortStringKeyValue(w: ProtoWriter, tag: number, key: Buffer, value: string): boolean {
  const len = value.length;
  const keyLen = key.length;
  if (keyLen + 4 + len > 127) return false;
  w.ensure(6 + keyLen + len * 3);
  const buf = w.buf;
  const start = w.pos;
  let pos = start + 2;
  for (let i = 0; i < keyLen; i++) buf[pos++] = key[i];
  buf[pos] = TAG_KEY_VALUE_VALUE;
  buf[pos + 2] = TAG_ANY_STRING;
  const n = w.utf8At(value, pos + 4);
  const keyValueLen = keyLen + 4 + n;
  if (keyValueLen > 127) return false;
  buf[start] = tag;
  buf[start + 1] = keyValueLen;
  buf[pos + 1] = n + 2;
  buf[pos + 3] = n;
  w.pos = pos + 4 + n;
  return true;
}

/** KeyValue.key (field 1) with its tag and length, encoded once per distinct key. */
function keyField(key: string): Buffer {
  let field = keyFields.get(key);
  if (field === undefined) {
    field = encodeStringField(1, key);
    if (keyFields.size < MAX_CACHED_KEYS) keyFields.set(key, field);
  }
  return field;
}

/** ResourceLogs.resource (field 1) holding the Resource message, encoded once per Resource object. */
function resourceField(resource: Resource): Buffer {
  let field = resourceFields.get(resource);
  if (field === undefined) {
    const w = new ProtoWriter(1024);
    w.byte(0x0a);
    const start = w.beginMessage(2);
    for (const attribute of resource.attributes) writeKeyValue(w, 0x0a, attribute); // Resource.attributes = 1
    w.endMessage(start, 2);
    field = Buffer.from(w.finish());
    resourceFields.set(resource, field);
  }
  return field;
}
