/**
 * `validate` and start-up check of `queue.storage`: the directory (or the nearest existing parent
 * it would be created in) must be a writable directory. Never creates anything.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { EnvironmentProblem } from '../../../component/types.ts';
import type { QueueConfig } from './queue-config.ts';

export function checkQueueStorage(queue: QueueConfig): EnvironmentProblem[] {
  if (queue.storage === undefined) return [];
  const path = ['queue', 'storage'];
  let dir = resolve(queue.storage);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(dir).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dirname(dir) === dir) return [{ path, message: `cannot use ${queue.storage}: ${code ?? String(error)}` }];
      dir = dirname(dir); // created at start: look at the parent
      continue;
    }
    if (!isDirectory) return [{ path, message: `${dir} is not a directory` }];
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
      return [];
    } catch (error) {
      return [{ path, message: `${dir} is not writable: ${(error as NodeJS.ErrnoException).code ?? String(error)}` }];
    }
  }
}
