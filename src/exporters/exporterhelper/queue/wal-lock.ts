/**
 * One process per queue directory: a `lock` file holding the owner's pid. A lock left by a process
 * that no longer runs (killed, crashed; or whose pid now belongs to another program) is taken
 * over; one held by a live tracecore is an error, because two writers would interleave frames and
 * acknowledge each other's batches. (A restarted container often gets the same pid as before:
 * a lock with our own pid is ours.)
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

/**
 * Whether `pid` is a live process that could be a tracecore: after a crash the pid in the lock may
 * have been reused by an unrelated program, which must not keep the queue locked forever. Where
 * /proc is readable (Linux) the command line must mention node or tracecore.
 */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
  let cmdline: string;
  try {
    cmdline = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return true; // no /proc here: trust the pid
  }
  return /node|tracecore/i.test(cmdline);
}
