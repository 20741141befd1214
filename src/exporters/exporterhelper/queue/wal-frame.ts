/**
 * The frame of one batch in a write-ahead-log segment (little-endian):
 *
 *   0      4        8        12       16
 *   +------+--------+--------+--------+------------------+
 *   | TCQ1 | length | count  | crc32  | payload (length) |
 *   +------+--------+--------+--------+------------------+
 *
 * `crc32` covers bytes 4..11 and the payload, so a torn or bit-flipped frame is never taken for a
 * good one. The magic lets a scan find the next good frame after a corrupt one.
 */
import { crc32 } from 'node:zlib';

export const FRAME_HEADER_BYTES = 16;
const MAGIC = 0x3151_4354; // "TCQ1" read as a little-endian u32

export function encodeFrame(payload: Uint8Array, count: number): Buffer {
  const frame = Buffer.allocUnsafe(FRAME_HEADER_BYTES + payload.length);
  frame.writeUInt32LE(MAGIC, 0);
  frame.writeUInt32LE(payload.length, 4);
  frame.writeUInt32LE(count, 8);
  frame.set(payload, FRAME_HEADER_BYTES);
  frame.writeUInt32LE(frameCrc(frame, 0, payload.length), 12);
  return frame;
}

function frameCrc(data: Uint8Array, at: number, length: number): number {
  const head = crc32(data.subarray(at + 4, at + 12));
  return crc32(data.subarray(at + FRAME_HEADER_BYTES, at + FRAME_HEADER_BYTES + length), head);
}

export interface ScannedFrame {
  /** Offset of the frame in the segment. */
  readonly offset: number;
  /** Whole frame, header included. */
  readonly bytes: number;
  readonly count: number;
}

export interface CorruptRegion {
  readonly offset: number;
  readonly bytes: number;
  /** 'torn': the segment ends inside a frame (a write cut short); 'corrupt': bad magic or checksum. */
  readonly kind: 'torn' | 'corrupt';
}

export interface SegmentScan {
  readonly frames: ScannedFrame[];
  readonly corrupt: CorruptRegion[];
}

/** Reads every good frame of a segment from `from` on, skipping (and reporting) bad regions. */
export function scanSegment(data: Uint8Array, from = 0): SegmentScan {
  const frames: ScannedFrame[] = [];
  const corrupt: CorruptRegion[] = [];
  let at = from;
  while (at < data.length) {
    const frame = readFrameAt(data, at);
    if (frame !== 'corrupt' && frame !== 'torn') {
      frames.push(frame);
      at += frame.bytes;
      continue;
    }
    const next = frame === 'torn' ? -1 : findNextFrame(data, at + 1);
    const end = next < 0 ? data.length : next;
    corrupt.push({ offset: at, bytes: end - at, kind: frame });
    at = end;
  }
  return { frames, corrupt };
}

/** The frame at `at`, 'torn' if the data ends inside it, 'corrupt' if it is not a valid frame. */
export function readFrameAt(data: Uint8Array, at: number): ScannedFrame | 'torn' | 'corrupt' {
  const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
  if (data.length - at < FRAME_HEADER_BYTES) return view.byteLength - at >= 4 && view.getUint32(at, true) !== MAGIC ? 'corrupt' : 'torn';
  if (view.getUint32(at, true) !== MAGIC) return 'corrupt';
  const length = view.getUint32(at + 4, true);
  if (at + FRAME_HEADER_BYTES + length > data.length) {
    // Either a torn tail or a corrupt length: a good frame further on tells them apart.
    return findNextFrame(data, at + 1) >= 0 ? 'corrupt' : 'torn';
  }
  if (view.getUint32(at + 12, true) !== frameCrc(data, at, length)) return 'corrupt';
  return { offset: at, bytes: FRAME_HEADER_BYTES + length, count: view.getUint32(at + 8, true) };
}

/** Offset of the next valid frame at or after `from`, or -1. */
function findNextFrame(data: Uint8Array, from: number): number {
  const magic = [0x54, 0x43, 0x51, 0x31]; // "TCQ1"
  for (let at = data.indexOf(magic[0], from); at >= 0 && at + FRAME_HEADER_BYTES <= data.length; at = data.indexOf(magic[0], at + 1)) {
    if (data[at + 1] !== magic[1] || data[at + 2] !== magic[2] || data[at + 3] !== magic[3]) continue;
    const view = new DataView(data.buffer, data.byteOffset, data.byteLength);
    const length = view.getUint32(at + 4, true);
    if (at + FRAME_HEADER_BYTES + length > data.length) continue;
    if (view.getUint32(at + 12, true) === frameCrc(data, at, length)) return at;
  }
  return -1;
}

/** Checks a frame read back from disk and returns its payload; undefined if it does not verify. */
export function framePayload(frame: Uint8Array): Uint8Array | undefined {
  const result = readFrameAt(frame, 0);
  if (result === 'corrupt' || result === 'torn' || result.bytes !== frame.length) return undefined;
  return frame.subarray(FRAME_HEADER_BYTES);
}
