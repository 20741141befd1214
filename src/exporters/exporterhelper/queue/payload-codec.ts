/**
 * An encoded batch <-> the payload of a write-ahead-log frame (format 2):
 *
 *   u8 2 | u8 n | content type (n bytes, ASCII) | u8 m | content encoding (m bytes) | body
 *
 * The body is what goes on the wire, so a recovered batch is sent as it was written, with the
 * headers it was written with, even if the exporter's encoding or compression changed since.
 * Format 1 (JSON of the records, written before batches were queued encoded) starts with `{` and
 * is read back as records, to be encoded again (see wal-store.ts).
 */
import type { Payload } from '../transport.ts';

const FORMAT = 2;
const ENCODINGS = new Set<string>(['gzip', 'zstd', 'identity']);

export function encodePayload(payload: Payload): Buffer {
  const type = Buffer.from(payload.contentType, 'latin1');
  const encoding = Buffer.from(payload.contentEncoding, 'latin1');
  const head = Buffer.allocUnsafe(3 + type.length + encoding.length);
  head[0] = FORMAT;
  head[1] = type.length;
  type.copy(head, 2);
  head[2 + type.length] = encoding.length;
  encoding.copy(head, 3 + type.length);
  return Buffer.concat([head, payload.body]);
}

/** True for a frame written in format 1 (the records as JSON). */
export function isRecordsFormat(data: Uint8Array): boolean {
  return data[0] === 0x7b; // '{'
}

export function decodePayload(data: Uint8Array, count: number): Payload {
  if (data[0] !== FORMAT || data.length < 3) throw new Error(`unknown batch format ${data[0]}`);
  const typeEnd = 2 + data[1];
  const encodingEnd = typeEnd + 1 + data[typeEnd];
  if (encodingEnd > data.length) throw new Error('truncated batch header');
  const contentType = Buffer.from(data.subarray(2, typeEnd)).toString('latin1');
  const contentEncoding = Buffer.from(data.subarray(typeEnd + 1, encodingEnd)).toString('latin1');
  if (!ENCODINGS.has(contentEncoding)) throw new Error(`unknown content encoding ${contentEncoding}`);
  // A view: the frame it lies in is read for this one batch, only its few header bytes are extra.
  return { body: data.subarray(encodingEnd), count, contentType, contentEncoding: contentEncoding as Payload['contentEncoding'] };
}
