import type { ProcessorFactory } from '../../component/types.ts';
import { BatchProcessor } from './batch-processor.ts';
import { batchConfigSchema, type BatchConfig } from './config.ts';

export const batchProcessorFactory: ProcessorFactory<BatchConfig> = {
  kind: 'processor',
  type: 'batch',
  stability: 'beta',
  description: 'Groups records into batches, sent on size, on time and on shutdown',
  configSchema: batchConfigSchema,
  create: (settings, config, next) => new BatchProcessor(settings, config, next),
};
