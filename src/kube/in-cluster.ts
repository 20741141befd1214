/**
 * The in-cluster service account, as client-go's InClusterConfig reads it: the API server from
 * KUBERNETES_SERVICE_HOST / KUBERNETES_SERVICE_PORT (always https), the CA from `<dir>/ca.crt`, the
 * bearer token from `<dir>/token` (re-read while running: it rotates) and the namespace from
 * `<dir>/namespace`. `dir` defaults to the mount point Kubernetes uses; tests pass their own.
 */
import { existsSync } from 'node:fs';
import { MAX_CREDENTIAL_FILE_BYTES, readBoundedFileSync } from '../fs/read-bounded-file.ts';
import { isIPv6 } from 'node:net';
import { join } from 'node:path';
import { CredentialsConfigError } from './credentials-errors.ts';
import type { KubeCredentials } from './credentials.ts';
import { errnoText } from './fs-error-text.ts';
import { readPemFile } from './pem.ts';

export const DEFAULT_IN_CLUSTER_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';

export interface InClusterOptions {
  readonly env: NodeJS.ProcessEnv;
  /** The service account folder; default DEFAULT_IN_CLUSTER_DIR. */
  readonly dir?: string;
}

/** Present means: KUBERNETES_SERVICE_HOST is set and the token file exists (cli-and-config.md). */
export function inClusterPresent(options: InClusterOptions): boolean {
  return nonEmpty(options.env.KUBERNETES_SERVICE_HOST) && existsSync(join(options.dir ?? DEFAULT_IN_CLUSTER_DIR, 'token'));
}

/** What is missing for the in-cluster service account, in words; undefined when it is present. */
export function inClusterMissing(options: InClusterOptions): string | undefined {
  const missing: string[] = [];
  if (!nonEmpty(options.env.KUBERNETES_SERVICE_HOST)) missing.push('KUBERNETES_SERVICE_HOST is not set');
  const token = join(options.dir ?? DEFAULT_IN_CLUSTER_DIR, 'token');
  if (!existsSync(token)) missing.push(`${token} does not exist`);
  return missing.length === 0 ? undefined : missing.join(' and ');
}

/** @throws CredentialsConfigError when the environment or the service account files are incomplete. */
export function loadInClusterCredentials(options: InClusterOptions): KubeCredentials {
  const dir = options.dir ?? DEFAULT_IN_CLUSTER_DIR;
  const label = `in-cluster service account ${dir}`;
  const missing = inClusterMissing(options);
  if (missing !== undefined) throw new CredentialsConfigError(`${label}: not available: ${missing}`);
  const host = options.env.KUBERNETES_SERVICE_HOST ?? '';
  const port = options.env.KUBERNETES_SERVICE_PORT;
  if (!nonEmpty(port)) throw new CredentialsConfigError(`${label}: KUBERNETES_SERVICE_PORT is not set (KUBERNETES_SERVICE_HOST is)`);
  let server: URL;
  try {
    server = new URL(`https://${isIPv6(host) ? `[${host}]` : host}:${port}/`);
  } catch {
    throw new CredentialsConfigError(`${label}: KUBERNETES_SERVICE_HOST "${host}" and KUBERNETES_SERVICE_PORT "${port}" do not form a URL`);
  }
  return {
    server,
    tls: { ca: readPemFile(join(dir, 'ca.crt'), 'certificate', label), insecureSkipTlsVerify: false },
    auth: { kind: 'token_file', path: join(dir, 'token') },
    namespace: readNamespace(join(dir, 'namespace')),
    origin: label,
  };
}

function readNamespace(path: string): string | undefined {
  if (!existsSync(path)) return undefined;
  let namespace: string;
  try {
    namespace = readBoundedFileSync(path, MAX_CREDENTIAL_FILE_BYTES).toString('utf8').trim();
  } catch (err) {
    throw new CredentialsConfigError(`in-cluster service account: cannot read ${path}: ${errnoText(err)}`);
  }
  return namespace === '' ? undefined : namespace;
}

function nonEmpty(value: string | undefined): value is string {
  return value !== undefined && value !== '';
}
