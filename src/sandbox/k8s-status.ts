/**
 * Kubernetes `Status` objects: the body of every error answer and of watch `ERROR` events,
 * with the reason each HTTP code gets from a real API server.
 */

export interface StatusDetails {
  readonly retryAfterSeconds?: number;
  readonly [key: string]: unknown;
}

const REASONS: { readonly [code: number]: string } = {
  400: 'BadRequest',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'NotFound',
  405: 'MethodNotAllowed',
  409: 'Conflict',
  410: 'Expired',
  413: 'RequestEntityTooLarge',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
  504: 'Timeout',
};

/** The reason a real API server gives with `code` (`InternalError` for unknown 5xx, `BadRequest` otherwise). */
export function reasonFor(code: number): string {
  return REASONS[code] ?? (code >= 500 ? 'InternalError' : 'BadRequest');
}

export interface KubeStatus {
  readonly kind: 'Status';
  readonly apiVersion: 'v1';
  readonly metadata: object;
  readonly status: 'Failure';
  readonly message: string;
  readonly reason: string;
  readonly details?: StatusDetails;
  readonly code: number;
}

export function kubeStatus(code: number, message: string, options: { reason?: string; details?: StatusDetails } = {}): KubeStatus {
  const status: KubeStatus = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message,
    reason: options.reason ?? reasonFor(code),
    ...(options.details ? { details: options.details } : {}),
    code,
  };
  return status;
}

/** The Status a real API server sends when a watch or list asks for a compacted resource version. */
export function tooOldStatus(requested: number, oldest: number): KubeStatus {
  return kubeStatus(410, `too old resource version: ${requested} (${oldest})`, { reason: 'Expired' });
}

export function expiredContinueStatus(): KubeStatus {
  return kubeStatus(
    410,
    'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter.',
    { reason: 'Expired' },
  );
}
