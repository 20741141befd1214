/**
 * What tracecore says about an exec plugin's stderr: never the text as is (a plugin may print a
 * token, a refresh token or a password there). Its length, a short hash (to tell two failures
 * apart or match one against what the plugin prints by hand) and its first line with anything
 * that looks like a secret replaced by [redacted], cut to 120 characters.
 *
 * Collected as it arrives: the hash covers everything, but only the head is kept (64 KiB at most
 * buffered, then the first line is taken from it).
 */
import { createHash, type Hash } from 'node:crypto';

const HEAD_BYTES = 4096;
const FIRST_LINE_CHARS = 120;
/** An auth scheme's value, the value after a secret-sounding key, long runs of token characters (JWTs, base64, hex keys). */
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(bearer|basic)\s+\S+/gi, '$1 [redacted]'],
  [/\b([a-z_-]{0,40}(?:token|secret|password|passwd|key|credential)[a-z_-]{0,40})(\s*[=:]\s*)\S+/gi, '$1$2[redacted]'],
  [/[A-Za-z0-9+/_.=-]{24,}/g, '[redacted]'],
];

export class StderrSummary {
  private readonly hash: Hash = createHash('sha256');
  private readonly head: Buffer[] = [];
  private headBytes = 0;
  private total = 0;

  add(chunk: Buffer): void {
    this.total += chunk.length;
    this.hash.update(chunk);
    if (this.headBytes >= HEAD_BYTES) return;
    const part = chunk.subarray(0, HEAD_BYTES - this.headBytes);
    this.head.push(Buffer.from(part));
    this.headBytes += part.length;
  }

  /** `stderr (58 bytes, sha256 1a2b3c4d5e6f): <first line, redacted>`, or '' when the plugin printed nothing. */
  describe(): string {
    if (this.total === 0) return '';
    const digest = this.hash.copy().digest('hex').slice(0, 12);
    const firstLine = redactLine(Buffer.concat(this.head).toString('utf8'));
    return `stderr (${this.total} bytes, sha256 ${digest})${firstLine === '' ? '' : `: ${firstLine}`}`;
  }
}

/** The first non-empty line of `text`, secrets redacted, at most FIRST_LINE_CHARS characters. */
export function redactLine(text: string): string {
  const line = (text.split(/\r?\n/).find((l) => l.trim() !== '') ?? '').trim().slice(0, 4 * FIRST_LINE_CHARS);
  let redacted = line;
  for (const [pattern, replacement] of SECRET_PATTERNS) redacted = redacted.replace(pattern, replacement);
  return redacted.length > FIRST_LINE_CHARS ? `${redacted.slice(0, FIRST_LINE_CHARS)}...` : redacted;
}
