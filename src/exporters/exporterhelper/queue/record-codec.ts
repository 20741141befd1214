/**
 * Records <-> bytes for the persistent queue: JSON of the records with each Resource written
 * once per batch (records refer to it by index). Decoded Resources are interned by content, so
 * batches read back share Resource objects the way the receiver's records do (the encoders group
 * by Resource identity).
 */
import type { EventRecord, Resource } from '../../../model/record.ts';

const FORMAT_VERSION = 1;

interface StoredBatch {
  readonly v: number;
  readonly resources: Resource[];
  readonly records: Array<Omit<EventRecord, 'resource'> & { resource: number }>;
}

export function encodeRecords(records: readonly EventRecord[]): Buffer {
  const resources: Resource[] = [];
  const index = new Map<Resource, number>();
  const stored = new Array<object>(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    let r = index.get(record.resource);
    if (r === undefined) {
      r = resources.length;
      resources.push(record.resource);
      index.set(record.resource, r);
    }
    stored[i] = { ...record, resource: r };
  }
  return Buffer.from(JSON.stringify({ v: FORMAT_VERSION, records: stored, resources }), 'utf8');
}

const interned = new Map<string, Resource>();
const MAX_INTERNED = 64;

export function decodeRecords(payload: Uint8Array): EventRecord[] {
  const batch = JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8')) as StoredBatch;
  if (batch.v !== FORMAT_VERSION || !Array.isArray(batch.records) || !Array.isArray(batch.resources)) throw new Error(`unknown batch format ${String(batch.v)}`);
  const resources = batch.resources.map(intern);
  const records = batch.records as unknown as Array<{ resource: number | Resource }>;
  for (const record of records) {
    const resource = resources[record.resource as number];
    if (resource === undefined) throw new Error('record refers to a missing resource');
    record.resource = resource;
  }
  return records as unknown as EventRecord[];
}

function intern(resource: Resource): Resource {
  const key = JSON.stringify(resource);
  const known = interned.get(key);
  if (known) return known;
  if (interned.size >= MAX_INTERNED) interned.clear();
  interned.set(key, resource);
  return resource;
}
