/**
 * Config fields shared by otlp_http and otlp_grpc, so both read and fail the same way.
 */
import { z } from 'zod';
import { duration } from '../../config/schema-helpers.ts';

/** Header names the exporter sets itself: a user value would break the request. */
const RESERVED_HEADERS = new Set(['content-type', 'content-encoding', 'content-length', 'transfer-encoding', 'host', 'connection', 'te', 'grpc-encoding', 'grpc-timeout']);
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;

export const headersSchema = z
  .record(
    z
      .string()
      .regex(HEADER_NAME, 'is not a valid header name')
      .refine((name) => !RESERVED_HEADERS.has(name.toLowerCase()), { message: 'is set by tracecore itself and cannot be configured' }),
    z.string(),
  )
  .default({})
  .describe('headers sent with every request, e.g. authorization: "Bearer ${env:OTLP_TOKEN}"; values are never logged');

export const timeoutSchema = duration({ default: '10s', minMs: 1, maxMs: 600_000 }).describe('how long one export request may take before it is abandoned and retried');

export const tlsFileFields = {
  ca_file: z.string().min(1).optional().describe('PEM file of the certificate authorities that sign the endpoint certificate (default: the system roots)'),
  cert_file: z.string().min(1).optional().describe('PEM client certificate for mutual TLS (with key_file)'),
  key_file: z.string().min(1).optional().describe('PEM private key of cert_file'),
  insecure_skip_verify: z.boolean().default(false).describe('accept any server certificate (logs a warning at start; for tests only)'),
};

export function certAndKeyTogether(tls: { cert_file?: string; key_file?: string }): boolean {
  return (tls.cert_file === undefined) === (tls.key_file === undefined);
}
export const CERT_AND_KEY_MESSAGE = 'cert_file and key_file go together: set both for mutual TLS, or neither';
