/**
 * Splits an encoded ExportLogsServiceRequest in two, each with about half of its LogRecords, for an
 * endpoint that answered 413 (too large). Works on the wire bytes (protobuf or OTLP/JSON), so a
 * batch can wait in a queue encoded and still be split; every field other than the LogRecords
 * (resource, scope, schema URLs) is kept as it was in both halves.
 *
 *   ExportLogsServiceRequest { repeated ResourceLogs resource_logs = 1; }
 *   ResourceLogs { Resource resource = 1; repeated ScopeLogs scope_logs = 2; string schema_url = 3; }
 *   ScopeLogs    { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; string schema_url = 3; }
 */
import { readFields, type ProtoField } from './proto-reader.ts';
import { ProtoWriter } from './proto-writer.ts';

export interface EncodedHalf {
  readonly body: Uint8Array;
  /** LogRecords in it. */
  readonly count: number;
}

/** Two halves, or undefined when the request holds fewer than two LogRecords. */
export function splitLogsRequestProto(body: Uint8Array): [EncodedHalf, EncodedHalf] | undefined {
  // ResourceLogs -> their fields, each ScopeLogs field with its own fields read too.
  const resources = readFields(body)
    .filter((f) => f.number === 1)
    .map((rl) => readFields(raw(rl)).map((f) => ({ field: f, scope: f.number === 2 ? readFields(raw(f)) : undefined })));
  let total = 0;
  for (const rl of resources) for (const part of rl) total += part.scope?.filter(isRecord).length ?? 0;
  if (total < 2) return undefined;
  const half = Math.ceil(total / 2);
  const write = (from: number, to: number): EncodedHalf => {
    const request = new ProtoWriter(body.length);
    let index = 0;
    for (const rl of resources) {
      const resourceLogs = new ProtoWriter(256);
      let keptScopes = 0;
      for (const { field, scope } of rl) {
        if (!scope) {
          writeBytesField(resourceLogs, field.number, raw(field));
          continue;
        }
        const scopeLogs = new ProtoWriter(field.value + 16);
        let keptRecords = 0;
        for (const f of scope) {
          if (!isRecord(f)) writeBytesField(scopeLogs, f.number, raw(f));
          else {
            const i = index++;
            if (i < from || i >= to) continue;
            writeBytesField(scopeLogs, f.number, raw(f));
            keptRecords++;
          }
        }
        if (keptRecords === 0) continue;
        writeBytesField(resourceLogs, field.number, scopeLogs.finish());
        keptScopes++;
      }
      if (keptScopes > 0) writeBytesField(request, 1, resourceLogs.finish());
    }
    return { body: request.finish(), count: to - from };
  };
  return [write(0, half), write(half, total)];
}

/** OTLP/JSON: the same split on the parsed request. */
export function splitLogsRequestJson(body: Uint8Array): [EncodedHalf, EncodedHalf] | undefined {
  const request = JSON.parse(Buffer.from(body.buffer, body.byteOffset, body.byteLength).toString('utf8')) as JsonRequest;
  const total = (request.resourceLogs ?? []).reduce((n, rl) => n + (rl.scopeLogs ?? []).reduce((m, sl) => m + (sl.logRecords ?? []).length, 0), 0);
  if (total < 2) return undefined;
  const half = Math.ceil(total / 2);
  const write = (from: number, to: number): EncodedHalf => {
    let index = 0;
    const resourceLogs: JsonResourceLogs[] = [];
    for (const rl of request.resourceLogs ?? []) {
      const scopeLogs: JsonScopeLogs[] = [];
      for (const sl of rl.scopeLogs ?? []) {
        const records = (sl.logRecords ?? []).filter(() => {
          const keep = index >= from && index < to;
          index++;
          return keep;
        });
        if (records.length > 0) scopeLogs.push({ ...sl, logRecords: records });
      }
      if (scopeLogs.length > 0) resourceLogs.push({ ...rl, scopeLogs });
    }
    return { body: Buffer.from(JSON.stringify({ ...request, resourceLogs }), 'utf8'), count: to - from };
  };
  return [write(0, half), write(half, total)];
}

interface JsonScopeLogs {
  readonly logRecords?: unknown[];
  readonly [key: string]: unknown;
}
interface JsonResourceLogs {
  readonly scopeLogs?: JsonScopeLogs[];
  readonly [key: string]: unknown;
}
interface JsonRequest {
  readonly resourceLogs?: JsonResourceLogs[];
  readonly [key: string]: unknown;
}

function isRecord(f: ProtoField): boolean {
  return f.number === 2 && f.wireType === 2;
}

/** A field's payload as read (length-delimited fields only carry bytes). */
function raw(f: ProtoField): Uint8Array {
  return f.bytes ?? new Uint8Array(0);
}

/** Every field of these three messages is length-delimited (wire type 2). */
function writeBytesField(w: ProtoWriter, number: number, bytes: Uint8Array): void {
  w.varint(number * 8 + 2);
  w.varint(bytes.length);
  w.bytes(bytes);
}
