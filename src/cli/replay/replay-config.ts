/**
 * The config a replay runs: by default k8s_events -> findings -> batch -> debug (the findings the
 * dump holds are printed among its events); with --config, the user's
 * pipelines with every k8s_events receiver pointed at the replay's sandbox API.
 */
import { parse, stringify } from 'yaml';

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

/** The user's config text with each k8s_events receiver reading from the sandbox instead of a cluster. */
export function pointAtSandbox(configText: string, kubeconfig: string): string {
  const config = parse(configText) as { receivers?: { [id: string]: { [key: string]: unknown } | null } } | null;
  for (const [id, receiver] of Object.entries(config?.receivers ?? {})) {
    if (id !== 'k8s_events' && !id.startsWith('k8s_events/')) continue;
    const settings: { [key: string]: unknown } = { ...(receiver ?? {}), auth: 'kubeconfig', kubeconfig };
    delete settings.context;
    (config?.receivers ?? {})[id] = settings;
  }
  return stringify(config);
}
