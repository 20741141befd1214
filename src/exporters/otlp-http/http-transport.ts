/**
 * OTLP/HTTP transport: POSTs each batch to `<endpoint>/v1/logs` with undici, one connection pool
 * per exporter (TLS options from the config), each attempt bounded by `timeout` (the answer's
 * body too) and the answer read up to MAX_ANSWER_BYTES, never whole whatever its size.
 */
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { Agent, request } from 'undici';
import type { EventRecord } from '../../model/record.ts';
import { BodyTooLargeError, readCapped } from '../../net/capped-read.ts';
import { encodeLogsRequestJson } from '../../otlp/encode-json.ts';
import { MAX_ANSWER_BYTES } from '../../otlp/export-response.ts';
import { encodeLogsRequestProto } from '../../otlp/encode-proto.ts';
import type { ExportTransport, SendOutcome } from '../../otlp/export/send-outcome.ts';
import type { TlsMaterial } from '../../otlp/export/tls-files.ts';
import { VERSION } from '../../version.ts';
import type { OtlpHttpConfig } from './config.ts';
import { describeUrl, logsUrl } from './endpoint-url.ts';
import { classifyHttpResponse } from './http-response.ts';

const gzipAsync = promisify(gzip);

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
    this.headers = {
      'user-agent': `tracecore/${VERSION}`,
      ...config.headers,
      'content-type': config.encoding === 'json' ? 'application/json' : 'application/x-protobuf',
      ...(config.compression === 'gzip' ? { 'content-encoding': 'gzip' } : {}),
    };
    this.agent = new Agent({
      connections: config.queue.num_consumers,
      connect: { ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: !config.tls.insecure_skip_verify, timeout: config.timeout },
    });
  }

  async prepare(records: readonly EventRecord[]): Promise<Uint8Array> {
    const body = this.config.encoding === 'json' ? Buffer.from(encodeLogsRequestJson(records), 'utf8') : encodeLogsRequestProto(records);
    return this.config.compression === 'gzip' ? gzipAsync(body) : body;
  }

  async send(body: Uint8Array, signal: AbortSignal): Promise<SendOutcome> {
    const timeout = AbortSignal.timeout(this.config.timeout);
    try {
      const response = await request(this.url, {
        method: 'POST',
        dispatcher: this.agent,
        headers: this.headers,
        body,
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
