/**
 * The `validate` and start-up check for a directory the agent writes into (checkpoint_dir,
 * queue.storage): it must be a writable directory, or not exist yet with its nearest existing
 * parent a writable directory (it is created at start). Never creates anything; synchronous, like
 * every checkEnvironment.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

/** Why `path` cannot be used as a writable directory, or undefined when it can. */
export function writableDirectoryProblem(path: string): string | undefined {
  let dir = resolve(path);
  for (;;) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(dir).isDirectory();
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' || dirname(dir) === dir) return `cannot use ${path}: ${code ?? String(error)}`;
      dir = dirname(dir); // created at start: look at the parent
      continue;
    }
    if (!isDirectory) return `${dir} is not a directory`;
    try {
      accessSync(dir, constants.W_OK | constants.X_OK);
      return undefined;
    } catch (error) {
      return `${dir} is not writable: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
    }
  }
}
