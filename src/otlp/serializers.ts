/**
 * The OTLP logs request as a batch serializer for the exporter helper (structurally: this module
 * imports nothing from the components that use it).
 */
import type { EventRecord } from '../model/record.ts';
import { encodeLogsRequestJson } from './encode-json.ts';
import { encodeLogsRequestProto } from './encode-proto.ts';
import { splitLogsRequestJson, splitLogsRequestProto } from './split-request.ts';

export const otlpProtoSerializer = {
  contentType: 'application/x-protobuf',
  serialize: (records: readonly EventRecord[]): Uint8Array => encodeLogsRequestProto(records),
  split: splitLogsRequestProto,
};

export const otlpJsonSerializer = {
  contentType: 'application/json',
  serialize: (records: readonly EventRecord[]): Uint8Array => Buffer.from(encodeLogsRequestJson(records), 'utf8'),
  split: splitLogsRequestJson,
};
