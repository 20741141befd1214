/**
 * The agent under test, as a process of its own: what `tracecore run --config FILE` does (config
 * file -> Agent with its telemetry server and logger -> start), plus the bench's IPC reporter.
 *
 *   node bench/e2e/agent-child.ts CONFIG.yaml      (started by bench/run.ts with an IPC channel)
 *
 * With TRACECORE_BENCH_DIST=1 (the "shipped" agent) the product's modules come from the compiled
 * JavaScript in dist/ (`npm run build`), as in the image and `npm start`; only this file and the
 * IPC reporter are then type-stripped. Otherwise from the TypeScript sources.
 *
 * The otlp_http exporter is added to the registry here when src/components.ts does not list it
 * yet, so the pipeline is the real k8s_events -> batch -> otlp_http one either way.
 */
import type * as RegistryModule from '../../src/component/registry.ts';
import type { AnyFactory } from '../../src/component/types.ts';
import type * as ComponentsModule from '../../src/components.ts';
import type * as LoadModule from '../../src/config/load.ts';
import type * as OtlpHttpFactoryModule from '../../src/exporters/otlp-http/factory.ts';
import type * as AgentModule from '../../src/pipeline/agent.ts';
import type * as LoggerModule from '../../src/telemetry/logger.ts';
import { reportFailure, serveParent } from './child-protocol.ts';

const fromDist = process.env.TRACECORE_BENCH_DIST === '1';
const root = new URL(fromDist ? '../../dist/' : '../../src/', import.meta.url);
const load = <T>(path: string): Promise<T> => import(new URL(fromDist ? path.replace(/\.ts$/, '.js') : path, root).href) as Promise<T>;

async function main(): Promise<void> {
  const path = process.argv[2];
  if (path === undefined) throw new Error('usage: agent-child.ts CONFIG.yaml');
  const { Registry } = await load<typeof RegistryModule>('component/registry.ts');
  const { FACTORIES } = await load<typeof ComponentsModule>('components.ts');
  const { loadConfigFile } = await load<typeof LoadModule>('config/load.ts');
  const { otlpHttpExporterFactory } = await load<typeof OtlpHttpFactoryModule>('exporters/otlp-http/factory.ts');
  const { Agent } = await load<typeof AgentModule>('pipeline/agent.ts');
  const { createLogger } = await load<typeof LoggerModule>('telemetry/logger.ts');
  const factories: AnyFactory[] = [...FACTORIES];
  if (!factories.some((f) => f.kind === 'exporter' && f.type === otlpHttpExporterFactory.type)) factories.push(otlpHttpExporterFactory);
  const config = loadConfigFile(path, new Registry(factories));
  const logger = createLogger(config.telemetry.logs.level);
  const agent = new Agent(config, { logger, env: process.env });
  serveParent(() => agent.shutdown());
  await agent.start();
}

main().catch(reportFailure);
