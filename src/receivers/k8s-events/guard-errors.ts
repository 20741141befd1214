/**
 * The error kinds of tracecore_receiver_errors_total{kind} for failures the list/watch guards
 * classify (list-page.ts, list-guard.ts, the very short watch in list-watch.ts): each has its own
 * series, present at 0 from start, so an operator can tell a page too large from a network error.
 */
import type { ApiErrorKind } from './api-client.ts';

export const GUARD_ERROR_KINDS = {
  too_large: 'list_too_large',
  deadline: 'list_deadline',
  loop: 'list_loop',
  short: 'watch_short',
} as const;

export type GuardErrorLabel = (typeof GUARD_ERROR_KINDS)[keyof typeof GUARD_ERROR_KINDS];

/** The metric label of a guard failure; undefined for every other kind (counted as list or watch). */
export function guardErrorKind(kind: ApiErrorKind): GuardErrorLabel | undefined {
  return kind in GUARD_ERROR_KINDS ? GUARD_ERROR_KINDS[kind as keyof typeof GUARD_ERROR_KINDS] : undefined;
}
