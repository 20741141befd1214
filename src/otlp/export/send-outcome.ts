/**
 * The contract between an OTLP exporter's retry logic (batch-sender.ts) and its transport
 * (HTTP or gRPC): what one attempt to export one batch came to.
 */
import type { EventRecord } from '../../model/record.ts';

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
  /** Encodes (and compresses) a batch once; the bytes are sent as often as needed. */
  prepare(records: readonly EventRecord[]): Promise<Uint8Array>;
  /** One attempt. Never rejects: every failure is an outcome. */
  send(body: Uint8Array, signal: AbortSignal): Promise<SendOutcome>;
  close(): Promise<void>;
}
