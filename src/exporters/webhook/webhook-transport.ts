/**
 * POSTs each batch to the configured URL with undici (one connection pool, TLS from the config),
 * after taking a token of this destination's rate limit: a batch beyond the limit waits for its
 * token (it stays queued; nothing is dropped) and the wait is counted as throttling by the rate
 * limit; a 429 from the endpoint is counted as throttling by the endpoint and retried by the
 * helper after its Retry-After. The URL is never logged whole: it often is the secret (Slack).
 */
import type { Agent } from 'undici';
import { readHead } from '../../net/capped-read.ts';
import { TokenBucket } from '../../net/token-bucket.ts';
import { VERSION } from '../../version.ts';
import type { TlsMaterial } from '../exporterhelper/tls-files.ts';
import { httpAgent, postPayload } from '../exporterhelper/http-attempt.ts';
import type { ExportTransport, Payload, SendOutcome } from '../exporterhelper/transport.ts';
import type { WebhookConfig } from './config.ts';
import { classifyWebhookResponse } from './webhook-response.ts';

/** Answer bodies are read up to this many bytes (for the error message), the rest is not read. */
const MAX_ANSWER_BYTES = 16 * 1024;

export interface ThrottleCounters {
  readonly rateLimit: { inc(): void };
  readonly endpoint: { inc(): void };
}

export class WebhookTransport implements ExportTransport {
  readonly endpoint: string;
  private readonly url: URL;
  private readonly config: WebhookConfig;
  private readonly headers: { [name: string]: string };
  private readonly agent: Agent;
  private readonly bucket: TokenBucket;
  private readonly throttled: ThrottleCounters;

  constructor(config: WebhookConfig, tls: TlsMaterial, throttled: ThrottleCounters) {
    this.config = config;
    this.url = new URL(config.endpoint);
    this.endpoint = `${this.url.protocol}//${this.url.host}/…`;
    this.headers = { 'user-agent': `tracecore/${VERSION}`, ...config.headers };
    this.agent = httpAgent(config, tls);
    this.bucket = new TokenBucket(config.rate_limit.requests_per_second, config.rate_limit.burst);
    this.throttled = throttled;
  }

  async send(payload: Payload, signal: AbortSignal): Promise<SendOutcome> {
    if (!this.bucket.tryTake()) {
      this.throttled.rateLimit.inc();
      try {
        await this.bucket.take(signal);
      } catch {
        return { kind: 'aborted' };
      }
    }
    return postPayload(this.url, this.agent, this.headers, payload, signal, this.config.timeout, async (response) => {
      const text = (await readHead(response.body, MAX_ANSWER_BYTES)).toString('utf8');
      if (response.statusCode === 429) this.throttled.endpoint.inc();
      return classifyWebhookResponse(response.statusCode, response.headers['retry-after'], text);
    });
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
