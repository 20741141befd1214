/**
 * The two ways credentials fail.
 *
 * - `CredentialsConfigError`: the configuration is wrong or incomplete (ambiguous sources, a
 *   missing file, an unknown context, a malformed kubeconfig). Found without network, before
 *   anything starts; `tracecore validate` and start-up report it and exit 2. Retrying cannot help.
 * - `CredentialsRuntimeError`: getting the current credential failed while running (an exec plugin
 *   failed or timed out, a token file vanished). The receiver counts it, backs off and retries.
 *
 * Messages name files, fields and entry names; never the content of a token, password or key.
 */

/** The receiver config key a problem belongs to, so `validate` can point at the right YAML line. */
export type CredentialsConfigKey = 'auth' | 'kubeconfig' | 'context';

export class CredentialsConfigError extends Error {
  /** The settings involved, as a user would name them (e.g. `KUBECONFIG`, `receivers.k8s_events.kubeconfig`). */
  readonly fields: string[];
  /** The receiver config key to report the problem at, when one fits. */
  readonly configKey: CredentialsConfigKey | undefined;

  constructor(message: string, options: { fields?: string[]; configKey?: CredentialsConfigKey; cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CredentialsConfigError';
    this.fields = options.fields ?? [];
    this.configKey = options.configKey;
  }
}

/**
 * Runs `load`; a CredentialsConfigError it throws without fields or config key gets these (the
 * loaders deep inside know the file and field, the caller knows which setting chose the file).
 */
export function attributeConfigErrors<T>(load: () => T, defaults: { fields: string[]; configKey?: CredentialsConfigKey }): T {
  try {
    return load();
  } catch (err) {
    if (!(err instanceof CredentialsConfigError)) throw err;
    if (err.fields.length > 0 && (err.configKey !== undefined || defaults.configKey === undefined)) throw err;
    throw new CredentialsConfigError(err.message, {
      fields: err.fields.length > 0 ? err.fields : defaults.fields,
      configKey: err.configKey ?? defaults.configKey,
      cause: err.cause,
    });
  }
}

export class CredentialsRuntimeError extends Error {
  constructor(message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.name = 'CredentialsRuntimeError';
  }
}
