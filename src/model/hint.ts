/**
 * The hint taxonomy of k8s-events-v0: what kind of trouble an event reports.
 * A closed union; `assertNever` makes a switch over it exhaustive at compile time.
 */
export const HINT_POD_EVICTED = 'pod_evicted';
export const HINT_OOM_KILLED = 'oom_killed';
export const HINT_IMAGE_PULL_FAILURE = 'image_pull_failure';
export const HINT_BACKOFF = 'backoff';
export const HINT_MOUNT_FAILURE = 'mount_failure';
export const HINT_VOLUME_ATTACH_FAILURE = 'volume_attach_failure';
export const HINT_SCHEDULE_FAILURE = 'schedule_failure';
export const HINT_CREATE_FAILURE = 'create_failure';
export const HINT_CONTAINER_STATUS_UNKNOWN = 'container_status_unknown';
export const HINT_NODE_UNHEALTHY = 'node_unhealthy';
export const HINT_NODE_PRESSURE = 'node_pressure';
export const HINT_PROBE_FAILURE = 'probe_failure';
export const HINT_KILL_FAILURE = 'kill_failure';
export const HINT_NETWORK_NOT_READY = 'network_not_ready';
export const HINT_INVALID_DISK_CAPACITY = 'invalid_disk_capacity';
export const HINT_DNS_CONFIG = 'dns_config';
export const HINT_JOB_FAILED = 'job_failed';
export const HINT_HOOK_FAILURE = 'hook_failure';

/** Every hint, in the taxonomy's rule order. */
export const HINTS = [
  HINT_POD_EVICTED,
  HINT_OOM_KILLED,
  HINT_IMAGE_PULL_FAILURE,
  HINT_BACKOFF,
  HINT_MOUNT_FAILURE,
  HINT_VOLUME_ATTACH_FAILURE,
  HINT_SCHEDULE_FAILURE,
  HINT_CREATE_FAILURE,
  HINT_CONTAINER_STATUS_UNKNOWN,
  HINT_NODE_UNHEALTHY,
  HINT_NODE_PRESSURE,
  HINT_PROBE_FAILURE,
  HINT_KILL_FAILURE,
  HINT_NETWORK_NOT_READY,
  HINT_INVALID_DISK_CAPACITY,
  HINT_DNS_CONFIG,
  HINT_JOB_FAILED,
  HINT_HOOK_FAILURE,
] as const;

export type Hint = (typeof HINTS)[number];

/** Call in the default branch of a switch over a closed union: it fails to compile when a case is missing. */
export function assertNever(value: never): never {
  throw new Error(`unexpected value: ${String(value)}`);
}
