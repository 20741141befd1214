import type { ProcessorFactory } from '../../component/types.ts';
import { filterConfigSchema, type FilterConfig } from './config.ts';
import { FilterProcessor } from './filter-processor.ts';

export const filterProcessorFactory: ProcessorFactory<FilterConfig> = {
  kind: 'processor',
  type: 'filter',
  stability: 'alpha',
  description: 'Passes on only the records (events and findings) that meet its conditions, to route a stream to several pipelines',
  configSchema: filterConfigSchema,
  create: (settings, config, next) => new FilterProcessor(settings, config, next),
};
