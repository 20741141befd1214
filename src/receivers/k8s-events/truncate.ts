import { detachedCopy } from '../../model/detached-string.ts';

/**
 * Cuts a string to at most `maxBytes` bytes of UTF-8 without splitting a character: never half a
 * multi-byte sequence, never half a surrogate pair. Byte lengths are counted from UTF-16 code
 * units, so no Buffer is allocated: a code unit below U+0080 is 1 byte, below U+0800 2 bytes, a
 * surrogate pair 4 bytes, anything else 3 bytes (a lone surrogate too: UTF-8 encoders write it as
 * U+FFFD, 3 bytes).
 *
 * A cut note is a copy (detachedCopy), never a view that keeps the whole note alive.
 */
export function truncateUtf8(s: string, maxBytes: number): string {
  // Every code unit is at most 3 bytes (a pair is 2 units for 4 bytes): nothing to cut.
  if (s.length * 3 <= maxBytes) return s;
  if (maxBytes <= 0) return '';
  const n = s.length;
  let bytes = 0;
  let i = 0;
  while (i < n) {
    const c = s.charCodeAt(i);
    let size: number;
    let units = 1;
    if (c < 0x80) size = 1;
    else if (c < 0x800) size = 2;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < n) {
      const d = s.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        size = 4;
        units = 2;
      } else size = 3;
    } else size = 3;
    if (bytes + size > maxBytes) return detachedCopy(s.slice(0, i));
    bytes += size;
    i += units;
  }
  return s;
}
