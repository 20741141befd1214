/**
 * otlp_http: sends records as OTLP logs over HTTP (protobuf or JSON) to any OTLP endpoint:
 * an OpenTelemetry Collector, Grafana, Datadog, Honeycomb, ...
 */
import type { ExporterFactory } from '../../component/types.ts';
import { QueuedExporter } from '../../otlp/export/queued-exporter.ts';
import { checkTlsFiles, readTlsFiles, warnIfInsecure } from '../../otlp/export/tls-files.ts';
import { checkQueueStorage } from '../sending-queue/check-storage.ts';
import { otlpHttpConfigSchema, type OtlpHttpConfig } from './config.ts';
import { describeUrl, logsUrl } from './endpoint-url.ts';
import { HttpTransport } from './http-transport.ts';

export const otlpHttpExporterFactory: ExporterFactory<OtlpHttpConfig> = {
  kind: 'exporter',
  type: 'otlp_http',
  stability: 'beta',
  description: 'Sends OTLP logs over HTTP (protobuf or JSON, gzip) with retries and a sending queue, in memory or on disk',
  configSchema: otlpHttpConfigSchema,
  checkEnvironment: (config) => [...checkTlsFiles(config.tls), ...checkQueueStorage(config.queue)],
  create(settings, config) {
    return new QueuedExporter(settings, {
      queue: config.queue,
      retry: config.retry,
      async openTransport() {
        const transport = new HttpTransport(config, readTlsFiles(config.tls));
        warnIfInsecure(settings.logger, settings.id, config.tls.insecure_skip_verify, describeUrl(logsUrl(config.endpoint)));
        const headerNames = Object.keys(config.headers);
        if (headerNames.length > 0) settings.logger.debug({ exporter: settings.id, headers: headerNames }, 'sending configured headers (values not logged)');
        return transport;
      },
    });
  },
};
