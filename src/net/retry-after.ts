/**
 * An HTTP Retry-After value in milliseconds: delay-seconds (`3`) or an HTTP-date. Undefined when
 * absent or malformed; a date in the past is 0. Shared by the Kubernetes API client (429, 5xx)
 * and the OTLP/HTTP exporter.
 */
export function parseRetryAfter(value: string | string[] | undefined, now: number = Date.now()): number | undefined {
  const text = (Array.isArray(value) ? value[0] : value)?.trim();
  if (!text) return undefined;
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
