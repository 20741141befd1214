/**
 * Decodes OTLP logs requests with protobufjs and the official OTLP .proto definitions
 * (test/fixtures/otlp/opentelemetry/...), independently of tracecore's own encoders, and flattens
 * them into one comparable object per LogRecord.
 *
 * JSON is checked strictly first: every key must be a field of the OTLP message (lowerCamelCase),
 * 64-bit integers must be decimal strings and enums integers, as the OTLP/JSON rules require.
 */
import { fileURLToPath } from 'node:url';
import { isAbsolute, join } from 'node:path';
import protobufjs from 'protobufjs';
import type { Record } from '../../src/model/record.ts';

const PROTO_DIR = fileURLToPath(new URL('../fixtures/otlp/', import.meta.url));

const root = new protobufjs.Root();
root.resolvePath = (_origin, target) => (isAbsolute(target) ? target : join(PROTO_DIR, target));
root.loadSync(['opentelemetry/proto/collector/logs/v1/logs_service.proto', 'google/rpc/status.proto'], { keepCase: false });

export const ExportLogsServiceRequest = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest');
export const ExportLogsServiceResponse = root.lookupType('opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse');
export const RpcStatus = root.lookupType('google.rpc.Status');
export const RetryInfo = root.lookupType('google.rpc.RetryInfo');

const TO_OBJECT: protobufjs.IConversionOptions = { longs: String, enums: Number, bytes: String, defaults: false };

/** What protobufjs gives back for an ExportLogsServiceRequest (toObject, longs as strings). */
export interface DecodedRequest {
  resourceLogs?: DecodedResourceLogs[];
}
interface DecodedResourceLogs {
  resource?: { attributes?: DecodedKeyValue[]; droppedAttributesCount?: number };
  scopeLogs?: DecodedScopeLogs[];
  schemaUrl?: string;
}
interface DecodedScopeLogs {
  scope?: { name?: string; version?: string };
  logRecords?: DecodedLogRecord[];
  schemaUrl?: string;
}
interface DecodedLogRecord {
  timeUnixNano?: string;
  observedTimeUnixNano?: string;
  severityNumber?: number;
  severityText?: string;
  body?: DecodedAnyValue;
  attributes?: DecodedKeyValue[];
  droppedAttributesCount?: number;
  flags?: number;
  traceId?: string;
  spanId?: string;
  eventName?: string;
}
interface DecodedKeyValue {
  key: string;
  value?: DecodedAnyValue;
}
interface DecodedAnyValue {
  stringValue?: string;
  intValue?: string;
  doubleValue?: number;
  boolValue?: boolean;
}

export function decodeRequestProto(bytes: Uint8Array): DecodedRequest {
  const message = ExportLogsServiceRequest.decode(bytes);
  return ExportLogsServiceRequest.toObject(message, TO_OBJECT) as DecodedRequest;
}

export function decodeRequestJson(text: string): DecodedRequest {
  const parsed: unknown = JSON.parse(text);
  checkOtlpJson(ExportLogsServiceRequest, parsed, '$');
  const message = ExportLogsServiceRequest.fromObject(parsed as { [k: string]: unknown });
  return ExportLogsServiceRequest.toObject(message, TO_OBJECT) as DecodedRequest;
}

const LONG_TYPES = new Set(['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64']);

/** Throws when `value` breaks the OTLP/JSON rules for `type`. */
function checkOtlpJson(type: protobufjs.Type, value: unknown, path: string): void {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path}: expected an object for ${type.name}`);
  for (const [key, fieldValue] of Object.entries(value)) {
    const field = type.fields[key];
    if (!field) throw new Error(`${path}.${key}: not a field of ${type.fullName} (OTLP/JSON uses lowerCamelCase names)`);
    field.resolve();
    const items = field.repeated ? (Array.isArray(fieldValue) ? (fieldValue as unknown[]) : undefined) : [fieldValue];
    if (!items) throw new Error(`${path}.${key}: expected an array`);
    items.forEach((item, i) => {
      const at = field.repeated ? `${path}.${key}[${i}]` : `${path}.${key}`;
      if (field.resolvedType instanceof protobufjs.Type) checkOtlpJson(field.resolvedType, item, at);
      else if (field.resolvedType instanceof protobufjs.Enum) {
        if (!Number.isInteger(item)) throw new Error(`${at}: enums are integers in OTLP/JSON, got ${JSON.stringify(item)}`);
      } else if (LONG_TYPES.has(field.type)) {
        if (typeof item !== 'string' || !/^-?\d+$/.test(item)) throw new Error(`${at}: 64-bit integers are decimal strings in OTLP/JSON, got ${JSON.stringify(item)}`);
      }
    });
  }
}

/** One LogRecord with its resource and scope, in a shape tests compare with deepEqual. */
export interface FlatLogRecord {
  resource: { [key: string]: string | number };
  scope: { name: string; version: string; schemaUrl: string };
  timeUnixNano: string;
  observedTimeUnixNano: string;
  severityNumber: number;
  severityText: string;
  body: string | number | undefined;
  attributes: Array<[string, string | number]>;
  droppedAttributesCount: number;
  /** Present only when the LogRecord has an event_name (findings). */
  eventName?: string;
}

export function flatten(request: DecodedRequest): FlatLogRecord[] {
  const out: FlatLogRecord[] = [];
  for (const rl of request.resourceLogs ?? []) {
    const resource = Object.fromEntries((rl.resource?.attributes ?? []).map(attributeEntry));
    for (const sl of rl.scopeLogs ?? []) {
      const scope = { name: sl.scope?.name ?? '', version: sl.scope?.version ?? '', schemaUrl: sl.schemaUrl ?? '' };
      for (const lr of sl.logRecords ?? []) {
        if (lr.traceId || lr.spanId || lr.flags) throw new Error('unexpected trace context in a log record');
        out.push({
          resource,
          scope,
          timeUnixNano: lr.timeUnixNano ?? '0',
          observedTimeUnixNano: lr.observedTimeUnixNano ?? '0',
          severityNumber: lr.severityNumber ?? 0,
          severityText: lr.severityText ?? '',
          body: lr.body === undefined ? undefined : anyValue(lr.body),
          attributes: (lr.attributes ?? []).map(attributeEntry),
          droppedAttributesCount: lr.droppedAttributesCount ?? 0,
          ...(lr.eventName ? { eventName: lr.eventName } : {}),
        });
      }
    }
  }
  return out;
}

function attributeEntry(kv: DecodedKeyValue): [string, string | number] {
  const value = anyValue(kv.value ?? {});
  if (value === undefined) throw new Error(`attribute ${kv.key} has no value`);
  return [kv.key, value];
}

function anyValue(v: DecodedAnyValue): string | number | undefined {
  if (v.stringValue !== undefined) return v.stringValue;
  if (v.intValue !== undefined) return Number(v.intValue);
  if (v.doubleValue !== undefined) return v.doubleValue;
  return undefined;
}

/** What a record must look like after the round trip, with the given scope version and schema URL. */
export function expectedFlat(record: Record, scope: FlatLogRecord['scope']): FlatLogRecord {
  return {
    resource: Object.fromEntries(record.resource.attributes.map((a) => [a.key, a.value])),
    scope,
    timeUnixNano: (BigInt(record.timeUnixMicros) * 1000n).toString(),
    observedTimeUnixNano: (BigInt(record.observedUnixMicros) * 1000n).toString(),
    severityNumber: record.severityNumber,
    severityText: record.severityText,
    body: record.note,
    attributes: record.attributes.map((a) => [a.key, a.value]),
    droppedAttributesCount: record.droppedAttributesCount,
    ...(record.eventName !== undefined ? { eventName: record.eventName } : {}),
  };
}

/** The event.uid attribute of a flattened record: the identity tests count deliveries by. */
export function uidOf(record: FlatLogRecord): string {
  const entry = record.attributes.find(([key]) => key === 'event.uid');
  if (!entry) throw new Error('record without event.uid');
  return String(entry[1]);
}
