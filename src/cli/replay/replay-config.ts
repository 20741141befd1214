/**
 * The config a replay runs: by default k8s_events -> findings -> batch -> debug (the findings the
 * dump holds are printed among its events); with --config, the user's
 * pipelines with every k8s_events receiver pointed at the replay's sandbox API.
 */
import { parse, stringify } from 'yaml';
import { isJsonObject } from '../../model/json-value.ts';

export function defaultReplayConfig(kubeconfig: string): string {
  return `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${JSON.stringify(kubeconfig)} }
processors:
  findings: {}
  batch: { timeout: 100ms }
exporters:
  debug: {}
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [findings, batch], exporters: [debug] }
`;
}

type Section = { [id: string]: { [key: string]: unknown } | null };

/**
 * The user's config text with each k8s_events receiver reading from the sandbox instead of a
 * cluster, and without the state a run keeps on this machine: a replay writes no checkpoint
 * (`checkpoint_dir`) and no persistent queue (`queue.storage`). `ignored` names what was dropped.
 */
export function pointAtSandbox(configText: string, kubeconfig: string): { text: string; ignored: string[] } {
  const config = parse(configText) as { receivers?: Section; exporters?: Section } | null;
  const ignored: string[] = [];
  for (const [id, receiver] of Object.entries(config?.receivers ?? {})) {
    if (id !== 'k8s_events' && !id.startsWith('k8s_events/')) continue;
    const settings: { [key: string]: unknown } = { ...(receiver ?? {}), auth: 'kubeconfig', kubeconfig };
    delete settings.context;
    if (settings.checkpoint_dir !== undefined) {
      delete settings.checkpoint_dir;
      ignored.push(`receivers.${id}.checkpoint_dir`);
    }
    (config?.receivers ?? {})[id] = settings;
  }
  for (const [id, exporter] of Object.entries(config?.exporters ?? {})) {
    const queue = exporter?.queue;
    if (!isJsonObject(queue) || queue.storage === undefined) continue;
    const { storage: _storage, ...inMemory } = queue;
    (config?.exporters ?? {})[id] = { ...exporter, queue: inMemory };
    ignored.push(`exporters.${id}.queue.storage`);
  }
  return { text: stringify(config), ignored };
}
