/**
 * otlp_http config: where and how to send (OTLP/HTTP, protobuf or JSON), retries and the queue.
 */
import { z } from 'zod';
import { CERT_AND_KEY_MESSAGE, certAndKeyTogether, headersSchema, timeoutSchema, tlsFileFields } from '../../otlp/export/common-config.ts';
import { retryConfigSchema } from '../../otlp/export/retry-config.ts';
import { queueConfigSchema } from '../sending-queue/config.ts';

export const otlpHttpConfigSchema = z
  .object({
    endpoint: z
      .string({ error: 'is required: the URL of the OTLP/HTTP endpoint, e.g. http://collector:4318' })
      .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), { message: 'must be an http:// or https:// URL, e.g. http://collector:4318' })
      .describe('base URL of the OTLP/HTTP endpoint; /v1/logs is appended unless the path already ends with it'),
    encoding: z.enum(['proto', 'json']).default('proto').describe('proto: binary protobuf (application/x-protobuf); json: OTLP/JSON (application/json)'),
    compression: z.enum(['gzip', 'none']).default('gzip').describe('compress request bodies'),
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
    const tlsSet = config.tls.ca_file !== undefined || config.tls.cert_file !== undefined || config.tls.insecure_skip_verify;
    if (tlsSet && URL.canParse(config.endpoint) && new URL(config.endpoint).protocol === 'http:') {
      ctx.addIssue({ code: 'custom', path: ['tls'], message: 'TLS settings need an https:// endpoint' });
    }
  });

export type OtlpHttpConfig = z.output<typeof otlpHttpConfigSchema>;
