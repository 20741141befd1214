/**
 * The one builder of exporter factories on the exporter helper (otlp_http, otlp_grpc, and the
 * exporters that come next): what differs is the config schema, the serializer, the compression
 * the helper applies and how the transport opens; what `validate` checks (TLS files, the queue's
 * directory), the start-up logs and the queued exporter are the same for all.
 */
import type { CreateSettings, ExporterFactory, Stability } from '../../component/types.ts';
import type { z } from 'zod';
import type { CompressionConfig } from './compression.ts';
import { checkQueueStorage } from './queue/check-storage.ts';
import type { QueueConfig } from './queue/queue-config.ts';
import { QueuedExporter } from './queued-exporter.ts';
import type { RetryConfig } from './retry-config.ts';
import { checkTlsFiles, readTlsFiles, warnIfInsecure, type TlsFilesConfig, type TlsMaterial } from './tls-files.ts';
import type { BatchSerializer, ExportTransport } from './transport.ts';

/** The config fields every exporter on the helper has. */
export interface QueuedExporterConfig {
  readonly queue: QueueConfig;
  readonly retry: RetryConfig;
  readonly headers: { readonly [name: string]: string };
  readonly tls: TlsFilesConfig & { readonly insecure_skip_verify: boolean };
}

export interface QueuedExporterDefinition<C extends QueuedExporterConfig> {
  readonly type: string;
  readonly stability: Stability;
  readonly description: string;
  readonly configSchema: z.ZodType<C>;
  serializer(config: C): BatchSerializer;
  /** What the helper compresses with (`none` when the transport compresses itself). */
  compression(config: C): CompressionConfig;
  /** Called at start, with the TLS files already read. */
  openTransport(config: C, tls: TlsMaterial): ExportTransport | Promise<ExportTransport>;
}

export function queuedExporterFactory<C extends QueuedExporterConfig>(definition: QueuedExporterDefinition<C>): ExporterFactory<C> {
  return {
    kind: 'exporter',
    type: definition.type,
    stability: definition.stability,
    description: definition.description,
    configSchema: definition.configSchema,
    checkEnvironment: (config) => [...checkTlsFiles(config.tls), ...checkQueueStorage(config.queue)],
    create(settings: CreateSettings, config: C) {
      return new QueuedExporter(settings, {
        queue: config.queue,
        retry: config.retry,
        serializer: definition.serializer(config),
        compression: definition.compression(config),
        async openTransport() {
          const transport = await definition.openTransport(config, readTlsFiles(config.tls));
          warnIfInsecure(settings.logger, settings.id, config.tls.insecure_skip_verify, transport.endpoint);
          const headerNames = Object.keys(config.headers);
          if (headerNames.length > 0) settings.logger.debug({ exporter: settings.id, headers: headerNames }, 'sending configured headers (values not logged)');
          return transport;
        },
      });
    },
  };
}
