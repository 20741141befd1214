/**
 * Why a component could not start, typed, so the command line picks the exit code and prints one
 * clear line instead of a stack trace.
 *
 * - `config`: what the user configured is wrong (credentials, a field that only start-up can check):
 *   fix the config; `run` exits 2 like a config error.
 * - `environment`: the config is fine but this machine refused it (a port in use, a file that cannot
 *   be read): `run` exits 1 and an orchestrator may retry.
 */
export type StartupErrorKind = 'config' | 'environment';

export class StartupError extends Error {
  readonly kind: StartupErrorKind;
  /** The component id (`type` or `type/name`) when known. */
  readonly component: string | undefined;

  constructor(kind: StartupErrorKind, message: string, options: { component?: string; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'StartupError';
    this.kind = kind;
    this.component = options.component;
  }
}
