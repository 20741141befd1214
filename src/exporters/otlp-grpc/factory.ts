/**
 * otlp_grpc: sends records as OTLP logs over gRPC to any OTLP endpoint, with TLS or in plain text.
 */
import { queuedExporterFactory } from '../exporterhelper/queued-exporter-factory.ts';
import { otlpProtoSerializer } from '../../otlp/serializers.ts';
import { otlpGrpcConfigSchema, type OtlpGrpcConfig } from './config.ts';

export const otlpGrpcExporterFactory = queuedExporterFactory<OtlpGrpcConfig>({
  type: 'otlp_grpc',
  stability: 'beta',
  description: 'Sends OTLP logs over gRPC (TLS or plain text, gzip) with retries and a sending queue, in memory or on disk',
  configSchema: otlpGrpcConfigSchema,
  serializer: () => otlpProtoSerializer,
  // gRPC compresses each message itself (grpc-encoding), so the helper sends the bytes as they are.
  compression: () => ({ compression: 'none' }),
  async openTransport(config, tls) {
    // Loaded here, not at module load: @grpc/grpc-js costs ~50 ms of CPU and several MiB at
    // every start, which configs without an otlp_grpc exporter should not pay.
    const { GrpcTransport } = await import('./grpc-transport.ts');
    return new GrpcTransport(config, tls);
  },
});
