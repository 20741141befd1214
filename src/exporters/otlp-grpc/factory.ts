/**
 * otlp_grpc: sends records as OTLP logs over gRPC to any OTLP endpoint, with TLS or in plain text.
 */
import type { ExporterFactory } from '../../component/types.ts';
import { QueuedExporter } from '../../otlp/export/queued-exporter.ts';
import { checkTlsFiles, readTlsFiles, warnIfInsecure } from '../../otlp/export/tls-files.ts';
import { checkQueueStorage } from '../sending-queue/check-storage.ts';
import { otlpGrpcConfigSchema, type OtlpGrpcConfig } from './config.ts';

export const otlpGrpcExporterFactory: ExporterFactory<OtlpGrpcConfig> = {
  kind: 'exporter',
  type: 'otlp_grpc',
  stability: 'beta',
  description: 'Sends OTLP logs over gRPC (TLS or plain text, gzip) with retries and a sending queue, in memory or on disk',
  configSchema: otlpGrpcConfigSchema,
  checkEnvironment: (config) => [...checkTlsFiles(config.tls), ...checkQueueStorage(config.queue)],
  create(settings, config) {
    return new QueuedExporter(settings, {
      queue: config.queue,
      retry: config.retry,
      async openTransport() {
        // Loaded here, not at module load: @grpc/grpc-js costs ~50 ms of CPU and several MiB at
        // every start, which configs without an otlp_grpc exporter should not pay.
        const { GrpcTransport } = await import('./grpc-transport.ts');
        const transport = new GrpcTransport(config, readTlsFiles(config.tls));
        warnIfInsecure(settings.logger, settings.id, config.tls.insecure_skip_verify, transport.endpoint);
        return transport;
      },
    });
  },
};
