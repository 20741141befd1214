/**
 * Who this process is in the election, and which namespace its Lease lives in by default.
 * Identity: POD_NAME (from the downward API) else the host name, plus a random suffix, so two
 * processes never share one, even on one host or after a restart with the same pod name.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { hostname } from 'node:os';

export const SERVICE_ACCOUNT_NAMESPACE_FILE = '/var/run/secrets/kubernetes.io/serviceaccount/namespace';

export function electionIdentity(env: NodeJS.ProcessEnv): string {
  const base = env.POD_NAME?.trim() || hostname();
  return `${base}_${randomBytes(4).toString('hex')}`;
}

/**
 * The Lease namespace when the config names none: POD_NAMESPACE, else the service account's
 * namespace file; undefined when neither is there.
 */
export function defaultLeaseNamespace(env: NodeJS.ProcessEnv, namespaceFile: string = SERVICE_ACCOUNT_NAMESPACE_FILE): string | undefined {
  const fromEnv = env.POD_NAMESPACE?.trim();
  if (fromEnv) return fromEnv;
  try {
    const text = readFileSync(namespaceFile, 'utf8').slice(0, 253).trim();
    return text === '' ? undefined : text;
  } catch {
    return undefined; // no service account mounted: the caller reports that the namespace is missing
  }
}
