/**
 * `k8s.event.hint`: what kind of trouble an event reports (k8s-events-v0, "Hints").
 *
 * HINT_RULES is the spec's table, in its order: the first rule that matches wins. A rule matches on
 * the exact reason (case-sensitive) and, for the reasons kubelet overloads (`Failed`, `BackOff`), on
 * the note: "starts with" is case-sensitive and ignores leading white space; "contains" is a
 * case-sensitive substring test. The note tested is the whole note, before any truncation.
 *
 * Lookup is a Map from reason to that reason's rules (one or two), not a scan of the table.
 */
import {
  HINT_BACKOFF,
  HINT_CONTAINER_STATUS_UNKNOWN,
  HINT_CREATE_FAILURE,
  HINT_DNS_CONFIG,
  HINT_HOOK_FAILURE,
  HINT_IMAGE_PULL_FAILURE,
  HINT_INVALID_DISK_CAPACITY,
  HINT_JOB_FAILED,
  HINT_KILL_FAILURE,
  HINT_MOUNT_FAILURE,
  HINT_NETWORK_NOT_READY,
  HINT_NODE_PRESSURE,
  HINT_NODE_UNHEALTHY,
  HINT_OOM_KILLED,
  HINT_POD_EVICTED,
  HINT_PROBE_FAILURE,
  HINT_SCHEDULE_FAILURE,
  HINT_VOLUME_ATTACH_FAILURE,
  assertNever,
  type Hint,
} from '../../model/hint.ts';

/**
 * A rule: any of `reasons`; when `note` is given, the note must also pass it; when `kinds` is
 * given, the regarding object's kind must be one of them.
 */
export interface HintRule {
  readonly hint: Hint;
  readonly reasons: readonly string[];
  readonly note?: NoteTest;
  readonly kinds?: readonly string[];
}

/** Passes when the note starts with any of `startsWith` (after leading white space) or contains any of `contains`. */
export interface NoteTest {
  readonly startsWith?: readonly string[];
  readonly contains?: readonly string[];
}

/** The spec's hint table, in rule order. */
export const HINT_RULES: readonly HintRule[] = [
  // `Preempted`: the scheduler's event on the victim pod, "Preempted by <ns>/<pod> on node <node>"
  // (pkg/scheduler/framework/preemption); `Preempting` is its action.
  { hint: HINT_POD_EVICTED, reasons: ['Evicted', 'TaintManagerEviction', 'Preempting', 'Preempted'] },
  { hint: HINT_OOM_KILLED, reasons: ['SystemOOM', 'OOMKilling', 'OOMKilled'] },
  { hint: HINT_IMAGE_PULL_FAILURE, reasons: ['ErrImagePull', 'ImagePullBackOff', 'ErrImageNeverPull', 'InspectFailed'] },
  // kubelet: "Error: InvalidImageName" (reason Failed) when the image reference does not parse.
  { hint: HINT_IMAGE_PULL_FAILURE, reasons: ['Failed'], note: { startsWith: ['Failed to pull image'], contains: ['ErrImagePull', 'ImagePullBackOff', 'InvalidImageName'] } },
  { hint: HINT_IMAGE_PULL_FAILURE, reasons: ['BackOff'], note: { startsWith: ['Back-off pulling image'] } },
  { hint: HINT_BACKOFF, reasons: ['BackOff', 'CrashLoopBackOff'] },
  { hint: HINT_MOUNT_FAILURE, reasons: ['FailedMount', 'FailedMapVolume', 'FailedMountOnFilesystemMismatch'] },
  { hint: HINT_VOLUME_ATTACH_FAILURE, reasons: ['FailedAttachVolume'] },
  { hint: HINT_SCHEDULE_FAILURE, reasons: ['FailedScheduling'] },
  { hint: HINT_CREATE_FAILURE, reasons: ['FailedCreate', 'FailedCreatePodSandBox', 'FailedCreatePodContainer'] },
  { hint: HINT_CONTAINER_STATUS_UNKNOWN, reasons: ['ContainerStatusUnknown'] },
  { hint: HINT_NODE_UNHEALTHY, reasons: ['NodeNotReady', 'KubeletSetupFailed', 'Rebooted'] },
  { hint: HINT_NODE_PRESSURE, reasons: ['NodeHasDiskPressure', 'NodeHasInsufficientMemory', 'NodeHasInsufficientPID', 'EvictionThresholdMet'] },
  { hint: HINT_PROBE_FAILURE, reasons: ['Unhealthy'] },
  { hint: HINT_KILL_FAILURE, reasons: ['FailedKillPod', 'ExceededGracePeriod'] },
  { hint: HINT_NETWORK_NOT_READY, reasons: ['NetworkNotReady'] },
  { hint: HINT_INVALID_DISK_CAPACITY, reasons: ['InvalidDiskCapacity'] },
  { hint: HINT_DNS_CONFIG, reasons: ['DNSConfigForming'] },
  // The job controller: "Job has reached the specified backoff limit", "Job was active longer than specified deadline".
  { hint: HINT_JOB_FAILED, reasons: ['BackoffLimitExceeded', 'DeadlineExceeded'], kinds: ['Job'] },
  // kubelet's lifecycle handlers: "PreStopHook failed", "PostStartHook failed" (reason Failed{PreStop,PostStart}Hook).
  { hint: HINT_HOOK_FAILURE, reasons: ['FailedPreStopHook', 'FailedPostStartHook'] },
];

/** reason -> its rules, in table order. A Map, so a reason like `constructor` cannot hit an inherited property. */
const RULES_BY_REASON: ReadonlyMap<string, readonly HintRule[]> = indexByReason(HINT_RULES);

function indexByReason(rules: readonly HintRule[]): Map<string, HintRule[]> {
  const index = new Map<string, HintRule[]>();
  for (const rule of rules) {
    for (const reason of rule.reasons) {
      const list = index.get(reason);
      if (list) list.push(rule);
      else index.set(reason, [rule]);
    }
  }
  return index;
}

/**
 * The hint for an event's reason, note and regarding kind, or undefined when no rule matches.
 * `regardingKind` matters only for rules limited to kinds (`job_failed`: a Job).
 */
export function hintFor(reason: string | undefined, note: string | undefined, regardingKind?: string): Hint | undefined {
  if (reason === undefined) return undefined;
  const rules = RULES_BY_REASON.get(reason);
  if (rules === undefined) return undefined;
  for (let i = 0; i < rules.length; i++) {
    const rule = rules[i];
    if (rule.kinds !== undefined && (regardingKind === undefined || !rule.kinds.includes(regardingKind))) continue;
    if (rule.note === undefined || (note !== undefined && notePasses(rule.note, note))) return rule.hint;
  }
  return undefined;
}

function notePasses(test: NoteTest, note: string): boolean {
  const { startsWith, contains } = test;
  if (startsWith !== undefined) {
    const from = firstNonWhiteSpace(note);
    for (let i = 0; i < startsWith.length; i++) if (note.startsWith(startsWith[i], from)) return true;
  }
  if (contains !== undefined) {
    for (let i = 0; i < contains.length; i++) if (note.includes(contains[i])) return true;
  }
  return false;
}

/** Index of the first character that is not white space as String.prototype.trimStart sees it (no copy). */
function firstNonWhiteSpace(s: string): number {
  let i = 0;
  while (i < s.length && isWhiteSpace(s.charCodeAt(i))) i++;
  return i;
}

/** ECMAScript WhiteSpace and LineTerminator code points. */
function isWhiteSpace(c: number): boolean {
  if (c <= 32) return c === 32 || (c >= 9 && c <= 13);
  if (c < 0xa0) return false;
  return c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff;
}

/** One line saying what a hint means, for humans (debug exporter, README hint table). */
export function describeHint(hint: Hint): string {
  switch (hint) {
    case HINT_POD_EVICTED:
      return 'a pod was evicted or preempted from its node';
    case HINT_OOM_KILLED:
      return 'a container or node process was killed for running out of memory';
    case HINT_IMAGE_PULL_FAILURE:
      return 'a container image could not be pulled';
    case HINT_BACKOFF:
      return 'a container keeps crashing and kubelet is backing off restarts';
    case HINT_MOUNT_FAILURE:
      return 'a volume could not be mounted into a pod';
    case HINT_VOLUME_ATTACH_FAILURE:
      return 'a volume could not be attached to a node';
    case HINT_SCHEDULE_FAILURE:
      return 'a pod could not be scheduled onto any node';
    case HINT_CREATE_FAILURE:
      return 'a controller or kubelet failed to create a pod, sandbox or container';
    case HINT_CONTAINER_STATUS_UNKNOWN:
      return 'a container\'s state could not be determined';
    case HINT_NODE_UNHEALTHY:
      return 'a node is not ready, failed kubelet setup or rebooted';
    case HINT_NODE_PRESSURE:
      return 'a node is short of disk, memory or process IDs';
    case HINT_PROBE_FAILURE:
      return 'a liveness, readiness or startup probe failed';
    case HINT_KILL_FAILURE:
      return 'a pod could not be stopped cleanly';
    case HINT_NETWORK_NOT_READY:
      return 'the node\'s pod network is not ready';
    case HINT_INVALID_DISK_CAPACITY:
      return 'kubelet found an invalid disk capacity on the node';
    case HINT_DNS_CONFIG:
      return 'a pod\'s DNS configuration exceeds resolver limits: nameservers or search domains were dropped';
    case HINT_JOB_FAILED:
      return 'a Job failed for good: it reached its backoff limit or its active deadline';
    case HINT_HOOK_FAILURE:
      return 'a container\'s postStart or preStop lifecycle hook failed';
    default:
      return assertNever(hint);
  }
}
