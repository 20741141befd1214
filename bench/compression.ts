/**
 * `node --expose-gc bench/compression.ts`: what a batch costs to compress and to keep waiting in
 * the exporter queue. For 1000-record batches of realistic k8s_events records (the OTLP tests'
 * records: varied notes, attributes, two resources): CPU per record and wire bytes per record for
 * gzip and zstd at a few levels, and heap bytes per record held as record objects vs as the
 * encoded, compressed batch the queue now holds. Medians of several runs.
 */
import { constants, gzipSync, zstdCompressSync } from 'node:zlib';
import { makeRecords, OTHER_RESOURCE } from '../test/fixtures/otlp/records.ts';
import { encodeLogsRequestProto } from '../src/otlp/encode-proto.ts';

const BATCH = 1000;
const RUNS = 15;
const batches = Array.from({ length: 20 }, (_, b) => [...makeRecords(BATCH / 2, { prefix: `a${b}` }), ...makeRecords(BATCH / 2, { prefix: `b${b}`, resource: OTHER_RESOURCE })]);

function median(xs: number[]): number {
  const s = xs.slice().sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

const proto = batches.map((b) => encodeLogsRequestProto(b));
const encodeTimes: number[] = [];
for (let r = 0; r < RUNS; r++) {
  const t = process.hrtime.bigint();
  for (const b of batches) encodeLogsRequestProto(b);
  encodeTimes.push(Number(process.hrtime.bigint() - t) / (batches.length * BATCH));
}
const rows: Array<{ compression: string; cpu_us_per_record: number; bytes_per_record: number }> = [];
rows.push({ compression: 'none (protobuf)', cpu_us_per_record: 0, bytes_per_record: proto.reduce((n, p) => n + p.length, 0) / (batches.length * BATCH) });
const codecs: Array<[string, (body: Uint8Array) => Uint8Array]> = [
  ['gzip 1', (b) => gzipSync(b, { level: 1 })],
  ['gzip 6 (default)', (b) => gzipSync(b, { level: 6 })],
  ['zstd 1 (default)', (b) => zstdCompressSync(b, { params: { [constants.ZSTD_c_compressionLevel]: 1 } })],
  ['zstd 3', (b) => zstdCompressSync(b, { params: { [constants.ZSTD_c_compressionLevel]: 3 } })],
];
for (const [name, codec] of codecs) {
  const times: number[] = [];
  let bytes = 0;
  for (let r = 0; r < RUNS; r++) {
    bytes = 0;
    const t = process.hrtime.bigint();
    for (const p of proto) bytes += codec(p).length;
    times.push(Number(process.hrtime.bigint() - t) / 1000 / (batches.length * BATCH));
  }
  rows.push({ compression: name, cpu_us_per_record: Number(median(times).toFixed(2)), bytes_per_record: Number((bytes / (batches.length * BATCH)).toFixed(1)) });
}

const gc = (globalThis as { gc?: () => void }).gc;
function heapPerRecord(make: () => unknown[]): number {
  if (!gc) return NaN;
  gc();
  const before = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  const kept = make();
  gc();
  const after = process.memoryUsage().heapUsed + process.memoryUsage().arrayBuffers;
  if (kept.length === 0) return NaN;
  return (after - before) / (kept.length * BATCH);
}
const heldRecords = heapPerRecord(() => Array.from({ length: 20 }, (_, b) => [...makeRecords(BATCH / 2, { prefix: `h${b}` }), ...makeRecords(BATCH / 2, { prefix: `i${b}`, resource: OTHER_RESOURCE })]));
const heldEncoded = heapPerRecord(() => Array.from({ length: 20 }, (_, b) => gzipSync(encodeLogsRequestProto([...makeRecords(BATCH / 2, { prefix: `j${b}` }), ...makeRecords(BATCH / 2, { prefix: `k${b}`, resource: OTHER_RESOURCE })]))));

process.stdout.write(`${JSON.stringify({ encode_proto_ns_per_record: Math.round(median(encodeTimes)), compression: rows, heap_bytes_per_record_held: { records: Math.round(heldRecords), encoded_gzip_batch: Math.round(heldEncoded) } }, null, 2)}\n`);
