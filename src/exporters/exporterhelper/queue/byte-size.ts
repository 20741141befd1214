/**
 * A size in bytes for config files: an integer, or a number with a unit (`512KiB`, `256MiB`,
 * `1GiB`, `100MB`). Parsed to a number of bytes within [min, max].
 */
import { z } from 'zod';

const UNITS: { [unit: string]: number } = { B: 1, KB: 1e3, MB: 1e6, GB: 1e9, KiB: 1024, MiB: 1024 ** 2, GiB: 1024 ** 3 };
const SIZE = /^(\d+(?:\.\d+)?)\s*(B|KB|MB|GB|KiB|MiB|GiB)$/;

export function parseByteSize(text: string): number | undefined {
  const m = SIZE.exec(text.trim());
  if (!m) return undefined;
  return Math.floor(Number(m[1]) * UNITS[m[2]]);
}

export function formatByteSize(bytes: number): string {
  for (const unit of ['GiB', 'MiB', 'KiB'] as const) {
    if (bytes >= UNITS[unit] && bytes % UNITS[unit] === 0) return `${bytes / UNITS[unit]}${unit}`;
  }
  return `${bytes}B`;
}

const SIZE_INPUT_ERROR = 'must be a size such as 256MiB, 1GiB or a number of bytes';

export function byteSize(options: { default: string; min: number; max: number }) {
  return z.union([z.number().int().nonnegative(), z.string()], { error: SIZE_INPUT_ERROR }).default(options.default).transform(parser(options));
}

/** A size without a default: undefined when absent (the caller picks one that depends on other keys). */
export function optionalByteSize(options: { min: number; max: number }) {
  const parse = parser(options);
  return z
    .union([z.number().int().nonnegative(), z.string()], { error: SIZE_INPUT_ERROR })
    .optional()
    .transform((value, ctx) => (value === undefined ? undefined : parse(value, ctx)));
}

function parser(options: { min: number; max: number }) {
  const range = `between ${formatByteSize(options.min)} and ${formatByteSize(options.max)}`;
  return (value: number | string, ctx: z.RefinementCtx): number => {
    const bytes = typeof value === 'number' ? value : parseByteSize(value);
    if (bytes === undefined) {
      ctx.addIssue({ code: 'custom', message: `"${String(value)}" is not a size; write it like 512MiB, 1GiB or 100MB` });
      return z.NEVER;
    }
    if (bytes < options.min || bytes > options.max) {
      ctx.addIssue({ code: 'custom', message: `${String(value)} is out of range: must be ${range}` });
      return z.NEVER;
    }
    return bytes;
  };
}
