import type { EnvironmentProblem, ReceiverFactory } from '../../component/types.ts';
import { RESOURCE_CLUSTER_NAME, RESOURCE_SERVICE_NAME, RESOURCE_SERVICE_VERSION } from '../../model/attributes.ts';
import type { Attribute, Resource } from '../../model/record.ts';
import { VERSION } from '../../version.ts';
import { k8sEventsConfigSchema, type K8sEventsConfig } from './config.ts';
import { credentialProblems, openConnection } from './connect.ts';
import { writableDirectoryProblem } from '../../config/writable-directory.ts';
import { K8sEventsReceiver } from './receiver.ts';
import { defaultLeaseNamespace } from '../../leader/identity.ts';
import { leaseNamespaceProblem, ReceiverLeadership } from '../../leader/receiver-leadership.ts';

export function resourceFor(config: K8sEventsConfig): Resource {
  const attributes: Attribute[] = [
    { key: RESOURCE_SERVICE_NAME, value: 'tracecore' },
    { key: RESOURCE_SERVICE_VERSION, value: VERSION },
  ];
  if (config.cluster_name) attributes.push({ key: RESOURCE_CLUSTER_NAME, value: config.cluster_name });
  return { attributes };
}

export const k8sEventsReceiverFactory: ReceiverFactory<K8sEventsConfig> = {
  kind: 'receiver',
  type: 'k8s_events',
  stability: 'beta',
  description: 'Lists and watches events.k8s.io/v1 Events and turns each into a record with a failure hint',
  configSchema: k8sEventsConfigSchema,
  onePerProcess: 'it runs one list+watch: run one tracecore per cluster',
  checkEnvironment: (config, env) => {
    const problems = [...credentialProblems(config, env), ...leaderElectionProblems(config, env)];
    const dir = config.checkpoint_dir === undefined ? undefined : writableDirectoryProblem(config.checkpoint_dir);
    if (dir !== undefined) problems.push({ path: ['checkpoint_dir'], message: dir });
    return problems;
  },
  create: (settings, config, next) => {
    const leadership = config.leader_election.enabled ? new ReceiverLeadership(settings, config.leader_election, settings.env) : undefined;
    // Without leader election the one replica always leads (it lists, watches and exports): the
    // series exist from start either way, so `TracecoreNoLeader` reads them from the first scrape.
    if (leadership === undefined) {
      settings.metrics.leaderIsLeader.labels(settings.id).set(1);
      settings.metrics.leaderTransitions.labels(settings.id).inc(0);
    }
    return new K8sEventsReceiver(settings, config, next, {
      connect: () => openConnection(config, settings.env, settings.logger),
      resource: resourceFor(config),
      leadership,
      checkpointStore: leadership?.checkpointStore,
    });
  },
};

function leaderElectionProblems(config: K8sEventsConfig, env: NodeJS.ProcessEnv): EnvironmentProblem[] {
  const election = config.leader_election;
  if (!election.enabled || election.lease_namespace !== undefined || defaultLeaseNamespace(env) !== undefined) return [];
  return [{ path: ['leader_election', 'lease_namespace'], message: leaseNamespaceProblem }];
}
