import type { ExporterFactory } from '../../component/types.ts';
import { debugConfigSchema, type DebugConfig } from './config.ts';
import { DebugExporter } from './debug-exporter.ts';

export const debugExporterFactory: ExporterFactory<DebugConfig> = {
  kind: 'exporter',
  type: 'debug',
  stability: 'beta',
  description: 'Prints each record as a readable line on stdout',
  configSchema: debugConfigSchema,
  create: (settings, config) => new DebugExporter(settings, config),
};
