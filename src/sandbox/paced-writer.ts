/**
 * Writes a response body made of text parts and padding (a number: that many `n` bytes), either
 * as fast as the client reads (waiting for 'drain') or at most `bytesPerSecond`, in ten steps a
 * second. Nothing is built whole: a gigabyte of padding costs one 64 KiB chunk at a time. Stops
 * when the client goes away. The hostile sandbox API and the hostile OTLP test endpoint use it.
 */
import type { ServerResponse } from 'node:http';

const WRITE_CHUNK = 64 * 1024;
const STEP_MS = 100;

export type BodyPart = string | number;

export function writePaced(res: ServerResponse, parts: readonly BodyPart[], bytesPerSecond?: number): void {
  let part = 0;
  let offset = 0;
  let timer: NodeJS.Timeout | undefined;
  res.on('close', () => clearTimeout(timer));
  const next = (max: number): string | undefined => {
    while (part < parts.length) {
      const p = parts[part];
      const size = typeof p === 'number' ? p : p.length;
      if (offset >= size) {
        part++;
        offset = 0;
        continue;
      }
      const n = Math.min(max, size - offset);
      const text = typeof p === 'number' ? 'n'.repeat(n) : p.slice(offset, offset + n);
      offset += n;
      return text;
    }
    return undefined;
  };
  const pump = (): void => {
    if (res.destroyed) return;
    if (bytesPerSecond !== undefined) {
      const text = next(Math.max(1, Math.floor(bytesPerSecond / (1000 / STEP_MS))));
      if (text === undefined) return void res.end();
      res.write(text);
      timer = setTimeout(pump, STEP_MS);
      return;
    }
    for (;;) {
      const text = next(WRITE_CHUNK);
      if (text === undefined) return void res.end();
      if (!res.write(text)) return void res.once('drain', pump);
    }
  };
  pump();
}
