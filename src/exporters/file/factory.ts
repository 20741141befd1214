import type { ExporterFactory } from '../../component/types.ts';
import { fileConfigSchema, type FileConfig } from './config.ts';
import { FileExporter } from './file-exporter.ts';
import { writablePathProblems } from './writable-path.ts';

export const fileExporterFactory: ExporterFactory<FileConfig> = {
  kind: 'exporter',
  type: 'file',
  stability: 'beta',
  description: 'Appends OTLP/JSON export requests to a file, one per line',
  configSchema: fileConfigSchema,
  checkEnvironment: (config) => writablePathProblems(config.path),
  create: (settings, config) => new FileExporter(settings, config),
};
