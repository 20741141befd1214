import { StartupError } from '../component/startup-error.ts';
import { ConfigError } from '../config/errors.ts';
import { EXIT_RUNTIME, EXIT_USAGE } from './exit-codes.ts';

/** A start-up failure caused by what the user configured (credentials, paths) is a usage error (2). */
export function startupExitCode(err: unknown): number {
  if (err instanceof ConfigError) return EXIT_USAGE;
  if (err instanceof StartupError && err.kind === 'config') return EXIT_USAGE;
  return EXIT_RUNTIME;
}

/** The one line a user reads: the component that failed and why, never a stack. */
export function startupFailureText(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  return err instanceof StartupError && err.component !== undefined ? `${err.component}: ${message}` : message;
}
