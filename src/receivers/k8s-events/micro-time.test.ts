import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatMicroTime, parseMicroTime, type ParsedTime } from './micro-time.ts';

function parse(s: string): ParsedTime | undefined {
  const out: ParsedTime = { micros: 0, text: '' };
  return parseMicroTime(s, out) ? out : undefined;
}

describe('parseMicroTime', () => {
  const cases: readonly [input: string, micros: number, text: string][] = [
    ['2023-02-16T18:25:07Z', 1676571907000000, '2023-02-16T18:25:07.000000Z'],
    ['2023-07-11T04:25:44.224298Z', 1689049544224298, '2023-07-11T04:25:44.224298Z'],
    ['2023-07-11T04:25:44.2Z', 1689049544200000, '2023-07-11T04:25:44.200000Z'],
    ['2023-07-11T04:25:44.123Z', 1689049544123000, '2023-07-11T04:25:44.123000Z'],
    ['2023-07-11T04:25:44.123456789Z', 1689049544123456, '2023-07-11T04:25:44.123456Z'],
    ['2023-07-11T06:25:44.224298+02:00', 1689049544224298, '2023-07-11T04:25:44.224298Z'],
    ['2023-07-10T23:55:44.000001-04:30', 1689049544000001, '2023-07-11T04:25:44.000001Z'],
    ['2024-02-29T00:00:00Z', 1709164800000000, '2024-02-29T00:00:00.000000Z'],
    ['1969-12-31T23:59:59.999999Z', -1, '1969-12-31T23:59:59.999999Z'],
    ['2023-07-11t04:25:44z', 1689049544000000, '2023-07-11T04:25:44.000000Z'],
    ['2023-07-11 04:25:44Z', 1689049544000000, '2023-07-11T04:25:44.000000Z'],
  ];
  for (const [input, micros, text] of cases) {
    it(`${input} -> ${micros} (${text})`, () => {
      assert.deepEqual(parse(input), { micros, text });
    });
  }

  it('keeps microseconds exactly (a double holds them without loss)', () => {
    const t = parse('2025-12-31T23:59:59.999999Z');
    assert.equal(t?.micros, Date.UTC(2025, 11, 31, 23, 59, 59) * 1000 + 999_999);
  });

  for (const bad of ['', 'garbage', '2', 'yesterday', '2023-02-28T23:59:60Z', '2023-13-01T00:00:00Z', '2023-07-11T04:25:44.Z', '2023-07-11T04:25', 'Jan 2 2023 10:00']) {
    it(`rejects ${JSON.stringify(bad)} and leaves the output alone`, () => {
      const out: ParsedTime = { micros: 42, text: 'untouched' };
      assert.equal(parseMicroTime(bad, out), false);
      assert.deepEqual(out, { micros: 42, text: 'untouched' });
    });
  }
});

describe('formatMicroTime', () => {
  it('prints UTC with six fractional digits', () => {
    assert.equal(formatMicroTime(0), '1970-01-01T00:00:00.000000Z');
    assert.equal(formatMicroTime(1689049544224298), '2023-07-11T04:25:44.224298Z');
    assert.equal(formatMicroTime(1689049544000007), '2023-07-11T04:25:44.000007Z');
    assert.equal(formatMicroTime(-1), '1969-12-31T23:59:59.999999Z');
    assert.equal(formatMicroTime(1.9), '1970-01-01T00:00:00.000001Z');
  });
});
