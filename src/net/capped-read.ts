/**
 * Reads a response body (or any byte stream) whole, but never more than `maxBytes`: past the cap
 * the stream is destroyed and BodyTooLargeError thrown, so a hostile or broken peer costs at most
 * `maxBytes` of memory. Used for Kubernetes list pages and error bodies and OTLP/HTTP answers.
 */
export class BodyTooLargeError extends Error {
  readonly limitBytes: number;

  constructor(limitBytes: number) {
    super(`body larger than ${formatBytes(limitBytes)}`);
    this.name = 'BodyTooLargeError';
    this.limitBytes = limitBytes;
  }
}

export interface ByteStream extends AsyncIterable<unknown> {
  destroy(error?: Error): unknown;
}

/**
 * All of `body`, or BodyTooLargeError once more than `maxBytes` arrived (the body is destroyed).
 * `onBytes` hears of every chunk as it arrives (progress for a deadline's message).
 */
export async function readCapped(body: ByteStream, maxBytes: number, onBytes?: (total: number) => void): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const bytes = asBuffer(chunk);
    total += bytes.length;
    onBytes?.(total);
    if (total > maxBytes) {
      body.destroy();
      throw new BodyTooLargeError(maxBytes);
    }
    chunks.push(bytes);
  }
  return chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, total);
}

/** The first `maxBytes` of `body` (the rest is discarded, the stream destroyed): for error messages. */
export async function readHead(body: ByteStream, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of body) {
    const bytes = asBuffer(chunk);
    chunks.push(total + bytes.length > maxBytes ? bytes.subarray(0, maxBytes - total) : bytes);
    total = Math.min(maxBytes, total + bytes.length);
    if (total >= maxBytes) {
      body.destroy();
      break;
    }
  }
  return Buffer.concat(chunks, total);
}

function asBuffer(chunk: unknown): Buffer {
  if (Buffer.isBuffer(chunk)) return chunk;
  if (typeof chunk === 'string') return Buffer.from(chunk, 'utf8');
  const view = chunk as Uint8Array;
  return Buffer.from(view.buffer, view.byteOffset, view.byteLength);
}

export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024 && bytes % (1024 * 1024) === 0) return `${bytes / (1024 * 1024)} MiB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KiB`;
  return `${bytes} bytes`;
}
