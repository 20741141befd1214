/**
 * What an OTLP/HTTP answer means (OTLP spec, "OTLP/HTTP Response"): 2xx is success, possibly
 * partial; 429, 502, 503 and 504 are retryable, honouring Retry-After; 413 means split the batch;
 * every other status is permanent. The endpoint's message (a google.rpc.Status in protobuf or
 * JSON, or plain text) is kept for the logs.
 */
import { gunzipSync } from 'node:zlib';
import { MAX_ANSWER_BYTES, boundedMessage, decodePartialSuccessJson, decodePartialSuccessProto, decodeRpcStatusJson, decodeRpcStatusProto } from '../../otlp/export-response.ts';
import { parseRetryAfter } from '../../net/retry-after.ts';
import type { SendOutcome } from '../exporterhelper/transport.ts';

type Headers = { [name: string]: string | string[] | undefined };

const RETRYABLE = new Set([429, 502, 503, 504]);

/** `oversized`: the answer was over MAX_ANSWER_BYTES and not read (`rawBody` is then empty). */
export function classifyHttpResponse(status: number, headers: Headers, rawBody: Uint8Array, oversized = false): SendOutcome {
  const body = decompress(headers, rawBody);
  const type = contentType(headers);
  if (oversized && status >= 200 && status < 300) return { kind: 'success', rejected: 0, message: `the endpoint accepted the batch but its answer was larger than ${MAX_ANSWER_BYTES} bytes: not read` };
  if (status >= 200 && status < 300) return success(type, body);
  const code = `http_${status}`;
  const message = oversized ? `HTTP ${status} (an answer larger than ${MAX_ANSWER_BYTES} bytes: not read)` : errorMessage(status, type, body, headers);
  if (status === 413) return { kind: 'too_large', code, message };
  if (RETRYABLE.has(status)) return { kind: 'retryable', code, message, retryAfterMs: parseRetryAfter(headers['retry-after']), answered: true };
  return { kind: 'permanent', code, message };
}

function success(type: string, body: Uint8Array): SendOutcome {
  try {
    const partial = type === 'application/json' ? decodePartialSuccessJson(Buffer.from(body).toString('utf8')) : type === 'application/x-protobuf' ? decodePartialSuccessProto(body) : undefined;
    return { kind: 'success', rejected: partial?.rejected ?? 0, message: partial?.message ?? '' };
  } catch (error) {
    return { kind: 'success', rejected: 0, message: `the endpoint accepted the batch but its answer could not be decoded: ${(error as Error).message}` };
  }
}

function errorMessage(status: number, type: string, body: Uint8Array, headers: Headers): string {
  let message: string | undefined;
  try {
    if (type === 'application/x-protobuf') message = decodeRpcStatusProto(body).message;
    else if (type === 'application/json') message = decodeRpcStatusJson(Buffer.from(body).toString('utf8'))?.message;
  } catch {
    message = undefined; // not a Status after all: fall back to the text
  }
  message ??= Buffer.from(body).toString('utf8').replace(/\s+/g, ' ').trim();
  if (status >= 300 && status < 400 && typeof headers.location === 'string') message = `redirected to ${headers.location}: set endpoint to the final URL`;
  if (message === '') message = `HTTP ${status}`;
  return boundedMessage(message);
}

function contentType(headers: Headers): string {
  const value = headers['content-type'];
  return (Array.isArray(value) ? value[0] : (value ?? '')).split(';')[0].trim().toLowerCase();
}

function decompress(headers: Headers, body: Uint8Array): Uint8Array {
  if (headers['content-encoding'] !== 'gzip' || body.length === 0) return body;
  try {
    return gunzipSync(body, { maxOutputLength: 1024 * 1024 });
  } catch {
    return body; // not gzip after all (or too large): show what there is
  }
}
