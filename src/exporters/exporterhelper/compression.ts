/**
 * Request body compression done by the exporter helper: `gzip` (every OTLP endpoint accepts it),
 * `zstd` (Node 24's zlib; the Collector's OTLP/HTTP receiver accepts it) or `none`, with an
 * optional `compression_level`.
 */
import { promisify } from 'node:util';
import { constants, gunzip, gzip, zstdCompress, zstdDecompress } from 'node:zlib';
import { z } from 'zod';
import type { Payload } from './transport.ts';

export type Compression = 'gzip' | 'zstd' | 'none';

export interface CompressionConfig {
  readonly compression: Compression;
  readonly compression_level?: number;
}

/** Levels each algorithm takes, and the one used when none is configured. */
export const COMPRESSION_LEVELS = { gzip: { min: 1, max: 9, default: 6 }, zstd: { min: 1, max: 22, default: 1 } } as const;

export const compressionLevelSchema = z
  .number()
  .int()
  .min(1)
  .max(22)
  .optional()
  .describe('compression level: gzip 1..9 (default 6), zstd 1..22 (default 1: smaller than gzip 6 for a fraction of its CPU, see docs/performance.md)');

/** For a config's superRefine: the level fits the algorithm. */
export function compressionLevelProblem(config: CompressionConfig): string | undefined {
  const level = config.compression_level;
  if (level === undefined) return undefined;
  if (config.compression === 'none') return 'compression_level needs compression: gzip or zstd';
  const range = COMPRESSION_LEVELS[config.compression];
  if (level < range.min || level > range.max) return `${config.compression} levels are ${range.min}..${range.max}`;
  return undefined;
}

const gzipAsync = promisify(gzip);
const zstdAsync = promisify(zstdCompress);
const gunzipAsync = promisify(gunzip);
const unzstdAsync = promisify(zstdDecompress);

export function contentEncoding(compression: Compression): Payload['contentEncoding'] {
  return compression === 'none' ? 'identity' : compression;
}

export async function compress(body: Uint8Array, config: CompressionConfig): Promise<Uint8Array> {
  switch (config.compression) {
    case 'none':
      return body;
    case 'gzip':
      return gzipAsync(body, { level: config.compression_level ?? COMPRESSION_LEVELS.gzip.default });
    case 'zstd':
      return zstdAsync(body, { params: { [constants.ZSTD_c_compressionLevel]: config.compression_level ?? COMPRESSION_LEVELS.zstd.default } });
  }
}

/** Undoes `compress` (to split a queued batch), refusing output past `maxBytes`. */
export async function decompress(body: Uint8Array, encoding: Payload['contentEncoding'], maxBytes: number): Promise<Uint8Array> {
  switch (encoding) {
    case 'identity':
      return body;
    case 'gzip':
      return gunzipAsync(body, { maxOutputLength: maxBytes });
    case 'zstd':
      return unzstdAsync(body, { maxOutputLength: maxBytes });
  }
}
