/**
 * Records -> the request body that waits in the queue and goes on the wire: the exporter's
 * serializer, then the helper's compression. And back to two halves after a 413.
 */
import type { EventRecord } from '../../model/record.ts';
import { compress, contentEncoding, decompress, type CompressionConfig } from './compression.ts';
import type { BatchSerializer, Payload } from './transport.ts';

/** A decompressed body larger than this is not split (it could not have been sent anyway). */
const MAX_SPLIT_BYTES = 256 * 1024 * 1024;

export class PayloadEncoder {
  private readonly serializer: BatchSerializer;
  private readonly compression: CompressionConfig;

  constructor(serializer: BatchSerializer, compression: CompressionConfig) {
    this.serializer = serializer;
    this.compression = compression;
  }

  async encode(records: readonly EventRecord[]): Promise<Payload> {
    const body = await compress(this.serializer.serialize(records), this.compression);
    return { body, count: records.length, contentType: this.serializer.contentType, contentEncoding: contentEncoding(this.compression.compression) };
  }

  /**
   * Two payloads with about half the records each, compressed as `payload` was; undefined when it
   * holds one record or was written by a serializer this exporter no longer uses.
   */
  async split(payload: Payload): Promise<[Payload, Payload] | undefined> {
    if (payload.count < 2 || payload.contentType !== this.serializer.contentType) return undefined;
    const halves = this.serializer.split(await decompress(payload.body, payload.contentEncoding, MAX_SPLIT_BYTES));
    if (!halves) return undefined;
    const sameAlgorithm = payload.contentEncoding === contentEncoding(this.compression.compression);
    const level = { compression: payload.contentEncoding === 'identity' ? 'none' : payload.contentEncoding, compression_level: sameAlgorithm ? this.compression.compression_level : undefined } as const;
    const again = (body: Uint8Array, count: number): Promise<Payload> => compress(body, level).then((b) => ({ ...payload, body: b, count }));
    return Promise.all([again(halves[0].body, halves[0].count), again(halves[1].body, halves[1].count)]);
  }
}
