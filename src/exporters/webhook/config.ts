/**
 * webhook config: where to POST (any http(s) URL: a Slack incoming webhook, a Teams connector, your
 * own service), in which shape, how fast at most, and the exporter helper's retry and queue.
 */
import { z } from 'zod';
import { headersSchema, httpTlsSchema, timeoutSchema, tlsWithoutHttpsProblem } from '../exporterhelper/client-config.ts';
import { queueConfigSchema } from '../exporterhelper/queue/queue-config.ts';
import { retryConfigSchema } from '../exporterhelper/retry-config.ts';

export const WEBHOOK_FORMATS = ['json', 'slack', 'teams'] as const;

export const webhookConfigSchema = z
  .object({
    endpoint: z
      .string({ error: 'is required: the URL to POST to, e.g. https://hooks.slack.com/services/${env:SLACK_WEBHOOK_PATH}' })
      .refine((url) => URL.canParse(url) && /^https?:$/.test(new URL(url).protocol), { message: 'must be an http:// or https:// URL' })
      .describe('the URL each batch is POSTed to, as is (keep its secret part in the environment: ${env:NAME})'),
    format: z
      .enum(WEBHOOK_FORMATS)
      .default('json')
      .describe('json: {"records":[...]} with every record; slack: an incoming-webhook message (text and blocks); teams: an Office 365 connector MessageCard. Chat formats show the first max_items records of a batch and count the rest'),
    max_items: z.number().int().min(1).max(40).default(10).describe('records listed one by one in a slack or teams message; the rest of the batch is counted in one line'),
    headers: headersSchema,
    timeout: timeoutSchema,
    tls: httpTlsSchema,
    rate_limit: z
      .object({
        requests_per_second: z.number().min(0.01).max(1000).default(1).describe('POSTs per second at most (Slack allows about 1 per second per webhook)'),
        burst: z.number().int().min(1).max(1000).default(3).describe('POSTs that may go at once after a quiet spell'),
      })
      .strict()
      .prefault({})
      .describe('a limit of this exporter\'s own on its destination: batches beyond it wait in the queue, counted in tracecore_exporter_throttled_total{by="rate_limit"}'),
    retry: retryConfigSchema.prefault({}).describe('retries of retryable failures (408, 429, 5xx, network errors, timeouts); a Retry-After is honoured'),
    queue: queueConfigSchema.prefault({}).describe('the sending queue in front of the endpoint'),
  })
  .strict()
  .superRefine((config, ctx) => {
    const tlsProblem = tlsWithoutHttpsProblem(config);
    if (tlsProblem !== undefined) ctx.addIssue({ code: 'custom', path: ['tls'], message: tlsProblem });
  });

export type WebhookConfig = z.output<typeof webhookConfigSchema>;
