/**
 * otlp_http config: where and how to send (OTLP/HTTP, protobuf or JSON), retries and the queue.
 */
import { z } from 'zod';
import { CERT_AND_KEY_MESSAGE, certAndKeyTogether, headersSchema, timeoutSchema, tlsFileFields } from '../exporterhelper/client-config.ts';
import { compressionLevelProblem, compressionLevelSchema } from '../exporterhelper/compression.ts';
import { retryConfigSchema } from '../exporterhelper/retry-config.ts';
import { queueConfigSchema } from '../exporterhelper/queue/queue-config.ts';

export const otlpHttpConfigSchema = z
  .object({
    endpoint: z
      .string({ error: 'is required: the URL of the OTLP/HTTP endpoint, e.g. http://collector:4318' })
      .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), { message: 'must be an http:// or https:// URL, e.g. http://collector:4318' })
      .describe('base URL of the OTLP/HTTP endpoint; /v1/logs is appended unless the path already ends with it'),
    encoding: z.enum(['proto', 'json']).default('proto').describe('proto: binary protobuf (application/x-protobuf); json: OTLP/JSON (application/json)'),
    compression: z
      .enum(['gzip', 'zstd', 'none'])
      .default('gzip')
      .describe('compress request bodies: gzip (every OTLP endpoint accepts it), zstd (smaller and cheaper; the OpenTelemetry Collector accepts it) or none'),
    compression_level: compressionLevelSchema,
    headers: headersSchema,
    timeout: timeoutSchema,
    tls: z
      .object(tlsFileFields)
      .strict()
      .refine(certAndKeyTogether, { message: CERT_AND_KEY_MESSAGE, path: ['key_file'] })
      .prefault({})
      .describe('TLS settings for an https:// endpoint'),
    retry: retryConfigSchema.prefault({}).describe('retries of retryable failures (429, 502, 503, 504, network errors, timeouts)'),
    queue: queueConfigSchema.prefault({}).describe('the sending queue in front of the endpoint'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const levelProblem = compressionLevelProblem(config);
    if (levelProblem !== undefined) ctx.addIssue({ code: 'custom', path: ['compression_level'], message: levelProblem });
    const tlsSet = config.tls.ca_file !== undefined || config.tls.cert_file !== undefined || config.tls.insecure_skip_verify;
    if (tlsSet && URL.canParse(config.endpoint) && new URL(config.endpoint).protocol === 'http:') {
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'TLS settings need an https:// endpoint' });
    }
  });

export type OtlpHttpConfig = z.output<typeof otlpHttpConfigSchema>;
