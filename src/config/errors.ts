/**
 * Config problems are collected, never thrown one at a time: the user sees every mistake at once,
 * each as `path.in.yaml (line N): message`.
 */
export interface ConfigProblem {
  /** Dotted YAML path, e.g. `receivers.k8s_events.max_attributes`; '' for the whole file. */
  readonly path: string;
  /** 1-based line in the config file, when known. */
  readonly line?: number;
  readonly message: string;
}

export function formatProblem(p: ConfigProblem): string {
  const where = p.path === '' ? '(config)' : p.path;
  return p.line === undefined ? `${where}: ${p.message}` : `${where} (line ${p.line}): ${p.message}`;
}

/** Thrown by the loader when a config has problems; carries all of them. */
export class ConfigError extends Error {
  readonly problems: readonly ConfigProblem[];

  constructor(problems: readonly ConfigProblem[]) {
    super(problems.map(formatProblem).join('\n'));
    this.name = 'ConfigError';
    this.problems = problems;
  }
}
