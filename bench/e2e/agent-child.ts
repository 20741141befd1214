/**
 * The agent under test, as a process of its own: what `tracecore run --config FILE` does (config
 * file -> Agent with its telemetry server and logger -> start), plus the bench's IPC reporter.
 *
 *   node bench/e2e/agent-child.ts CONFIG.yaml      (started by bench/run.ts with an IPC channel)
 *
 * The otlp_http exporter is added to the registry here when src/components.ts does not list it
 * yet, so the pipeline is the real k8s_events -> batch -> otlp_http one either way.
 */
import { Registry } from '../../src/component/registry.ts';
import type { AnyFactory } from '../../src/component/types.ts';
import { FACTORIES } from '../../src/components.ts';
import { loadConfigFile } from '../../src/config/load.ts';
import { otlpHttpExporterFactory } from '../../src/exporters/otlp-http/factory.ts';
import { Agent } from '../../src/pipeline/agent.ts';
import { createLogger } from '../../src/telemetry/logger.ts';
import { reportFailure, serveParent } from './child-protocol.ts';

function registry(): Registry {
  const factories: AnyFactory[] = [...FACTORIES];
  if (!factories.some((f) => f.kind === 'exporter' && f.type === otlpHttpExporterFactory.type)) factories.push(otlpHttpExporterFactory);
  return new Registry(factories);
}

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: agent-child.ts CONFIG.yaml');
  const config = loadConfigFile(path, registry());
  const logger = createLogger(config.telemetry.logs.level);
  const agent = new Agent(config, { logger, env: process.env });
  serveParent(() => agent.shutdown());
  await agent.start();
}

main().catch(reportFailure);
