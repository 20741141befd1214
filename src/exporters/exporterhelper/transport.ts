/**
 * What an exporter built on the exporter helper supplies: a serializer (records -> bytes) and a
 * transport (bytes -> the endpoint, one attempt at a time, with what the answer means). See the
 * header of queued-exporter.ts for how the helper composes them.
 */
import type { EventRecord } from '../../model/record.ts';

/** Turns a batch into the bytes of one request body (before compression). */
export interface BatchSerializer {
  /** The media type of what `serialize` returns, e.g. application/x-protobuf. */
  readonly contentType: string;
  serialize(records: readonly EventRecord[]): Uint8Array;
  /**
   * Splits a serialized body into two with about half the records each (after a 413), or
   * undefined when it holds a single record. Works on bytes: batches wait in the queue encoded.
   */
  split(body: Uint8Array): [SerializedHalf, SerializedHalf] | undefined;
}

export interface SerializedHalf {
  readonly body: Uint8Array;
  readonly count: number;
}

/** One encoded batch as it waits in the queue (in memory or on disk) and goes on the wire. */
export interface Payload {
  readonly body: Uint8Array;
  /** Records in it. */
  readonly count: number;
  readonly contentType: string;
  /** The content coding applied by the helper (`identity` when the transport compresses itself). */
  readonly contentEncoding: 'gzip' | 'zstd' | 'identity';
}

export type SendOutcome =
  /** The endpoint took the batch; `rejected` records of it were refused (partial success). */
  | { readonly kind: 'success'; readonly rejected: number; readonly message: string }
  /** Worth another attempt (429/502/503/504, UNAVAILABLE, network errors, timeouts). */
  | { readonly kind: 'retryable'; readonly code: string; readonly message: string; readonly retryAfterMs?: number; readonly answered: boolean }
  /** Will fail the same way again (400, 401, 403, INVALID_ARGUMENT, ...): drop and count. */
  | { readonly kind: 'permanent'; readonly code: string; readonly message: string }
  /** Too large for the endpoint (413): split the batch and send the halves. */
  | { readonly kind: 'too_large'; readonly code: string; readonly message: string }
  /** The exporter is shutting down and its drain budget is spent: the batch was not settled. */
  | { readonly kind: 'aborted' };

export interface ExportTransport {
  /** Where batches go, for logs (no credentials). */
  readonly endpoint: string;
  /** One attempt. Never rejects: every failure is an outcome. */
  send(payload: Payload, signal: AbortSignal): Promise<SendOutcome>;
  close(): Promise<void>;
}
