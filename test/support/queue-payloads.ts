/**
 * Records <-> queue payloads for the queue tests: the records' JSON as the body (uncompressed), so
 * a test can read back which records a batch holds.
 */
import type { Payload } from '../../src/exporters/exporterhelper/transport.ts';
import type { EventRecord } from '../../src/model/record.ts';

export function payloadOf(records: readonly EventRecord[]): Payload {
  return { body: Buffer.from(JSON.stringify(records), 'utf8'), count: records.length, contentType: 'application/json', contentEncoding: 'identity' };
}

export function recordsOf(entry: { readonly payload: Payload } | undefined): EventRecord[] {
  if (!entry) return [];
  return JSON.parse(Buffer.from(entry.payload.body).toString('utf8')) as EventRecord[];
}
