/**
 * OTLP/HTTP transport: POSTs each batch to `<endpoint>/v1/logs` with undici, one connection pool
 * per exporter (TLS options from the config), each attempt bounded by `timeout`.
 */
import type { Agent } from 'undici';
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
      const answer = new Uint8Array(await response.body.arrayBuffer());
      return classifyHttpResponse(response.statusCode, response.headers, answer);
    });
  }

  async close(): Promise<void> {
    await this.agent.destroy();
  }
}
