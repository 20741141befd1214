import type { ProcessorFactory } from '../../component/types.ts';
import { findingsConfigSchema, type FindingsConfig } from './config.ts';
import { FindingsProcessor } from './findings-processor.ts';

export const findingsProcessorFactory: ProcessorFactory<FindingsConfig> = {
  kind: 'processor',
  type: 'findings',
  stability: 'alpha',
  description: 'Turns streams of events into findings (eviction storms, crash loops, ...) and counts events as metrics',
  configSchema: findingsConfigSchema,
  onePerProcess: 'it counts every event in tracecore_k8s_events_total and keeps one state of what fires',
  create: (settings, config, next) => new FindingsProcessor(settings, config, next),
};
