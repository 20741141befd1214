/**
 * Reads a small file tracecore is pointed at (config, kubeconfig, CA and client certificates,
 * tokens) without trusting what is there: regular files only (a FIFO, socket or device is refused
 * at once: it is opened non-blocking, so a FIFO without a writer cannot hang `validate` or `run`),
 * at most `maxBytes`, and the async form gives up after `timeoutMs` (a hung network file system).
 */
import { closeSync, constants, fstatSync, openSync, readSync, type Stats } from 'node:fs';
import { open } from 'node:fs/promises';
import { formatBytes } from '../net/capped-read.ts';

/** Kubeconfigs, certificates, tokens: far below this. */
export const MAX_CREDENTIAL_FILE_BYTES = 4 * 1024 * 1024;
export const FILE_READ_TIMEOUT_MS = 10_000;

const OPEN_FLAGS = constants.O_RDONLY | constants.O_NONBLOCK | constants.O_NOCTTY;

/** Not a regular file (`ENOTREG`), larger than the cap (`EFBIG`), or too slow (`ETIMEDOUT`). */
export class BoundedReadError extends Error {
  readonly code: 'ENOTREG' | 'EFBIG' | 'ETIMEDOUT';

  constructor(code: 'ENOTREG' | 'EFBIG' | 'ETIMEDOUT', message: string) {
    super(message);
    this.name = 'BoundedReadError';
    this.code = code;
  }
}

export function readBoundedFileSync(path: string, maxBytes: number): Buffer {
  const fd = openSync(path, OPEN_FLAGS);
  try {
    checkKind(fstatSync(fd), maxBytes);
    const buffer = Buffer.alloc(maxBytes + 1);
    let total = 0;
    for (;;) {
      const n = readSync(fd, buffer, total, buffer.length - total, null);
      if (n === 0) break;
      total += n;
      if (total > maxBytes) throw tooLarge(maxBytes);
    }
    return Buffer.from(buffer.subarray(0, total));
  } finally {
    closeSync(fd);
  }
}

export async function readBoundedFile(path: string, maxBytes: number, timeoutMs: number = FILE_READ_TIMEOUT_MS): Promise<Buffer> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new BoundedReadError('ETIMEDOUT', `not read within ${timeoutMs} ms`)), timeoutMs);
  });
  const read = (async () => {
    const handle = await open(path, OPEN_FLAGS);
    try {
      checkKind(await handle.stat(), maxBytes);
      const buffer = Buffer.alloc(maxBytes + 1);
      let total = 0;
      for (;;) {
        const { bytesRead } = await handle.read(buffer, total, buffer.length - total, null);
        if (bytesRead === 0) break;
        total += bytesRead;
        if (total > maxBytes) throw tooLarge(maxBytes);
      }
      return Buffer.from(buffer.subarray(0, total));
    } finally {
      await handle.close();
    }
  })();
  try {
    return await Promise.race([read, timeout]);
  } finally {
    clearTimeout(timer);
    read.catch(() => undefined); // lost the race to the timeout: its own failure no longer matters
  }
}

function checkKind(stats: Stats, maxBytes: number): void {
  if (stats.isDirectory()) throw Object.assign(new Error('is a directory'), { code: 'EISDIR' });
  if (!stats.isFile()) throw new BoundedReadError('ENOTREG', `is ${kindOf(stats)}, not a regular file`);
  if (stats.size > maxBytes) throw tooLarge(maxBytes);
}

function tooLarge(maxBytes: number): BoundedReadError {
  return new BoundedReadError('EFBIG', `is larger than ${formatBytes(maxBytes)}`);
}

function kindOf(stats: Stats): string {
  if (stats.isFIFO()) return 'a FIFO (named pipe)';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  return 'not a regular file';
}
