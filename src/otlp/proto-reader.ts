/**
 * A minimal protobuf reader for the few small messages tracecore receives: export responses
 * (partial success) and google.rpc.Status with RetryInfo. Unknown fields are skipped; malformed
 * input throws a ProtoDecodeError (callers treat the response as carrying no detail).
 */
export class ProtoDecodeError extends Error {
  override readonly name = 'ProtoDecodeError';
}

export interface ProtoField {
  readonly number: number;
  readonly wireType: number;
  /** Varint and fixed values (as numbers: exact up to 2^53, enough for counts and seconds). */
  readonly value: number;
  /** Length-delimited payload. */
  readonly bytes: Uint8Array | undefined;
}

/** The fields of one message, in wire order. */
export function readFields(data: Uint8Array): ProtoField[] {
  const fields: ProtoField[] = [];
  let pos = 0;
  const varint = (): number => {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 10; i++) {
      if (pos >= data.length) throw new ProtoDecodeError('truncated varint');
      const b = data[pos++];
      result += (b & 0x7f) * scale;
      if (b < 0x80) return result;
      scale *= 128;
    }
    throw new ProtoDecodeError('varint longer than 10 bytes');
  };
  while (pos < data.length) {
    const tag = varint();
    const number = Math.floor(tag / 8);
    const wireType = tag & 7;
    if (number === 0) throw new ProtoDecodeError('field number 0');
    switch (wireType) {
      case 0:
        fields.push({ number, wireType, value: varint(), bytes: undefined });
        break;
      case 1: {
        if (pos + 8 > data.length) throw new ProtoDecodeError('truncated fixed64');
        const view = new DataView(data.buffer, data.byteOffset + pos, 8);
        fields.push({ number, wireType, value: view.getUint32(0, true) + view.getUint32(4, true) * 0x1_0000_0000, bytes: undefined });
        pos += 8;
        break;
      }
      case 2: {
        const len = varint();
        if (pos + len > data.length) throw new ProtoDecodeError('truncated length-delimited field');
        fields.push({ number, wireType, value: len, bytes: data.subarray(pos, pos + len) });
        pos += len;
        break;
      }
      case 5: {
        if (pos + 4 > data.length) throw new ProtoDecodeError('truncated fixed32');
        fields.push({ number, wireType, value: new DataView(data.buffer, data.byteOffset + pos, 4).getUint32(0, true), bytes: undefined });
        pos += 4;
        break;
      }
      default:
        throw new ProtoDecodeError(`unsupported wire type ${wireType}`);
    }
  }
  return fields;
}

const utf8 = new TextDecoder('utf-8', { fatal: false });

export function fieldString(field: ProtoField): string {
  return field.bytes ? utf8.decode(field.bytes) : '';
}

/** A varint field read as int64: values of 2^63 and more are negative in two's complement. */
export function fieldInt64(field: ProtoField): number {
  return field.value >= 2 ** 63 ? field.value - 2 ** 64 : field.value;
}
