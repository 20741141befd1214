/**
 * A copy of a string that shares no memory with the string it was cut from.
 *
 * V8 represents `s.slice(a, b)` (13 characters or more) as a view into `s`, which keeps the whole
 * of `s` alive as long as the slice lives: a 1 KiB note cut from a 1 MiB one and kept in a queue
 * holds the 1 MiB. Whatever tracecore cuts from a larger string and keeps goes through here. The
 * copy keeps every UTF-16 code unit (lone surrogates too) and stays one byte per character when
 * the text is Latin-1.
 */
const SLICE_MIN_LENGTH = 13;
const NOT_LATIN1 = /[\u0100-\uffff]/;

export function detachedCopy(s: string): string {
  if (s.length < SLICE_MIN_LENGTH) return s; // V8 copies short slices already
  const encoding = NOT_LATIN1.test(s) ? 'utf16le' : 'latin1';
  return Buffer.from(s, encoding).toString(encoding);
}

/** The first `maxChars` characters of `s`, copied (see detachedCopy), with `suffix` when cut. */
export function cutCopy(s: string, maxChars: number, suffix = ''): string {
  return s.length <= maxChars ? s : `${detachedCopy(s.slice(0, maxChars))}${suffix}`;
}
