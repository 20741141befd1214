/**
 * Records -> OTLP/JSON ExportLogsServiceRequest (the file exporter's lines and otlp_http's
 * `encoding: json`), following the OTLP/JSON rules: lowerCamelCase field names, 64-bit integers
 * (timestamps, intValue) as decimal strings, enums (severityNumber) as integers, fields at their
 * default value (0, "") omitted.
 *
 * Timestamps are exact: nanoseconds are the decimal digits of the microseconds followed by "000",
 * never a product computed in floating point.
 */
import { SCHEMA_URL, SCOPE_NAME } from '../model/attributes.ts';
import type { Attribute, EventRecord, Resource, Scope } from '../model/record.ts';
import { VERSION } from '../version.ts';
import { groupByResource } from './group-by-resource.ts';

const EVENTS_SCOPE = { name: SCOPE_NAME, schemaUrl: SCHEMA_URL };

function scopePrefix(scope: Scope): string {
  return `{"scope":{"name":${JSON.stringify(scope.name)},"version":${JSON.stringify(VERSION)}},"logRecords":[`;
}
function scopeSuffix(scope: Scope): string {
  return `],"schemaUrl":${JSON.stringify(scope.schemaUrl)}}`;
}
const EVENTS_SCOPE_PREFIX = scopePrefix(EVENTS_SCOPE);
const EVENTS_SCOPE_SUFFIX = scopeSuffix(EVENTS_SCOPE);

const resourceJson = new WeakMap<Resource, string>();
const keyJson = new Map<string, string>();
const MAX_CACHED_KEYS = 1024;

export function encodeLogsRequestJson(records: readonly EventRecord[]): string {
  let out = '{"resourceLogs":[';
  let firstGroup = true;
  for (const group of groupByResource(records)) {
    if (!firstGroup) out += ',';
    firstGroup = false;
    out += '{"resource":' + resourceObject(group.resource) + ',"scopeLogs":[';
    for (let s = 0; s < group.scopes.length; s++) {
      const { scope, records: grouped } = group.scopes[s];
      if (s > 0) out += ',';
      out += scope === undefined ? EVENTS_SCOPE_PREFIX : scopePrefix(scope);
      for (let i = 0; i < grouped.length; i++) {
        if (i > 0) out += ',';
        out += logRecord(grouped[i]);
      }
      out += scope === undefined ? EVENTS_SCOPE_SUFFIX : scopeSuffix(scope);
    }
    out += ']}';
  }
  return out + ']}';
}

function logRecord(r: EventRecord): string {
  let out = '{"timeUnixNano":"' + nanosFromMicros(r.timeUnixMicros) + '","observedTimeUnixNano":"' + nanosFromMicros(r.observedUnixMicros) + '"';
  if (r.severityNumber !== 0) out += ',"severityNumber":' + r.severityNumber;
  if (r.severityText) out += ',"severityText":' + JSON.stringify(r.severityText);
  if (r.note !== undefined) out += ',"body":{"stringValue":' + JSON.stringify(r.note) + '}';
  if (r.attributes.length > 0) out += ',"attributes":' + keyValues(r.attributes);
  if (r.droppedAttributesCount > 0) out += ',"droppedAttributesCount":' + r.droppedAttributesCount;
  if (r.eventName !== undefined) out += ',"eventName":' + JSON.stringify(r.eventName);
  return out + '}';
}

function keyValues(attributes: readonly Attribute[]): string {
  let out = '[';
  for (let i = 0; i < attributes.length; i++) {
    const { key, value } = attributes[i];
    if (i > 0) out += ',';
    out += keyPrefix(key);
    if (typeof value === 'string') out += '{"stringValue":' + JSON.stringify(value) + '}}';
    else if (Number.isInteger(value)) out += '{"intValue":"' + value + '"}}';
    else out += '{"doubleValue":' + jsonDouble(value) + '}}';
  }
  return out + ']';
}

/** `{"key":"...","value":` once per distinct key. */
function keyPrefix(key: string): string {
  let prefix = keyJson.get(key);
  if (prefix === undefined) {
    prefix = '{"key":' + JSON.stringify(key) + ',"value":';
    if (keyJson.size < MAX_CACHED_KEYS) keyJson.set(key, prefix);
  }
  return prefix;
}

function resourceObject(resource: Resource): string {
  let json = resourceJson.get(resource);
  if (json === undefined) {
    json = '{"attributes":' + keyValues(resource.attributes) + '}';
    resourceJson.set(resource, json);
  }
  return json;
}

/** Decimal nanoseconds for non-negative integer microseconds, without floating-point products. */
export function nanosFromMicros(micros: number): string {
  if (!(micros > 0)) return '0';
  return Math.trunc(micros) + '000';
}

/** OTLP/JSON spells non-finite doubles as strings. */
function jsonDouble(value: number): string {
  if (Number.isFinite(value)) return String(value);
  return Number.isNaN(value) ? '"NaN"' : value > 0 ? '"Infinity"' : '"-Infinity"';
}
