/**
 * OTLP/HTTP transport: POSTs each batch to `<endpoint>/v1/logs` with undici, one connection pool
 * per exporter (TLS options from the config), each attempt bounded by `timeout` (the answer's
 * body too) and the answer read up to MAX_ANSWER_BYTES, never whole whatever its size.
 */
import { Agent, request } from 'undici';
import { BodyTooLargeError, readCapped } from '../../net/capped-read.ts';
import { MAX_ANSWER_BYTES } from '../../otlp/export-response.ts';
import type { ExportTransport, Payload, SendOutcome } from '../exporterhelper/transport.ts';
import type { TlsMaterial } from '../exporterhelper/tls-files.ts';
import { VERSION } from '../../version.ts';
import type { OtlpHttpConfig } from './config.ts';
import { describeUrl, logsUrl } from './endpoint-url.ts';
import { classifyHttpResponse } from './http-response.ts';

export class HttpTransport implements ExportTransport {
  readonly endpoint: string;
  private readonly url: URL;
  private readonly config: OtlpHttpConfig;
  private readonly headers: { [name: string]: string };
  private readonly agent: Agent;

  constructor(config: OtlpHttpConfig, tls: TlsMaterial) {
    this.config = config;
    this.url = logsUrl(config.endpoint);
    this.endpoint = describeUrl(this.url);
    this.headers = { 'user-agent': `tracecore/${VERSION}`, ...config.headers };
    this.agent = new Agent({
      connections: config.queue.num_consumers,
      connect: { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !config.tls.insecure_skip_verify, timeout: config.timeout },
    });
  }

  async send(payload: Payload, signal: AbortSignal): Promise<SendOutcome> {
    const timeout = AbortSignal.timeout(this.config.timeout);
    try {
      const response = await request(this.url, {
        method: 'POST',
        dispatcher: this.agent,
        // Per batch: a batch recovered from a persistent queue keeps the encoding it was written with.
        headers: { ...this.headers, 'content-type': payload.contentType, ...(payload.contentEncoding === 'identity' ? {} : { 'content-encoding': payload.contentEncoding }) },
        body: payload.body,
        signal: AbortSignal.any([signal, timeout]),
      });
      let answer: Uint8Array;
      try {
        answer = await readCapped(response.body, MAX_ANSWER_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return classifyHttpResponse(response.statusCode, response.headers, new Uint8Array(0), true);
      }
      return classifyHttpResponse(response.statusCode, response.headers, answer);
    } catch (error) {
      if (signal.aborted) return { kind: 'aborted' };
      if (timeout.aborted) return { kind: 'retryable', code: 'timeout', message: `no answer within ${this.config.timeout} ms`, answered: false };
      return { kind: 'retryable', code: networkCode(error), message: describeNetworkError(error), answered: false };
    }
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
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
