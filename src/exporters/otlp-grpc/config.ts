/**
 * otlp_grpc config: where and how to send (OTLP/gRPC, protobuf), TLS or plain text, retries and
 * the queue.
 */
import { z } from 'zod';
import { hostPortProblem } from '../../config/schema-helpers.ts';
import { CERT_AND_KEY_MESSAGE, certAndKeyTogether, headersSchema, timeoutSchema, tlsFileFields } from '../exporterhelper/client-config.ts';
import { retryConfigSchema } from '../exporterhelper/retry-config.ts';
import { queueConfigSchema } from '../exporterhelper/queue/queue-config.ts';

const ENDPOINT = /^(?:(https?):\/\/)?(\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9.-]+):(\d{1,5})\/?$/;

export const otlpGrpcConfigSchema = z
  .object({
    endpoint: z
      .string({ error: 'is required: host:port of the OTLP/gRPC endpoint, e.g. collector:4317' })
      .regex(ENDPOINT, 'must be host:port (e.g. collector:4317), optionally with http:// (plain text) or https:// (TLS) in front')
      .describe('host:port of the OTLP/gRPC endpoint; an http:// prefix means plain text, https:// means TLS'),
    compression: z.enum(['gzip', 'none']).default('gzip').describe('compress request messages'),
    headers: headersSchema.refine((h) => Object.keys(h).every((name) => !name.toLowerCase().endsWith('-bin')), { message: 'binary (-bin) metadata is not supported' }),
    timeout: timeoutSchema,
    tls: z
      .object({
        insecure: z.boolean().optional().describe('plain text, no TLS (default false; true when the endpoint starts with http://)'),
        ...tlsFileFields,
      })
      .strict()
      .refine(certAndKeyTogether, { message: CERT_AND_KEY_MESSAGE, path: ['key_file'] })
      .prefault({})
      .describe('TLS settings (TLS with the system roots unless insecure)'),
    retry: retryConfigSchema.prefault({}).describe('retries of retryable failures (UNAVAILABLE, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED with retry info, ...)'),
    queue: queueConfigSchema.prefault({}).describe('the sending queue in front of the endpoint'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const m = ENDPOINT.exec(config.endpoint);
    if (!m) return;
    const portProblem = hostPortProblem(`${m[2]}:${m[3]}`, 1, 'collector:4317');
    if (portProblem !== undefined) ctx.addIssue({ code: 'custom', path: ['endpoint'], message: portProblem });
    const scheme = m[1];
    if (scheme === 'https' && config.tls.insecure === true) ctx.addIssue({ code: 'custom', path: ['tls', 'insecure'], message: 'an https:// endpoint uses TLS: drop tls.insecure or use http://' });
    if (scheme === 'http' && config.tls.insecure === false) ctx.addIssue({ code: 'custom', path: ['tls', 'insecure'], message: 'an http:// endpoint is plain text: drop tls.insecure: false or use https://' });
    const filesSet = config.tls.ca_file !== undefined || config.tls.cert_file !== undefined || config.tls.insecure_skip_verify;
    if (filesSet && grpcTarget(config).insecure) ctx.addIssue({ code: 'custom', path: ['tls'], message: 'TLS files and insecure_skip_verify need TLS: the endpoint is plain text (tls.insecure or http://)' });
  });

export type OtlpGrpcConfig = z.output<typeof otlpGrpcConfigSchema>;

/** The gRPC target (host:port) and whether it is plain text. */
export function grpcTarget(config: { endpoint: string; tls: { insecure?: boolean } }): { target: string; insecure: boolean } {
  const m = ENDPOINT.exec(config.endpoint);
  if (!m) throw new Error(`invalid gRPC endpoint ${config.endpoint}`);
  return { target: `${m[2]}:${m[3]}`, insecure: config.tls.insecure ?? m[1] === 'http' };
}
