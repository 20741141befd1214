/**
 * One process per queue directory: a `lock` file holding the owner's pid. A lock left by a process
 * that no longer runs (killed, crashed) is taken over; one held by a live process is an error,
 * because two writers would interleave frames and acknowledge each other's batches.
 */
import { closeSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';

export interface DirLock {
  release(): void;
}

export class QueueDirInUseError extends Error {
  override readonly name = 'QueueDirInUseError';
}

export function lockQueueDir(dir: string): DirLock {
  const path = join(dir, 'lock');
  const mine = `${process.pid}\n`;
  try {
    const fd = openSync(path, 'wx');
    try {
      writeSync(fd, mine);
    } finally {
      closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    const owner = Number.parseInt(readFileSync(path, 'utf8'), 10);
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isAlive(owner)) {
      throw new QueueDirInUseError(`queue directory ${dir} is in use by process ${owner}; give each exporter (and each tracecore process) its own queue.storage`);
    }
    writeFileSync(path, mine);
  }
  return {
    release() {
      try {
        if (readFileSync(path, 'utf8') === mine) unlinkSync(path);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
      }
    },
  };
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
