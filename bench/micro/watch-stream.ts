/**
 * The bench's event data in wire form: synthetic events (the sandbox's realistic mix, about 900
 * bytes each) serialized exactly as the sandbox API serves them, as watch lines and as the byte
 * chunks a socket delivers.
 */
import { serializeEvent, watchLine } from '../../src/sandbox/event-json.ts';
import { generateEvents, type EventObject } from '../../src/sandbox/index.ts';

export interface WireEvents {
  readonly events: readonly EventObject[];
  /** One watch line per event (`{"type":"ADDED","object":{...}}\n`). */
  readonly lines: readonly string[];
  /** The same lines as one byte stream cut into chunks of `chunkBytes` (cuts fall anywhere). */
  readonly chunks: readonly Buffer[];
  /** Average bytes of one event object's JSON. */
  readonly averageEventBytes: number;
}

export function wireEvents(count: number, seed = 7, chunkBytes = 64 * 1024): WireEvents {
  const events = generateEvents(count, seed).map((e, i) => ({ ...e, metadata: { ...e.metadata, resourceVersion: String(2000 + i) } }));
  const json = events.map((e) => serializeEvent(e));
  const lines = json.map((j) => watchLine('ADDED', j));
  const stream = Buffer.from(lines.join(''), 'utf8');
  const chunks: Buffer[] = [];
  for (let at = 0; at < stream.length; at += chunkBytes) chunks.push(stream.subarray(at, Math.min(stream.length, at + chunkBytes)));
  const averageEventBytes = json.reduce((sum, j) => sum + Buffer.byteLength(j), 0) / json.length;
  return { events, lines, chunks, averageEventBytes };
}
