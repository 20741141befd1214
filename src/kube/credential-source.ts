/**
 * Which cluster credentials are used (cli-and-config.md, "Which cluster credentials are used").
 *
 * Sources: (1) the receiver's `kubeconfig:` field, (2) the KUBECONFIG environment variable,
 * (3) the in-cluster service account (present = KUBERNETES_SERVICE_HOST set and its token file
 * exists), and last (4) `~/.kube/config`.
 * - `auth: kubeconfig` uses (1), else (2), else (4); error if none.
 * - `auth: in_cluster` uses (3); error if it is not present.
 * - `auth: auto` uses the one of (1)-(3) that is present, else (4), else fails naming all four.
 *   Two or more of (1)-(3) present is ambiguous: an error naming them. Never guess.
 *
 * Everything here is synchronous and local (environment and file existence), so `tracecore
 * validate` and start-up can report a problem and exit 2 before any network.
 */
import { existsSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { attributeConfigErrors, CredentialsConfigError } from './credentials-errors.ts';
import type { KubeCredentials } from './credentials.ts';
import { DEFAULT_IN_CLUSTER_DIR, inClusterMissing, loadInClusterCredentials } from './in-cluster.ts';
import { loadKubeconfig } from './kubeconfig.ts';

export type AuthMode = 'auto' | 'in_cluster' | 'kubeconfig';

export interface ResolveCredentialOptions {
  readonly auth: AuthMode;
  /** The receiver's `kubeconfig:` field; `~` and `~/...` expand to `homeDir`, a relative path is relative to the working directory. */
  readonly kubeconfig?: string;
  /** The receiver's `context:` field; refused when the in-cluster service account is chosen (it has no contexts). */
  readonly context?: string;
  readonly env: NodeJS.ProcessEnv;
  /** The user's home directory (for `~` and `~/.kube/config`); undefined when unknown. */
  readonly homeDir: string | undefined;
  /** The service account folder; default DEFAULT_IN_CLUSTER_DIR. */
  readonly inClusterDir?: string;
  /** Where the receiver's config sits, to name its fields in messages. Default `receivers.k8s_events`. */
  readonly configPath?: string;
}

/** The four sources, in the order the rule lists them. */
export type CredentialSourceName = 'kubeconfig_field' | 'KUBECONFIG' | 'in_cluster' | 'home_kubeconfig';

export type CredentialSource =
  | {
      readonly kind: 'kubeconfig';
      readonly from: 'kubeconfig_field' | 'KUBECONFIG' | 'home_kubeconfig';
      /** Absolute paths; several for a KUBECONFIG list (merged as kubectl does). */
      readonly paths: readonly string[];
      readonly context?: string;
      /** The source as a user names it, e.g. `KUBECONFIG`. */
      readonly field: string;
    }
  | { readonly kind: 'in_cluster'; readonly dir: string; readonly field: string };

/** @throws CredentialsConfigError with `fields` (the sources involved) and `configKey` (`auth` or `context`). */
export function resolveCredentialSource(options: ResolveCredentialOptions): CredentialSource {
  const names = fieldNames(options);
  const fieldPath = options.kubeconfig === undefined || options.kubeconfig === '' ? undefined : expandHome(options.kubeconfig, options.homeDir, names.kubeconfig_field);
  const envPaths = kubeconfigEnvPaths(options.env);
  const dir = options.inClusterDir ?? DEFAULT_IN_CLUSTER_DIR;
  const inClusterProblem = inClusterMissing({ env: options.env, dir });
  const homePath = options.homeDir === undefined ? undefined : join(options.homeDir, '.kube', 'config');
  const homePresent = homePath !== undefined && existsSync(homePath);

  const fromField = fieldPath === undefined ? undefined : kubeconfigSource('kubeconfig_field', [fieldPath], options.context, names);
  const fromEnv = envPaths.length === 0 ? undefined : kubeconfigSource('KUBECONFIG', envPaths, options.context, names);
  const fromHome = homePresent ? kubeconfigSource('home_kubeconfig', [homePath], options.context, names) : undefined;
  // Built only once chosen: a `context` next to an in-cluster choice is an error of its own.
  const inCluster = inClusterProblem === undefined ? { field: names.in_cluster, build: () => inClusterSource(dir, options.context, names) } : undefined;

  switch (options.auth) {
    case 'kubeconfig': {
      const chosen = fromField ?? fromEnv ?? fromHome;
      if (chosen !== undefined) return chosen;
      throw new CredentialsConfigError(
        `auth: kubeconfig, but no kubeconfig was found: ${names.kubeconfig_field} is not set, KUBECONFIG is not set and ${homeText(homePath)} does not exist`,
        { fields: [names.kubeconfig_field, names.KUBECONFIG, names.home_kubeconfig], configKey: 'auth' },
      );
    }
    case 'in_cluster':
      if (inCluster !== undefined) return inCluster.build();
      throw new CredentialsConfigError(`auth: in_cluster, but ${names.in_cluster} is not available: ${inClusterProblem}`, {
        fields: [names.in_cluster],
        configKey: 'auth',
      });
    case 'auto': {
      const present = [fromField, fromEnv, inCluster].filter((source) => source !== undefined);
      if (present.length > 1) throw ambiguous(present.map((source) => source.field), inCluster !== undefined);
      if (inCluster !== undefined) return inCluster.build();
      const chosen = fromField ?? fromEnv ?? fromHome;
      if (chosen !== undefined) return chosen;
      throw new CredentialsConfigError(
        `no cluster credentials found: ${names.kubeconfig_field} is not set, KUBECONFIG is not set, ${names.in_cluster} is not available (${inClusterProblem}) and ${homeText(homePath)} does not exist`,
        { fields: [names.kubeconfig_field, names.KUBECONFIG, names.in_cluster, names.home_kubeconfig], configKey: 'auth' },
      );
    }
  }
}

/**
 * Reads the chosen source into credentials (no network, no exec plugin run). A problem in the
 * kubeconfig or service account files is a CredentialsConfigError naming the source in `fields`.
 */
export function loadCredentials(source: CredentialSource, options: { readonly env: NodeJS.ProcessEnv }): KubeCredentials {
  if (source.kind === 'in_cluster') {
    return attributeConfigErrors(() => loadInClusterCredentials({ env: options.env, dir: source.dir }), { fields: [source.field] });
  }
  return attributeConfigErrors(() => loadKubeconfig(source.paths, source.context), {
    fields: [source.field],
    configKey: source.from === 'kubeconfig_field' ? 'kubeconfig' : undefined,
  });
}

/** resolveCredentialSource + loadCredentials: everything `tracecore validate` can check. Throws CredentialsConfigError. */
export function checkCredentials(options: ResolveCredentialOptions): { source: CredentialSource; credentials: KubeCredentials } {
  const source = resolveCredentialSource(options);
  return { source, credentials: loadCredentials(source, { env: options.env }) };
}

type FieldNames = { readonly [name in CredentialSourceName]: string };

function fieldNames(options: ResolveCredentialOptions): FieldNames {
  return {
    kubeconfig_field: `${options.configPath ?? 'receivers.k8s_events'}.kubeconfig`,
    KUBECONFIG: 'KUBECONFIG',
    in_cluster: 'the in-cluster service account',
    home_kubeconfig: '~/.kube/config',
  };
}

function kubeconfigSource(from: 'kubeconfig_field' | 'KUBECONFIG' | 'home_kubeconfig', paths: string[], context: string | undefined, names: FieldNames): CredentialSource {
  return { kind: 'kubeconfig', from, paths, context: context === '' ? undefined : context, field: names[from] };
}

function inClusterSource(dir: string, context: string | undefined, names: FieldNames): CredentialSource {
  if (context !== undefined && context !== '') {
    throw new CredentialsConfigError(
      `context is set to "${context}", but ${names.in_cluster} is used, which has no contexts; remove context, or set kubeconfig (with auth: kubeconfig) to use a kubeconfig`,
      { fields: ['context', names.in_cluster], configKey: 'context' },
    );
  }
  return { kind: 'in_cluster', dir, field: names.in_cluster };
}

function ambiguous(fields: string[], includesInCluster: boolean): CredentialsConfigError {
  const listed = fields.length === 2 ? `${fields[0]} and ${fields[1]} are both present` : `${fields.slice(0, -1).join(', ')} and ${fields.at(-1)} are all present`;
  const fix = includesInCluster ? 'set auth: kubeconfig or auth: in_cluster' : 'set auth: kubeconfig (the kubeconfig field then wins over KUBECONFIG) or unset one of them';
  return new CredentialsConfigError(`ambiguous credentials: ${listed}; ${fix}`, { fields, configKey: 'auth' });
}

/** The KUBECONFIG list: split on the platform's path delimiter, empty entries dropped. */
function kubeconfigEnvPaths(env: NodeJS.ProcessEnv): string[] {
  const value = env.KUBECONFIG;
  if (value === undefined || value === '') return [];
  return value
    .split(delimiter)
    .filter((path) => path !== '')
    .map((path) => resolve(path));
}

function expandHome(path: string, homeDir: string | undefined, field: string): string {
  if (path !== '~' && !path.startsWith('~/')) return resolve(path);
  if (homeDir === undefined) {
    throw new CredentialsConfigError(`${field} starts with ~, but the home directory is unknown (HOME is not set); use an absolute path`, {
      fields: [field],
      configKey: 'kubeconfig',
    });
  }
  return join(homeDir, path.slice(1));
}

function homeText(homePath: string | undefined): string {
  return homePath === undefined ? '~/.kube/config (home directory unknown)' : `~/.kube/config (${homePath})`;
}
