/**
 * OTLP/HTTP transport: POSTs each batch to `<endpoint>/v1/logs` with undici, one connection pool
 * per exporter (TLS options from the config), each attempt bounded by `timeout` (the answer's
 * body too) and the answer read up to MAX_ANSWER_BYTES, never whole whatever its size.
 */
import type { Agent } from 'undici';
import { BodyTooLargeError, readCapped } from '../../net/capped-read.ts';
import { MAX_ANSWER_BYTES } from '../../otlp/export-response.ts';
import { httpAgent, postPayload } from '../exporterhelper/http-attempt.ts';
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
    this.agent = httpAgent(config, tls);
  }

  send(payload: Payload, signal: AbortSignal): Promise<SendOutcome> {
    return postPayload(this.url, this.agent, this.headers, payload, signal, this.config.timeout, async (response) => {
      let answer: Uint8Array;
      try {
        answer = await readCapped(response.body, MAX_ANSWER_BYTES);
      } catch (error) {
        if (!(error instanceof BodyTooLargeError)) throw error;
        return classifyHttpResponse(response.statusCode, response.headers, new Uint8Array(0), true);
      }
      return classifyHttpResponse(response.statusCode, response.headers, answer);
    });
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
