/**
 * An agent with its status page for the status tests: the sandbox API over HTTPS, a real OTLP/HTTP
 * endpoint on loopback, and the real pipeline (k8s_events -> batch -> otlp_http) with the telemetry
 * server on 127.0.0.1:0, with the findings processor in the pipeline as the demo has it.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { defaultRegistry } from '../../src/components.ts';
import { loadConfigText } from '../../src/config/load.ts';
import { Agent } from '../../src/pipeline/agent.ts';
import { SandboxApiServer } from '../../src/sandbox/index.ts';
import { createLogger } from '../../src/telemetry/logger.ts';
import { OtlpHttpTestEndpoint } from './otlp-endpoint.ts';

export interface StatusAgent {
  readonly agent: Agent;
  readonly sandbox: SandboxApiServer;
  readonly endpoint: OtlpHttpTestEndpoint;
  /** http://127.0.0.1:PORT */
  readonly base: string;
  close(): Promise<void>;
}

export interface StatusAgentOptions {
  /** Share this sandbox (it is then not closed with the agent). */
  readonly sandbox?: SandboxApiServer;
  /** More keys for the k8s_events receiver's flow mapping, e.g. `leader_election: { ... }`. */
  readonly receiverKeys?: string;
}

export async function startStatusAgent(options: StatusAgentOptions = {}): Promise<StatusAgent> {
  const ownSandbox = options.sandbox === undefined;
  const sandbox = options.sandbox ?? (await SandboxApiServer.start({ protocol: 'https' }));
  const closeSandbox = (): Promise<void> => (ownSandbox ? sandbox.close() : Promise.resolve());
  const endpoint = await OtlpHttpTestEndpoint.start();
  const dir = await mkdtemp(join(tmpdir(), 'tracecore-status-'));
  const registry = defaultRegistry();
  let agent: Agent | undefined;
  try {
    const kubeconfig = await sandbox.writeKubeconfig(dir);
    const config = loadConfigText(
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${JSON.stringify(kubeconfig)}, cluster_name: status-test${options.receiverKeys ? `, ${options.receiverKeys}` : ''} }
processors:
  batch: { send_batch_size: 50, timeout: 100ms }
  findings: {}
exporters:
  otlp_http:
    endpoint: ${endpoint.url}
    retry: { initial_interval: 200ms, max_interval: 1s, max_elapsed: 0s }
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [findings, batch], exporters: [otlp_http] }
  telemetry: { logs: { level: error }, metrics: { address: "127.0.0.1:0" } }
`,
      registry,
      {},
    );
    agent = new Agent(config, { logger: createLogger('error'), env: {} });
    await agent.start();
  } catch (err) {
    await agent?.shutdown();
    await Promise.all([closeSandbox(), endpoint.close(), rm(dir, { recursive: true, force: true })]);
    throw err;
  }
  const running = agent;
  return {
    agent: running,
    sandbox,
    endpoint,
    base: `http://${running.telemetryAddress ?? ''}`,
    async close() {
      await running.shutdown();
      await Promise.all([closeSandbox(), endpoint.close(), rm(dir, { recursive: true, force: true })]);
    },
  };
}
