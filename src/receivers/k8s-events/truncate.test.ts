import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { truncateUtf8 } from './truncate.ts';

/** Reference: encode with Buffer, cut at maxBytes, back off to the start of a character. */
function referenceBytes(s: string, maxBytes: number): Buffer {
  const bytes = Buffer.from(s, 'utf8');
  if (bytes.length <= maxBytes) return bytes;
  let end = Math.max(0, maxBytes);
  while (end > 0 && (bytes[end] & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end);
}

function assertTruncation(s: string, maxBytes: number): void {
  const result = truncateUtf8(s, maxBytes);
  const label = `${JSON.stringify(s)} at ${maxBytes} bytes -> ${JSON.stringify(result)}`;
  assert.ok(s.startsWith(result), `not a prefix: ${label}`);
  assert.deepEqual(Buffer.from(result, 'utf8'), referenceBytes(s, maxBytes), label);
  const last = result.charCodeAt(result.length - 1);
  const next = s.charCodeAt(result.length);
  const splitsPair = last >= 0xd800 && last <= 0xdbff && next >= 0xdc00 && next <= 0xdfff;
  assert.ok(!splitsPair, `splits a surrogate pair: ${label}`);
}

const CHARACTERS = [
  ['2-byte', 'é'],
  ['3-byte', '€'],
  ['3-byte CJK', '日'],
  ['4-byte emoji (surrogate pair)', '😀'],
  ['4-byte flag (two pairs)', '🇪🇺'],
] as const;

describe('truncateUtf8', () => {
  it('returns short strings untouched', () => {
    const s = 'Back-off pulling image "nginx"';
    assert.equal(truncateUtf8(s, 1024), s);
    assert.equal(truncateUtf8('', 64), '');
    assert.equal(truncateUtf8('😀😀', 8), '😀😀');
  });

  it('cuts ASCII exactly at the limit', () => {
    assert.equal(truncateUtf8('abcdef', 4), 'abcd');
    assert.equal(truncateUtf8('a'.repeat(1722), 1024), 'a'.repeat(1024));
    assert.equal(truncateUtf8('abc', 0), '');
  });

  for (const [name, char] of CHARACTERS) {
    it(`never splits a ${name} character, at every byte boundary`, () => {
      for (let before = 0; before <= 4; before++) {
        const s = `${'a'.repeat(before)}${char}${char}b${char}`;
        const total = Buffer.byteLength(s);
        for (let max = 0; max <= total + 1; max++) assertTruncation(s, max);
      }
    });
  }

  it('keeps a character that ends exactly at the limit and drops one that would cross it', () => {
    assert.equal(truncateUtf8('ab😀c', 6), 'ab😀');
    assert.equal(truncateUtf8('ab😀c', 5), 'ab');
    assert.equal(truncateUtf8('ab€€', 5), 'ab€');
    assert.equal(truncateUtf8('ab€€', 4), 'ab');
    assert.equal(truncateUtf8('éé', 3), 'é');
  });

  it('counts a lone surrogate as the 3 bytes of U+FFFD that an encoder writes', () => {
    assertTruncation('a\ud800b', 3);
    assertTruncation('a\ud800b', 4);
    assertTruncation('\udc00\udc00', 5);
    assertTruncation('ab\ud83d', 4);
  });

  it('matches a Buffer-based reference on random strings (property test)', () => {
    const random = mulberry32(0x7ace);
    const pools: readonly (() => string)[] = [
      () => String.fromCharCode(0x20 + Math.floor(random() * 0x5f)),
      () => String.fromCharCode(0x80 + Math.floor(random() * (0x800 - 0x80))),
      () => String.fromCharCode(0x800 + Math.floor(random() * (0xd800 - 0x800))),
      () => String.fromCharCode(0xe000 + Math.floor(random() * 0x2000)),
      () => String.fromCodePoint(0x10000 + Math.floor(random() * 0xfffff)),
      () => String.fromCharCode(0xd800 + Math.floor(random() * 0x800)), // lone surrogate
    ];
    for (let run = 0; run < 3000; run++) {
      const length = Math.floor(random() * 40);
      let s = '';
      for (let i = 0; i < length; i++) s += pools[Math.floor(random() * pools.length)]();
      const max = Math.floor(random() * (length * 4 + 2));
      assertTruncation(s, max);
    }
  });
});

/** A small seeded PRNG: the property test is the same on every run. */
function mulberry32(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
