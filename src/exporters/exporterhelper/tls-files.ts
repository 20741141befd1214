/**
 * TLS material named in an exporter's config (`tls.ca_file`, `cert_file`, `key_file`): read at
 * start, and checked by `validate` (checkEnvironment) so a wrong path fails before anything runs.
 */
import { accessSync, constants, readFileSync } from 'node:fs';
import type { EnvironmentProblem } from '../../component/types.ts';

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
    ca: tls.ca_file === undefined ? undefined : readFileSync(tls.ca_file),
    cert: tls.cert_file === undefined ? undefined : readFileSync(tls.cert_file),
    key: tls.key_file === undefined ? undefined : readFileSync(tls.key_file),
  };
}

export function checkTlsFiles(tls: TlsFilesConfig): EnvironmentProblem[] {
  const problems: EnvironmentProblem[] = [];
  for (const key of FILE_KEYS) {
    const path = tls[key];
    if (path === undefined) continue;
    try {
      accessSync(path, constants.R_OK);
    } catch (error) {
      problems.push({ path: ['tls', key], message: `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` });
    }
  }
  return problems;
}

/** The one warning `insecure_skip_verify` earns, logged when the exporter opens its transport. */
export function warnIfInsecure(logger: { warn(fields: object, message: string): void }, exporter: string, insecure: boolean, endpoint: string): void {
  if (!insecure) return;
  logger.warn({ exporter, endpoint }, 'tls.insecure_skip_verify is on: the endpoint certificate is not checked, so anyone in the path can read and change what is sent');
}
