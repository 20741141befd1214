/**
 * `validate`'s check of the file exporter's `path`, so it refuses what start would: the file must
 * be writable, or creatable (its nearest existing ancestor a writable directory).
 */
import { accessSync, constants, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { EnvironmentProblem } from '../../component/types.ts';

export function writablePathProblems(path: string): EnvironmentProblem[] {
  const problem = (message: string): EnvironmentProblem[] => [{ path: ['path'], message }];
  let at = path;
  // Walk up to the nearest thing that exists (bounded by the path's depth).
  for (let guard = 0; guard < 4096; guard++) {
    let isDirectory: boolean;
    try {
      isDirectory = statSync(at).isDirectory();
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') return problem(`cannot write ${path}: ${at} is not reachable (${code ?? String(err)})`);
      const parent = dirname(at);
      if (parent === at) return problem(`cannot write ${path}: no existing directory above it`);
      at = parent;
      continue;
    }
    if (at === path && isDirectory) return problem(`${path} is a directory: name a file in it`);
    if (at !== path && !isDirectory) return problem(`cannot create ${path}: ${at} is a file, not a directory`);
    try {
      accessSync(at, constants.W_OK);
      return [];
    } catch (err) {
      return problem(`cannot write ${path}: ${at} is not writable (${(err as NodeJS.ErrnoException).code ?? String(err)})`);
    }
  }
  return problem(`cannot write ${path}: the path is too deep`);
}
