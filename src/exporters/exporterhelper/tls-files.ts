/**
 * TLS material named in an exporter's config (`tls.ca_file`, `cert_file`, `key_file`): read at
 * start, and checked by `validate` (checkEnvironment) so a wrong path fails before anything runs.
 * Regular files only, at most 4 MiB each (read-bounded-file.ts): a FIFO never blocks the start.
 */
import { StartupError } from '../../component/startup-error.ts';
import type { EnvironmentProblem } from '../../component/types.ts';
import { BoundedReadError, MAX_CREDENTIAL_FILE_BYTES, readBoundedFileSync } from '../../fs/read-bounded-file.ts';

export interface TlsFilesConfig {
  readonly ca_file?: string;
  readonly cert_file?: string;
  readonly key_file?: string;
}

export interface TlsMaterial {
  readonly ca?: Buffer;
  readonly cert?: Buffer;
  readonly key?: Buffer;
}

const FILE_KEYS = ['ca_file', 'cert_file', 'key_file'] as const;

/** Throws a StartupError naming the field and the file when one cannot be read (it changed since validate). */
export function readTlsFiles(tls: TlsFilesConfig): TlsMaterial {
  return { ca: readTlsFile(tls, 'ca_file'), cert: readTlsFile(tls, 'cert_file'), key: readTlsFile(tls, 'key_file') };
}

function readTlsFile(tls: TlsFilesConfig, key: (typeof FILE_KEYS)[number]): Buffer | undefined {
  const path = tls[key];
  if (path === undefined) return undefined;
  try {
    return readBoundedFileSync(path, MAX_CREDENTIAL_FILE_BYTES);
  } catch (err) {
    throw new StartupError('environment', `cannot read tls.${key} ${path}: ${whyUnreadable(err)}`, { cause: err });
  }
}

export function checkTlsFiles(tls: TlsFilesConfig): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  for (const key of FILE_KEYS) {
    const path = tls[key];
    if (path === undefined) continue;
    try {
      readBoundedFileSync(path, MAX_CREDENTIAL_FILE_BYTES);
    } catch (error) {
      problems.push({ path: ['tls', key], message: `cannot read ${path}: ${whyUnreadable(error)}` });
    }
  }
  return problems;
}

function whyUnreadable(error: unknown): string {
  return error instanceof BoundedReadError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error));
}

/** The one warning `insecure_skip_verify` earns, logged when the exporter opens its transport. */
export function warnIfInsecure(logger: { warn(fields: object, message: string): void }, exporter: string, insecure: boolean, endpoint: string): void {
  if (!insecure) return;
  logger.warn({ exporter, endpoint }, 'tls.insecure_skip_verify is on: the endpoint certificate is not checked, so anyone in the path can read and change what is sent');
}
