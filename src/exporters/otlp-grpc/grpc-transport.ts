/**
 * OTLP/gRPC transport: one unary call of opentelemetry.proto.collector.logs.v1.LogsService/Export
 * per attempt, with @grpc/grpc-js and no .proto at run time (our bytes are the request; the
 * response's partial success is read with our own decoder). Headers go as metadata; the deadline
 * is `timeout`; the channel reconnects on the retry schedule's intervals.
 */
import * as grpc from '@grpc/grpc-js';
import { MAX_ANSWER_BYTES, decodePartialSuccessProto } from '../../otlp/export-response.ts';
import type { ExportTransport, Payload, SendOutcome } from '../exporterhelper/transport.ts';
import type { TlsMaterial } from '../exporterhelper/tls-files.ts';
import { VERSION } from '../../version.ts';
import { grpcTarget, type OtlpGrpcConfig } from './config.ts';
import { classifyGrpcError } from './grpc-status.ts';

export const EXPORT_METHOD = '/opentelemetry.proto.collector.logs.v1.LogsService/Export';

const serialize = (body: Uint8Array): Buffer => Buffer.from(body.buffer, body.byteOffset, body.byteLength);
const deserialize = (data: Buffer): Buffer => data;

export class GrpcTransport implements ExportTransport {
  readonly endpoint: string;
  private readonly client: grpc.Client;
  private readonly metadata: grpc.Metadata;
  private readonly timeoutMs: number;

  constructor(config: OtlpGrpcConfig, tls: TlsMaterial) {
    const { target, insecure } = grpcTarget(config);
    this.endpoint = `${insecure ? 'http' : 'https'}://${target}`;
    this.timeoutMs = config.timeout;
    const credentials = insecure
      ? grpc.credentials.createInsecure()
      : grpc.credentials.createSsl(tls.ca ?? null, tls.key ?? null, tls.cert ?? null, config.tls.insecure_skip_verify ? { rejectUnauthorized: false, checkServerIdentity: () => undefined } : {});
    this.client = new grpc.Client(target, credentials, {
      'grpc.primary_user_agent': `tracecore/${VERSION}`,
      'grpc.default_compression_algorithm': config.compression === 'gzip' ? grpc.compressionAlgorithms.gzip : grpc.compressionAlgorithms.identity,
      'grpc.initial_reconnect_backoff_ms': Math.min(config.retry.initial_interval, 1000),
      'grpc.max_reconnect_backoff_ms': config.retry.max_interval,
      // An answer over this fails the call (RESOURCE_EXHAUSTED) instead of being held in memory.
      'grpc.max_receive_message_length': MAX_ANSWER_BYTES,
    });
    this.metadata = new grpc.Metadata();
    for (const [name, value] of Object.entries(config.headers)) this.metadata.set(name.toLowerCase(), value);
  }

  send(payload: Payload, signal: AbortSignal): Promise<SendOutcome> {
    if (signal.aborted) return Promise.resolve({ kind: 'aborted' });
    const body = payload.body;
    return new Promise<SendOutcome>((resolve) => {
      const call = this.client.makeUnaryRequest(EXPORT_METHOD, serialize, deserialize, body, this.metadata.clone(), { deadline: Date.now() + this.timeoutMs }, (error, response) => {
        signal.removeEventListener('abort', cancel);
        if (signal.aborted) return resolve({ kind: 'aborted' });
        if (error) return resolve(classifyGrpcError(error.code, error.details, error.metadata));
        try {
          const partial = decodePartialSuccessProto(response ?? Buffer.alloc(0));
          resolve({ kind: 'success', rejected: partial.rejected, message: partial.message });
        } catch (decodeError) {
          resolve({ kind: 'success', rejected: 0, message: `the endpoint accepted the batch but its answer could not be decoded: ${(decodeError as Error).message}` });
        }
      });
      const cancel = () => call.cancel();
      signal.addEventListener('abort', cancel, { once: true });
    });
  }

  async close(): Promise<void> {
    this.client.close();
  }
}
