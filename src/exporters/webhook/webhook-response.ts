/**
 * What a webhook's answer means. Unlike OTLP, a chat webhook or a user's service answers any 5xx
 * when it is down, so every 5xx is retried, as are 408 and 429 (honouring Retry-After); 413 splits
 * the batch; other 4xx are permanent (a wrong URL or token does not heal by retrying).
 */
import { parseRetryAfter } from '../../net/retry-after.ts';
import type { SendOutcome } from '../exporterhelper/transport.ts';

const MAX_MESSAGE_CHARS = 300;

export function classifyWebhookResponse(status: number, retryAfter: string | string[] | undefined, text: string): SendOutcome {
  if (status >= 200 && status < 300) return { kind: 'success', rejected: 0, message: '' };
  const code = `http_${status}`;
  const body = text.replace(/\s+/g, ' ').trim();
  const message = `HTTP ${status}${body ? `: ${body.length > MAX_MESSAGE_CHARS ? `${body.slice(0, MAX_MESSAGE_CHARS)}...` : body}` : ''}`;
  if (status === 413) return { kind: 'too_large', code, message };
  if (status === 408 || status === 429 || status >= 500) return { kind: 'retryable', code, message, retryAfterMs: parseRetryAfter(retryAfter), answered: true };
  return { kind: 'permanent', code, message };
}
