/**
 * Credentials for the k8s_events receiver, from its config and the environment (src/kube does the
 * work). `credentialProblems` runs at validation and start-up, without network; a problem there is
 * a config error (exit 2). `openConnection` builds the live connection the receiver uses.
 */
import { homedir } from 'node:os';
import { StartupError } from '../../component/startup-error.ts';
import type { EnvironmentProblem } from '../../component/types.ts';
import { checkCredentials, CredentialsConfigError, openKubeConnection, type ResolveCredentialOptions } from '../../kube/index.ts';
import type { Logger } from '../../telemetry/logger.ts';
import type { ApiConnection } from './api-client.ts';
import type { K8sEventsConfig } from './config.ts';

function options(config: K8sEventsConfig, env: NodeJS.ProcessEnv, configPath: string): ResolveCredentialOptions {
  return { auth: config.auth, kubeconfig: config.kubeconfig, context: config.context, env, homeDir: env.HOME || homedir(), configPath };
}

export function credentialProblems(config: K8sEventsConfig, env: NodeJS.ProcessEnv, configPath = 'receivers.k8s_events'): EnvironmentProblem[] {
  try {
    checkCredentials(options(config, env, configPath));
    return [];
  } catch (err) {
    if (err instanceof CredentialsConfigError) return [{ path: err.configKey ? [err.configKey] : [], message: err.message }];
    throw err;
  }
}

export async function openConnection(config: K8sEventsConfig, env: NodeJS.ProcessEnv, logger: Logger, configPath = 'receivers.k8s_events'): Promise<ApiConnection> {
  try {
    const connection = openKubeConnection({ ...options(config, env, configPath), execEnv: env });
    logger.debug({ api: connection.describe() }, 'cluster credentials resolved');
    return connection;
  } catch (err) {
    if (err instanceof CredentialsConfigError) throw new StartupError('config', err.message, { cause: err });
    throw err;
  }
}
