/**
 * Records -> the request body that waits in the queue and goes on the wire: the exporter's
 * serializer, then the helper's compression.
 */
import type { EventRecord } from '../../model/record.ts';
import { compress, contentEncoding, type CompressionConfig } from './compression.ts';
import type { BatchSerializer, Payload } from './transport.ts';

export class PayloadEncoder {
  private readonly serializer: BatchSerializer;
  private readonly compression: CompressionConfig;

  constructor(serializer: BatchSerializer, compression: CompressionConfig) {
    this.serializer = serializer;
    this.compression = compression;
  }

  async encode(records: readonly EventRecord[]): Promise<Payload> {
    const body = await compress(this.serializer.serialize(records), this.compression);
    return { body, contentType: this.serializer.contentType, contentEncoding: contentEncoding(this.compression.compression) };
  }
}
