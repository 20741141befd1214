/**
 * A protobuf writer over one growable buffer, for the encoders' hot path.
 *
 * Nested messages are written in one pass: `beginMessage(reserve)` leaves `reserve` bytes for the
 * length varint and `endMessage` writes it; when the length needs more or fewer bytes than were
 * reserved, the message body is moved once (rare when the reserve fits the usual size).
 *
 * Each message gets a fresh buffer sized from an estimate, so the result is handed out without a
 * copy; a short estimate costs one doubling.
 *
 * 64-bit timestamps are built from microseconds with exact integer arithmetic in two 32-bit
 * halves: `micros * 1000` exceeds 2^53 for any date after 1970-04-15, so a double would round it.
 */
const TWO_32 = 0x1_0000_0000;

export class ProtoWriter {
  buf: Buffer;
  pos = 0;

  constructor(initialBytes = 1024) {
    this.buf = Buffer.allocUnsafeSlow(initialBytes);
  }

  /** Starts a new message in a fresh buffer of `bytes` (the caller's estimate; it grows if short). */
  reset(bytes: number): void {
    this.buf = Buffer.allocUnsafeSlow(bytes);
    this.pos = 0;
  }

  /** Makes room for `n` more bytes. */
  ensure(n: number): void {
    const need = this.pos + n;
    if (need <= this.buf.length) return;
    let size = this.buf.length * 2;
    while (size < need) size *= 2;
    const next = Buffer.allocUnsafe(size);
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  /** What was written, owned by the caller (a view: the writer moves on to a fresh buffer at reset). */
  finish(): Uint8Array {
    return this.buf.subarray(0, this.pos);
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  bytes(chunk: Uint8Array): void {
    const n = chunk.length;
    this.ensure(n);
    if (n > 32) {
      this.buf.set(chunk, this.pos);
      this.pos += n;
      return;
    }
    // Short constant chunks (attribute keys): a loop beats the native call's overhead.
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = chunk[i];
    this.pos = pos;
  }

  /** An unsigned varint of a non-negative integer up to 2^53. */
  varint(value: number): void {
    this.ensure(10);
    const buf = this.buf;
    let pos = this.pos;
    let v = value;
    if (v < 0x8000_0000) {
      while (v > 0x7f) {
        buf[pos++] = (v & 0x7f) | 0x80;
        v >>>= 7;
      }
    } else {
      while (v > 0x7f) {
        buf[pos++] = (v % 128) | 0x80;
        v = Math.floor(v / 128);
      }
    }
    buf[pos++] = v;
    this.pos = pos;
  }

  /** An int64 varint: negative values take ten bytes (two's complement), as protobuf requires. */
  int64(value: number): void {
    if (value >= 0) {
      this.varint(value);
      return;
    }
    this.ensure(10);
    let v = BigInt.asUintN(64, BigInt(value));
    while (v > 0x7fn) {
      this.buf[this.pos++] = Number(v & 0x7fn) | 0x80;
      v >>= 7n;
    }
    this.buf[this.pos++] = Number(v);
  }

  /** A fixed64 holding `micros * 1000` (nanoseconds), exact for any micros up to 2^53. */
  fixed64NanosFromMicros(micros: number): void {
    this.ensure(8);
    const m = micros > 0 ? Math.trunc(micros) : 0;
    const microsHigh = Math.floor(m / TWO_32);
    const lowTimes1000 = (m - microsHigh * TWO_32) * 1000; // < 2^42: exact
    const carry = Math.floor(lowTimes1000 / TWO_32);
    const low = lowTimes1000 - carry * TWO_32;
    const high = (microsHigh * 1000 + carry) % TWO_32;
    const buf = this.buf;
    const pos = this.pos;
    buf[pos] = low;
    buf[pos + 1] = low >>> 8;
    buf[pos + 2] = low >>> 16;
    buf[pos + 3] = low >>> 24;
    buf[pos + 4] = high;
    buf[pos + 5] = high >>> 8;
    buf[pos + 6] = high >>> 16;
    buf[pos + 7] = high >>> 24;
    this.pos = pos + 8;
  }

  double(value: number): void {
    this.ensure(8);
    this.buf.writeDoubleLE(value, this.pos);
    this.pos += 8;
  }

  /** A length-delimited UTF-8 string (without its tag). */
  string(value: string): void {
    const len = value.length;
    if (len < 43) {
      // At most 3 UTF-8 bytes per UTF-16 unit: 42 units fit a one-byte length.
      this.ensure(1 + len * 3);
      const n = this.utf8At(value, this.pos + 1);
      this.buf[this.pos] = n;
      this.pos += 1 + n;
      return;
    }
    const n = Buffer.byteLength(value, 'utf8');
    this.varint(n);
    this.ensure(n);
    this.buf.write(value, this.pos);
    this.pos += n;
  }

  /**
   * Writes `value` as UTF-8 at `at` (room for 3 bytes per unit must be ensured) and returns the
   * bytes written. Short ASCII is copied in JS, cheaper than a native call below ~16 characters.
   */
  utf8At(value: string, at: number): number {
    const len = value.length;
    if (len < 16) {
      const buf = this.buf;
      let i = 0;
      for (; i < len; i++) {
        const c = value.charCodeAt(i);
        if (c >= 0x80) break;
        buf[at + i] = c;
      }
      if (i === len) return len;
    }
    return this.buf.write(value, at);
  }

  /** Starts a nested message: reserves `reserve` bytes for its length; pass the result to endMessage. */
  beginMessage(reserve: number): number {
    this.ensure(reserve);
    this.pos += reserve;
    return this.pos;
  }

  endMessage(start: number, reserve: number): void {
    const len = this.pos - start;
    const need = varintSize(len);
    if (need !== reserve) {
      const shift = need - reserve;
      this.ensure(shift > 0 ? shift : 0);
      this.buf.copyWithin(start + shift, start, this.pos);
      this.pos += shift;
    }
    let at = start - reserve;
    let v = len;
    while (v > 0x7f) {
      this.buf[at++] = (v & 0x7f) | 0x80;
      v >>>= 7;
    }
    this.buf[at] = v;
  }
}

export function varintSize(value: number): number {
  if (value < 0x80) return 1;
  if (value < 0x4000) return 2;
  if (value < 0x20_0000) return 3;
  if (value < 0x1000_0000) return 4;
  return 5;
}

/** Encodes one length-delimited field (tag + length + bytes) once, for constant parts of a message. */
export function encodeStringField(fieldNumber: number, value: string): Buffer {
  const w = new ProtoWriter(16 + value.length * 3);
  w.varint((fieldNumber << 3) | 2);
  w.string(value);
  return Buffer.from(w.finish());
}
