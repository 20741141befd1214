/**
 * Kubernetes timestamps: parse RFC 3339 (`Time` has seconds, `MicroTime` microseconds) to
 * microseconds since the Unix epoch, exactly, and print the canonical form of `event.time`.
 *
 * Canonical `event.time`: UTC, always six fractional digits, `Z`:
 * `2023-02-16T18:25:07.000000Z`, `2023-07-11T04:25:44.224298Z`. Digits past the sixth are cut
 * (toward the past), so the printed time and timeUnixMicros always agree.
 *
 * The common shapes (`...SSZ`, `...SS.ffffffZ`, `±HH:MM` offsets) are parsed by hand with
 * Date.UTC; anything else RFC 3339-like goes to Date.parse (millisecond precision).
 */

/** Where parseMicroTime writes its result; the caller owns one and reuses it (no allocation per parse). */
export interface ParsedTime {
  /** Microseconds since the Unix epoch. */
  micros: number;
  /** The canonical text. */
  text: string;
}

/** Parses `s` into `out`; false (and `out` untouched) when `s` is not a timestamp. */
export function parseMicroTime(s: string, out: ParsedTime): boolean {
  const n = s.length;
  if (
    n < 20 ||
    s.charCodeAt(4) !== 45 || // -
    s.charCodeAt(7) !== 45 ||
    s.charCodeAt(10) !== 84 || // T
    s.charCodeAt(13) !== 58 || // :
    s.charCodeAt(16) !== 58
  ) {
    return parseSlow(s, out);
  }
  const year = digits4(s, 0);
  const month = digits2(s, 5);
  const day = digits2(s, 8);
  const hour = digits2(s, 11);
  const minute = digits2(s, 14);
  const second = digits2(s, 17);
  // NaN fails every comparison below; years before 100 would be read by Date.UTC as 19xx.
  if (!(year >= 100 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month) && hour <= 23 && minute <= 59 && second <= 59)) {
    return parseSlow(s, out);
  }
  let at = 19;
  let micros = 0;
  let count = -1;
  if (s.charCodeAt(at) === 46) {
    // .fraction: keep the first six digits
    at++;
    count = 0;
    while (at < n) {
      const d = s.charCodeAt(at) - 48;
      if (d < 0 || d > 9) break;
      if (count < 6) micros = micros * 10 + d;
      count++;
      at++;
    }
    if (count === 0) return parseSlow(s, out);
    for (let k = count; k < 6; k++) micros *= 10;
  }
  let offsetMinutes = 0;
  const zone = s.charCodeAt(at);
  if (zone === 90 && at + 1 === n) {
    // Z
  } else if ((zone === 43 || zone === 45) && at + 6 === n && s.charCodeAt(at + 3) === 58) {
    const oh = digits2(s, at + 1);
    const om = digits2(s, at + 4);
    if (!(oh <= 23 && om <= 59)) return parseSlow(s, out);
    offsetMinutes = (zone === 45 ? -1 : 1) * (oh * 60 + om);
  } else {
    return parseSlow(s, out);
  }
  const value = Date.UTC(year, month - 1, day, hour, minute, second) * 1000 + micros - offsetMinutes * 60_000_000;
  out.micros = value;
  if (offsetMinutes === 0 && zone === 90) {
    // Already canonical, or a whole-second Time: no need to print from the number.
    if (count === 6) {
      out.text = s;
      return true;
    }
    if (count === -1) {
      out.text = `${s.slice(0, 19)}.000000Z`;
      return true;
    }
  }
  out.text = formatMicroTime(value);
  return true;
}

/** An RFC 3339 date and time at least, so Date.parse's lenient guessing never reads free text as a time. */
const RFC3339_START = /^\d{4}-\d{2}-\d{2}[Tt ]\d{2}:\d{2}:\d{2}/;

function parseSlow(s: string, out: ParsedTime): boolean {
  if (!RFC3339_START.test(s)) return false;
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) return false;
  out.micros = ms * 1000;
  out.text = formatMicroTime(out.micros);
  return true;
}

function digits2(s: string, at: number): number {
  const a = s.charCodeAt(at) - 48;
  const b = s.charCodeAt(at + 1) - 48;
  if (a < 0 || a > 9 || b < 0 || b > 9) return NaN;
  return a * 10 + b;
}

function digits4(s: string, at: number): number {
  const hi = digits2(s, at);
  const lo = digits2(s, at + 2);
  return hi * 100 + lo;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  if (month === 2 && year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0)) return 29;
  return DAYS[month - 1];
}

/** The canonical text of a time given in microseconds since the epoch. */
export function formatMicroTime(micros: number): string {
  const whole = Math.floor(micros);
  const ms = Math.floor(whole / 1000);
  const sub = whole - ms * 1000;
  const iso = new Date(ms).toISOString(); // ...SS.mmmZ
  return `${iso.slice(0, -1)}${sub < 10 ? '00' : sub < 100 ? '0' : ''}${sub}Z`;
}
