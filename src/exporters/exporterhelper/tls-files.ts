/**
 * TLS material named in an exporter's config (`tls.ca_file`, `cert_file`, `key_file`): read at
 * start, and checked by `validate` (checkEnvironment) so a wrong path fails before anything runs.
 * Regular files only, at most 4 MiB each (read-bounded-file.ts): a FIFO never blocks the start.
 */
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

export function readTlsFiles(tls: TlsFilesConfig): TlsMaterial {
  return {
    ca: tls.ca_file === undefined ? undefined : readBoundedFileSync(tls.ca_file, MAX_CREDENTIAL_FILE_BYTES),
    cert: tls.cert_file === undefined ? undefined : readBoundedFileSync(tls.cert_file, MAX_CREDENTIAL_FILE_BYTES),
    key: tls.key_file === undefined ? undefined : readBoundedFileSync(tls.key_file, MAX_CREDENTIAL_FILE_BYTES),
  };
}

export function checkTlsFiles(tls: TlsFilesConfig): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  for (const key of FILE_KEYS) {
    const path = tls[key];
    if (path === undefined) continue;
    try {
      readBoundedFileSync(path, MAX_CREDENTIAL_FILE_BYTES);
    } catch (error) {
      const why = error instanceof BoundedReadError ? error.message : ((error as NodeJS.ErrnoException).code ?? String(error));
      problems.push({ path: ['tls', key], message: `cannot read ${path}: ${why}` });
    }
  }
  return problems;
}

/** The one warning `insecure_skip_verify` earns, logged when the exporter opens its transport. */
export function warnIfInsecure(logger: { warn(fields: object, message: string): void }, exporter: string, insecure: boolean, endpoint: string): void {
  if (!insecure) return;
  logger.warn({ exporter, endpoint }, 'tls.insecure_skip_verify is on: the endpoint certificate is not checked, so anyone in the path can read and change what is sent');
}
