/**
 * What every HTTP transport on the helper does the same way: its connection pool (TLS from the
 * config), one POST of a payload bounded by the attempt's timeout, and what a request that got no
 * answer means (aborted by shutdown, timed out, or a network error, the last two retryable). The
 * transport says what an answer means (`read`).
 */
import { Agent, request, type Dispatcher } from 'undici';
import type { TlsMaterial } from './tls-files.ts';
import type { Payload, SendOutcome } from './transport.ts';

export function httpAgent(config: { queue: { num_consumers: number }; tls: { insecure_skip_verify: boolean }; timeout: number }, tls: TlsMaterial): Agent {
  return new Agent({
    connections: config.queue.num_consumers,
    connect: { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !config.tls.insecure_skip_verify, timeout: config.timeout },
  });
}

/** POSTs `payload` (its own content headers: a batch from a persistent queue keeps the encoding it was written with). Never rejects. */
export async function postPayload(
  url: URL,
  dispatcher: Dispatcher,
  headers: { readonly [name: string]: string },
  payload: Payload,
  signal: AbortSignal,
  timeoutMs: number,
  read: (response: Dispatcher.ResponseData) => Promise<SendOutcome>,
): Promise<SendOutcome> {
  const timeout = AbortSignal.timeout(timeoutMs);
  try {
    const response = await request(url, { method: 'POST', dispatcher, headers: { ...headers, ...payloadHeaders(payload) }, body: payload.body, signal: AbortSignal.any([signal, timeout]) });
    return await read(response);
  } catch (error) {
    return failedAttempt(error, signal, timeout, timeoutMs);
  }
}

function payloadHeaders(payload: Payload): { [name: string]: string } {
  return payload.contentEncoding === 'identity' ? { 'content-type': payload.contentType } : { 'content-type': payload.contentType, 'content-encoding': payload.contentEncoding };
}

/** The outcome of a request that threw: `signal` is the shutdown signal, `timeout` the attempt's own. */
function failedAttempt(error: unknown, signal: AbortSignal, timeout: AbortSignal, timeoutMs: number): SendOutcome {
  if (signal.aborted) return { kind: 'aborted' };
  if (timeout.aborted) return { kind: 'retryable', code: 'timeout', message: `no answer within ${timeoutMs} ms`, answered: false };
  return { kind: 'retryable', code: networkCode(error), message: describeNetworkError(error), answered: false };
}

function networkCode(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } }).cause;
  const code = (error as { code?: unknown }).code ?? cause?.code;
  return typeof code === 'string' ? code : 'network';
}

function describeNetworkError(error: unknown): string {
  const err = error as Error & { cause?: Error };
  const cause = err.cause?.message;
  return cause && cause !== err.message ? `${err.message} (${cause})` : err.message;
}
