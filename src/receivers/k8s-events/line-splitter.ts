/**
 * Splits a byte stream into lines without copying more than the one partial line carried between
 * chunks. A line longer than `maxLineBytes` (a hostile or broken peer) is dropped, reported via
 * `onOversized`, and reading resumes at the next newline, so memory stays bounded.
 */
export class LineSplitter {
  private readonly decoder = new TextDecoder('utf-8');
  private carry = '';
  private skipping = false;
  private readonly maxLineChars: number;
  private readonly onOversized: (length: number) => void;

  constructor(maxLineBytes: number, onOversized: (length: number) => void) {
    this.maxLineChars = maxLineBytes;
    this.onOversized = onOversized;
  }

  /** Calls `onLine` for each complete, non-empty line in `chunk`. */
  push(chunk: Uint8Array, onLine: (line: string) => void): void {
    const text = this.decoder.decode(chunk, { stream: true });
    let start = 0;
    let nl = text.indexOf('\n');
    while (nl !== -1) {
      if (this.skipping) {
        this.skipping = false;
      } else {
        const line = this.carry === '' ? text.slice(start, nl) : this.carry + text.slice(start, nl);
        this.carry = '';
        if (line.length > 0 && line !== '\r') onLine(line);
      }
      start = nl + 1;
      nl = text.indexOf('\n', start);
    }
    if (this.skipping) return;
    const rest = text.length - start;
    if (this.carry.length + rest > this.maxLineChars) {
      this.onOversized(this.carry.length + rest);
      this.carry = '';
      this.skipping = true;
      return;
    }
    if (rest > 0) this.carry = this.carry === '' ? text.slice(start) : this.carry + text.slice(start);
  }

  /** What is left after the stream ended: a last line without a newline, if any. */
  end(onLine: (line: string) => void): void {
    const tail = this.carry + this.decoder.decode();
    this.carry = '';
    if (!this.skipping && tail.trim().length > 0) onLine(tail);
    this.skipping = false;
  }
}
