/**
 * What an OTLP/gRPC answer means (OTLP spec, "OTLP/gRPC Response"): OK is success, possibly
 * partial; UNAVAILABLE, DEADLINE_EXCEEDED, ABORTED, OUT_OF_RANGE, DATA_LOSS and CANCELLED are
 * retryable; RESOURCE_EXHAUSTED is retryable when the server sends RetryInfo (whose delay is
 * honoured), "too large" when it reports a message over its size limit, else permanent; every
 * other code (INVALID_ARGUMENT, UNAUTHENTICATED, PERMISSION_DENIED, ...) is permanent.
 */
import { status as Status, type Metadata } from '@grpc/grpc-js';
import { decodeRpcStatusProto } from '../../otlp/export-response.ts';
import type { SendOutcome } from '../exporterhelper/transport.ts';

const RETRYABLE = new Set<number>([Status.CANCELLED, Status.DEADLINE_EXCEEDED, Status.ABORTED, Status.OUT_OF_RANGE, Status.UNAVAILABLE, Status.DATA_LOSS]);
/** Failures that usually never reached the server. */
const UNANSWERED = new Set<number>([Status.UNAVAILABLE, Status.DEADLINE_EXCEEDED]);
const TOO_LARGE = /larger than max|too large|exceeds .*max/i;

export function classifyGrpcError(code: number, details: string, metadata: Metadata | undefined): SendOutcome {
  const name = `grpc_${Status[code] ?? code}`;
  const message = details || name;
  const retryDelayMs = retryInfoDelay(metadata);
  if (RETRYABLE.has(code)) return { kind: 'retryable', code: name, message, retryAfterMs: retryDelayMs, answered: !UNANSWERED.has(code) };
  if (code === Status.RESOURCE_EXHAUSTED) {
    if (retryDelayMs !== undefined) return { kind: 'retryable', code: name, message, retryAfterMs: retryDelayMs, answered: true };
    if (TOO_LARGE.test(details)) return { kind: 'too_large', code: name, message };
  }
  return { kind: 'permanent', code: name, message };
}

/** The RetryInfo delay from the grpc-status-details-bin trailer, if the server sent one. */
function retryInfoDelay(metadata: Metadata | undefined): number | undefined {
  const details = metadata?.get('grpc-status-details-bin')[0];
  if (!(details instanceof Buffer)) return undefined;
  try {
    return decodeRpcStatusProto(details).retryDelayMs;
  } catch {
    return undefined; // malformed details: no delay to honour
  }
}
