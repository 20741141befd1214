/**
 * Zod building blocks shared by every component's config schema, so durations, sizes and
 * bounds read and fail the same way everywhere.
 */
import { z } from 'zod';

const DURATION_UNITS: { [unit: string]: number } = { ns: 1e-6, us: 1e-3, 'µs': 1e-3, ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION_PART = /(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/y;

/** Parses a Go-style duration (`200ms`, `1m30s`, `0s`) to milliseconds; undefined if malformed. */
export function parseDuration(text: string): number | undefined {
  if (text === '0') return 0;
  let total = 0;
  let at = 0;
  DURATION_PART.lastIndex = 0;
  while (at < text.length) {
    DURATION_PART.lastIndex = at;
    const m = DURATION_PART.exec(text);
    if (!m) return undefined;
    total += Number(m[1]) * DURATION_UNITS[m[2]];
    at = DURATION_PART.lastIndex;
  }
  return at === 0 ? undefined : total;
}

/** Formats milliseconds as a Go-style duration, for docs and messages. */
export function formatDuration(ms: number): string {
  if (ms % 3_600_000 === 0 && ms > 0) return `${ms / 3_600_000}h`;
  if (ms % 60_000 === 0 && ms > 0) return `${ms / 60_000}m`;
  if (ms % 1000 === 0 && ms > 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * A Go-style duration string, parsed to milliseconds, within [minMs, maxMs].
 * The default is given as a string so docs show what users write.
 */
export function duration(options: { default: string; minMs?: number; maxMs?: number }) {
  const { minMs = 0, maxMs = Number.MAX_SAFE_INTEGER } = options;
  return z
    .string({ error: (issue) => (typeof issue.input === 'number' ? `write a duration with its unit, such as ${issue.input}ms or ${issue.input}s (a bare number has none)` : 'must be a duration such as 200ms, 5s or 10m') })
    .meta({ format: 'duration' })
    .default(options.default)
    .transform((text, ctx) => {
      const ms = parseDuration(text);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not a duration; write it like 200ms, 5s or 10m` });
        return z.NEVER;
      }
      if (ms < minMs || ms > maxMs) {
        const range = maxMs === Number.MAX_SAFE_INTEGER ? `at least ${formatDuration(minMs)}` : `between ${formatDuration(minMs)} and ${formatDuration(maxMs)}`;
        ctx.addIssue({ code: 'custom', message: `${text} is out of range: must be ${range}` });
        return z.NEVER;
      }
      return ms;
    });
}

/** An integer within [min, max] with a default. */
export function boundedInt(options: { default: number; min: number; max: number }) {
  return z.number().int().min(options.min).max(options.max).default(options.default);
}

const HOST_PORT = /^(\[[0-9A-Fa-f:.]+\]|[^:\s[\]]*):(\d+)$/;

/**
 * A listen or dial address `host:port` (`[::1]:8888` for IPv6), with the port in range, checked
 * here so `validate` refuses what the listener or the dialer would refuse at start.
 */
export function hostPort(options: { example: string; allowPortZero?: boolean }) {
  const lowest = options.allowPortZero === true ? 0 : 1;
  return z.string().superRefine((text, ctx) => {
    const problem = hostPortProblem(text, lowest, options.example);
    if (problem !== undefined) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** Why `text` is not host:port with a port in [lowest, 65535]; undefined when it is. */
export function hostPortProblem(text: string, lowest: number, example: string): string | undefined {
  const m = HOST_PORT.exec(text);
  if (!m) return `"${text}" is not host:port; write it like ${example}${/^\d+$/.test(text) ? ` (for a port alone: 0.0.0.0:${text})` : ''}`;
  const port = Number(m[2]);
  if (port < lowest || port > 65535) return `port ${m[2]} is out of range: ${lowest}-65535`;
  return undefined;
}
