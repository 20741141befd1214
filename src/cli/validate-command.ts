import { defaultRegistry } from '../components.ts';
import { ConfigError, formatProblem } from '../config/errors.ts';
import { loadConfigFile, type LoadedConfig, type LoadOptions } from '../config/load.ts';
import { EXIT_OK, EXIT_USAGE } from './exit-codes.ts';
import type { CommandIO } from './output.ts';

/** Loads and validates; prints every problem, one per line. Returns the config, or the exit code. */
export function loadOrReport(path: string, io: CommandIO, options: LoadOptions = {}): LoadedConfig | number {
  try {
    return loadConfigFile(path, defaultRegistry(), io.env, options);
  } catch (err) {
    if (err instanceof ConfigError) {
      for (const p of err.problems) io.stderr.write(formatProblem(p) + '\n');
      io.stderr.write(`${path}: ${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}\n`);
      return EXIT_USAGE;
    }
    throw err;
  }
}

export function validateCommand(path: string, io: CommandIO, options: { schemaOnly?: boolean } = {}): number {
  const loaded = loadOrReport(path, io, { checkEnvironment: options.schemaOnly !== true });
  if (typeof loaded === 'number') return loaded;
  const pipelines = [...loaded.pipelines.keys()].join(', ');
  const scope = options.schemaOnly ? ', schema only: credentials and files not checked' : '';
  io.stdout.write(`${path}: valid${scope} (${loaded.pipelines.size} pipeline${loaded.pipelines.size === 1 ? '' : 's'}: ${pipelines})\n`);
  for (const id of loaded.unused) io.stdout.write(`note: ${id} is defined but used by no pipeline\n`);
  return EXIT_OK;
}
