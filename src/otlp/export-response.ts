/**
 * What an OTLP endpoint answers, decoded: the partial success of an ExportLogsServiceResponse
 * (protobuf or JSON) and the message and retry delay of a google.rpc.Status error (protobuf or
 * JSON; gRPC carries it in the grpc-status-details-bin trailer).
 */
import { cutCopy } from '../model/detached-string.ts';
import { ProtoDecodeError, fieldInt64, fieldString, readFields } from './proto-reader.ts';

/**
 * Messages an endpoint sends (partial-success error_message, Status message) are kept to this many
 * characters: they go into logs, and a hostile endpoint can send megabytes.
 */
export const MAX_ANSWER_MESSAGE_CHARS = 512;
/** An OTLP answer body larger than this is not read (real ones are a few hundred bytes). */
export const MAX_ANSWER_BYTES = 1024 * 1024;

/** `message` cut to MAX_ANSWER_MESSAGE_CHARS (copied, marked with "..."). */
export function boundedMessage(message: string): string {
  return cutCopy(message, MAX_ANSWER_MESSAGE_CHARS, '...');
}

export interface PartialSuccess {
  /** Records the endpoint rejected (0 when all were accepted). */
  readonly rejected: number;
  readonly message: string;
}

export interface RpcStatus {
  readonly code: number;
  readonly message: string;
  /** From a google.rpc.RetryInfo detail, when present. */
  readonly retryDelayMs: number | undefined;
}

const NO_PARTIAL: PartialSuccess = { rejected: 0, message: '' };
const RETRY_INFO_TYPE = 'type.googleapis.com/google.rpc.RetryInfo';

/** ExportLogsServiceResponse { partial_success = 1 { rejected_log_records = 1, error_message = 2 } }. */
export function decodePartialSuccessProto(data: Uint8Array): PartialSuccess {
  if (data.length === 0) return NO_PARTIAL;
  let rejected = 0;
  let message = '';
  for (const field of readFields(data)) {
    if (field.number !== 1 || !field.bytes) continue;
    for (const inner of readFields(field.bytes)) {
      if (inner.number === 1 && inner.wireType === 0) rejected = fieldInt64(inner);
      else if (inner.number === 2 && inner.wireType === 2) message = fieldString(inner);
    }
  }
  return { rejected: Math.max(0, rejected), message: boundedMessage(message) };
}

export function decodePartialSuccessJson(text: string): PartialSuccess {
  if (text.trim() === '') return NO_PARTIAL;
  const parsed = JSON.parse(text) as { partialSuccess?: { rejectedLogRecords?: unknown; errorMessage?: unknown } } | null;
  const partial = parsed?.partialSuccess;
  if (!partial) return NO_PARTIAL;
  const rejected = Number(partial.rejectedLogRecords ?? 0);
  return { rejected: Number.isFinite(rejected) && rejected > 0 ? rejected : 0, message: typeof partial.errorMessage === 'string' ? boundedMessage(partial.errorMessage) : '' };
}

/** google.rpc.Status { code = 1, message = 2, details = 3 (Any { type_url = 1, value = 2 }) }. */
export function decodeRpcStatusProto(data: Uint8Array): RpcStatus {
  let code = 0;
  let message = '';
  let retryDelayMs: number | undefined;
  for (const field of readFields(data)) {
    if (field.number === 1 && field.wireType === 0) code = fieldInt64(field);
    else if (field.number === 2 && field.wireType === 2) message = fieldString(field);
    else if (field.number === 3 && field.bytes) {
      let typeUrl = '';
      let value: Uint8Array | undefined;
      for (const inner of readFields(field.bytes)) {
        if (inner.number === 1) typeUrl = fieldString(inner);
        else if (inner.number === 2) value = inner.bytes;
      }
      if (typeUrl === RETRY_INFO_TYPE && value) retryDelayMs = decodeRetryInfo(value);
    }
  }
  return { code, message: boundedMessage(message), retryDelayMs };
}

/** RetryInfo { retry_delay = 1 (Duration { seconds = 1, nanos = 2 }) } in milliseconds. */
function decodeRetryInfo(data: Uint8Array): number | undefined {
  for (const field of readFields(data)) {
    if (field.number !== 1 || !field.bytes) continue;
    let seconds = 0;
    let nanos = 0;
    for (const inner of readFields(field.bytes)) {
      if (inner.number === 1 && inner.wireType === 0) seconds = fieldInt64(inner);
      else if (inner.number === 2 && inner.wireType === 0) nanos = fieldInt64(inner);
    }
    return Math.max(0, seconds * 1000 + Math.round(nanos / 1e6));
  }
  return undefined;
}

/** A Status in OTLP/JSON: `{"code": 3, "message": "..."}`. */
export function decodeRpcStatusJson(text: string): RpcStatus | undefined {
  const parsed = JSON.parse(text) as { code?: unknown; message?: unknown } | null;
  if (!parsed || typeof parsed !== 'object' || typeof parsed.message !== 'string') return undefined;
  return { code: typeof parsed.code === 'number' ? parsed.code : 0, message: boundedMessage(parsed.message), retryDelayMs: undefined };
}

export { ProtoDecodeError };
