/**
 * otlp_http: sends records as OTLP logs over HTTP (protobuf or JSON) to any OTLP endpoint:
 * an OpenTelemetry Collector, Grafana, Datadog, Honeycomb, ...
 */
import { queuedExporterFactory } from '../exporterhelper/queued-exporter-factory.ts';
import { otlpJsonSerializer, otlpProtoSerializer } from '../../otlp/serializers.ts';
import { otlpHttpConfigSchema, type OtlpHttpConfig } from './config.ts';
import { HttpTransport } from './http-transport.ts';

export const otlpHttpExporterFactory = queuedExporterFactory<OtlpHttpConfig>({
  type: 'otlp_http',
  stability: 'beta',
  description: 'Sends OTLP logs over HTTP (protobuf or JSON; gzip, zstd or none) with retries and a sending queue, in memory or on disk',
  configSchema: otlpHttpConfigSchema,
  serializer: (config) => (config.encoding === 'json' ? otlpJsonSerializer : otlpProtoSerializer),
  compression: (config) => config,
  openTransport: (config, tls) => new HttpTransport(config, tls),
});
