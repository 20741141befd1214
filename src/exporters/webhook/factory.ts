/**
 * webhook: POSTs records and findings as JSON, a Slack message or a Teams card, on the exporter
 * helper (queue, retries with backoff honouring Retry-After, backpressure, acknowledgements).
 */
import { queuedExporterFactory } from '../exporterhelper/queued-exporter-factory.ts';
import { webhookConfigSchema, type WebhookConfig } from './config.ts';
import { webhookSerializer } from './message-formats.ts';
import { WebhookTransport } from './webhook-transport.ts';

export const webhookExporterFactory = queuedExporterFactory<WebhookConfig>({
  type: 'webhook',
  stability: 'alpha',
  description: 'POSTs records and findings to a webhook as JSON, a Slack message or a Teams card, rate-limited, with retries and a sending queue',
  configSchema: webhookConfigSchema,
  serializer: (config) => webhookSerializer(config.format, config.max_items),
  // Chat webhooks do not take compressed bodies.
  compression: () => ({ compression: 'none' }),
  openTransport: (config, tls, settings) => {
    const throttled = settings.metrics.exporterThrottled;
    const counters = { rateLimit: throttled.labels(settings.id, 'rate_limit'), endpoint: throttled.labels(settings.id, 'endpoint') };
    counters.rateLimit.inc(0);
    counters.endpoint.inc(0);
    return new WebhookTransport(config, tls, counters);
  },
});
