/**
 * `loadKubeconfig`: from kubeconfig file(s) and an optional context name to resolved credentials,
 * synchronously, without network and without running exec plugins (so `tracecore validate` can
 * call it). The context is `context` if given, else the files' `current-context`.
 */
import { CredentialsConfigError } from './credentials-errors.ts';
import type { KubeCredentials } from './credentials.ts';
import { clusterSettings, userSettings } from './kubeconfig-entries.ts';
import { optionalString } from './kubeconfig-fields.ts';
import { readKubeconfig, type Kubeconfig, type NamedEntry } from './kubeconfig-file.ts';

/**
 * @param paths one kubeconfig file, or a KUBECONFIG-style list merged as kubectl does (first
 *   occurrence of a name wins; missing files of a list are skipped).
 * @param context the context to use instead of `current-context`.
 * @throws CredentialsConfigError naming the file and field; `configKey` is `context` when the
 *   named context does not exist.
 */
export function loadKubeconfig(paths: string | readonly string[], context?: string): KubeCredentials {
  const list = typeof paths === 'string' ? [paths] : paths;
  if (list.length === 0) throw new CredentialsConfigError('kubeconfig: no file given');
  const config = readKubeconfig(list);
  const label = `kubeconfig ${config.files.join(':')}`;
  const contextEntry = selectContext(config, context, label);
  const where = `kubeconfig ${contextEntry.file}: context "${contextEntry.name}"`;
  const clusterName = optionalString(contextEntry.body, 'cluster', where);
  if (clusterName === undefined) throw new CredentialsConfigError(`${where}: cluster is missing`);
  const clusterEntry = config.clusters.get(clusterName);
  if (clusterEntry === undefined) {
    throw new CredentialsConfigError(`${where} refers to cluster "${clusterName}", which is not defined; clusters: ${names(config.clusters)}`);
  }
  const userName = optionalString(contextEntry.body, 'user', where);
  let userEntry: NamedEntry | undefined;
  if (userName !== undefined) {
    userEntry = config.users.get(userName);
    if (userEntry === undefined) throw new CredentialsConfigError(`${where} refers to user "${userName}", which is not defined; users: ${names(config.users)}`);
  }
  const cluster = clusterSettings(clusterEntry);
  const user = userEntry === undefined ? { auth: { kind: 'none' as const } } : userSettings(userEntry);
  return {
    server: cluster.server,
    tls: {
      ca: cluster.ca,
      cert: 'cert' in user ? user.cert : undefined,
      key: 'key' in user ? user.key : undefined,
      insecureSkipTlsVerify: cluster.insecureSkipTlsVerify,
      serverName: cluster.serverName,
    },
    proxyUrl: cluster.proxyUrl,
    auth: user.auth,
    impersonate: 'impersonate' in user ? user.impersonate : undefined,
    namespace: optionalString(contextEntry.body, 'namespace', where),
    origin: `${label} (context ${contextEntry.name})`,
  };
}

function selectContext(config: Kubeconfig, context: string | undefined, label: string): NamedEntry {
  const name = context ?? config.currentContext;
  if (name === undefined) {
    throw new CredentialsConfigError(`${label}: no current-context is set; choose one with context (contexts: ${names(config.contexts)})`, { configKey: 'context' });
  }
  const entry = config.contexts.get(name);
  if (entry === undefined) {
    const which = context === undefined ? `current-context "${name}"` : `context "${name}"`;
    throw new CredentialsConfigError(`${label}: ${which} not found; contexts: ${names(config.contexts)}`, context === undefined ? {} : { configKey: 'context' });
  }
  return entry;
}

function names(map: ReadonlyMap<string, unknown>): string {
  return map.size === 0 ? '(none)' : [...map.keys()].join(', ');
}
