import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  HINTS,
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
  type Hint,
} from '../../model/hint.ts';
import { HINT_RULES, describeHint, hintFor } from './hints.ts';

type Case = readonly [reason: string | undefined, note: string | undefined, expected: Hint | undefined, regardingKind?: string];

const ANY_NOTE = 'something happened';

/** Every reason of every rule, with an unrelated note: the reason alone decides. */
const BY_REASON: readonly Case[] = [
  ['Evicted', ANY_NOTE, HINT_POD_EVICTED],
  ['TaintManagerEviction', ANY_NOTE, HINT_POD_EVICTED],
  ['Preempting', ANY_NOTE, HINT_POD_EVICTED],
  // The scheduler's event on a preemption victim (pkg/scheduler/framework/preemption).
  ['Preempted', 'Preempted by shop/checkout-6b7d9c8f5-zx9vq on node node-3', HINT_POD_EVICTED, 'Pod'],
  // The job controller, on the Job (corpus 067.json), and only on a Job.
  ['BackoffLimitExceeded', 'Job has reached the specified backoff limit', HINT_JOB_FAILED, 'Job'],
  ['DeadlineExceeded', 'Job was active longer than specified deadline', HINT_JOB_FAILED, 'Job'],
  ['DeadlineExceeded', ANY_NOTE, undefined, 'Pod'],
  ['BackoffLimitExceeded', ANY_NOTE, undefined],
  // kubelet's lifecycle hooks.
  ['FailedPreStopHook', 'PreStopHook failed', HINT_HOOK_FAILURE, 'Pod'],
  ['FailedPostStartHook', 'PostStartHook failed', HINT_HOOK_FAILURE, 'Pod'],
  ['SystemOOM', ANY_NOTE, HINT_OOM_KILLED],
  ['OOMKilling', ANY_NOTE, HINT_OOM_KILLED],
  ['OOMKilled', ANY_NOTE, HINT_OOM_KILLED],
  ['ErrImagePull', ANY_NOTE, HINT_IMAGE_PULL_FAILURE],
  ['ImagePullBackOff', ANY_NOTE, HINT_IMAGE_PULL_FAILURE],
  ['ErrImageNeverPull', ANY_NOTE, HINT_IMAGE_PULL_FAILURE],
  ['InspectFailed', ANY_NOTE, HINT_IMAGE_PULL_FAILURE],
  ['BackOff', ANY_NOTE, HINT_BACKOFF],
  ['CrashLoopBackOff', ANY_NOTE, HINT_BACKOFF],
  ['FailedMount', ANY_NOTE, HINT_MOUNT_FAILURE],
  ['FailedMapVolume', ANY_NOTE, HINT_MOUNT_FAILURE],
  ['FailedMountOnFilesystemMismatch', ANY_NOTE, HINT_MOUNT_FAILURE],
  ['FailedAttachVolume', ANY_NOTE, HINT_VOLUME_ATTACH_FAILURE],
  ['FailedScheduling', ANY_NOTE, HINT_SCHEDULE_FAILURE],
  ['FailedCreate', ANY_NOTE, HINT_CREATE_FAILURE],
  ['FailedCreatePodSandBox', ANY_NOTE, HINT_CREATE_FAILURE],
  ['FailedCreatePodContainer', ANY_NOTE, HINT_CREATE_FAILURE],
  ['ContainerStatusUnknown', ANY_NOTE, HINT_CONTAINER_STATUS_UNKNOWN],
  ['NodeNotReady', ANY_NOTE, HINT_NODE_UNHEALTHY],
  ['KubeletSetupFailed', ANY_NOTE, HINT_NODE_UNHEALTHY],
  ['Rebooted', ANY_NOTE, HINT_NODE_UNHEALTHY],
  ['NodeHasDiskPressure', ANY_NOTE, HINT_NODE_PRESSURE],
  ['NodeHasInsufficientMemory', ANY_NOTE, HINT_NODE_PRESSURE],
  ['NodeHasInsufficientPID', ANY_NOTE, HINT_NODE_PRESSURE],
  ['EvictionThresholdMet', ANY_NOTE, HINT_NODE_PRESSURE],
  ['Unhealthy', ANY_NOTE, HINT_PROBE_FAILURE],
  ['FailedKillPod', ANY_NOTE, HINT_KILL_FAILURE],
  ['ExceededGracePeriod', ANY_NOTE, HINT_KILL_FAILURE],
  ['NetworkNotReady', ANY_NOTE, HINT_NETWORK_NOT_READY],
  ['InvalidDiskCapacity', ANY_NOTE, HINT_INVALID_DISK_CAPACITY],
  ['DNSConfigForming', ANY_NOTE, HINT_DNS_CONFIG],
];

/** Reasons kubelet overloads, where the note decides. */
const BY_NOTE: readonly Case[] = [
  ['Failed', 'Failed to pull image "nginx:nope": rpc error: code = NotFound', HINT_IMAGE_PULL_FAILURE],
  ['Failed', '   Failed to pull image "nginx:nope"', HINT_IMAGE_PULL_FAILURE],
  ['Failed', '\n\t Failed to pull image "nginx:nope"', HINT_IMAGE_PULL_FAILURE],
  ['Failed', '\u00a0\u2003Failed to pull image "x"', HINT_IMAGE_PULL_FAILURE],
  ['Failed', 'Error: ErrImagePull', HINT_IMAGE_PULL_FAILURE],
  ['Failed', 'Error: ImagePullBackOff', HINT_IMAGE_PULL_FAILURE],
  // kubelet's container start, when the image reference does not parse (ErrInvalidImageName).
  ['Failed', 'Error: InvalidImageName', HINT_IMAGE_PULL_FAILURE],
  ['Failed', 'container x: ImagePullBackOff while starting', HINT_IMAGE_PULL_FAILURE],
  ['BackOff', 'Back-off pulling image "noimage.com/no-such-image"', HINT_IMAGE_PULL_FAILURE],
  ['BackOff', '  Back-off pulling image "noimage.com/no-such-image"', HINT_IMAGE_PULL_FAILURE],
  ['BackOff', '\r\n\tBack-off pulling image "x"', HINT_IMAGE_PULL_FAILURE],
  ['BackOff', 'Back-off restarting failed container', HINT_BACKOFF],
  ['BackOff', 'Back-off restarting failed container api-server in pod backend-1', HINT_BACKOFF],
];

/** Near misses: no hint, or a different one than a sloppy rule would give. */
const NEAR_MISSES: readonly Case[] = [
  // Failed with any other note is not an image pull failure.
  ['Failed', 'Error: failed to start container "nginx": Error response from daemon', undefined],
  ['Failed', 'Error: cannot find volume "default-token" to mount into container', undefined],
  ['Failed', undefined, undefined],
  ['Failed', '', undefined],
  // "starts with" and "contains" are case-sensitive.
  ['Failed', 'failed to pull image "x"', undefined],
  ['Failed', 'FAILED TO PULL IMAGE "x"', undefined],
  ['Failed', 'Error: errimagepull', undefined],
  ['Failed', 'Error: imagepullbackoff', undefined],
  // "starts with" means at the start (after white space), not anywhere.
  ['Failed', 'Error: Failed to pull image "x"', undefined],
  ['BackOff', 'container web: Back-off pulling image "x"', HINT_BACKOFF],
  ['BackOff', 'back-off pulling image "x"', HINT_BACKOFF],
  ['BackOff', 'Back-off Pulling Image "x"', HINT_BACKOFF],
  ['BackOff', undefined, HINT_BACKOFF],
  ['BackOff', '', HINT_BACKOFF],
  // The note rules belong to Failed and BackOff only.
  ['Pulling', 'Failed to pull image "x"', undefined],
  ['Warning', 'Back-off pulling image "x"', undefined],
  ['Created', 'Error: ErrImagePull', undefined],
  // Reasons match exactly and case-sensitively.
  ['evicted', ANY_NOTE, undefined],
  ['EVICTED', ANY_NOTE, undefined],
  [' Evicted', ANY_NOTE, undefined],
  ['Evicted ', ANY_NOTE, undefined],
  ['Backoff', ANY_NOTE, undefined],
  ['backOff', ANY_NOTE, undefined],
  ['FailedMountX', ANY_NOTE, undefined],
  ['FailedCreatePodSandbox', ANY_NOTE, undefined],
  ['unhealthy', ANY_NOTE, undefined],
  ['preempted', ANY_NOTE, undefined],
  // Routine look-alikes of trouble reasons.
  ['NodeHasNoDiskPressure', ANY_NOTE, undefined],
  ['NodeHasSufficientMemory', ANY_NOTE, undefined],
  ['NodeHasSufficientPID', ANY_NOTE, undefined],
  ['NodeReady', ANY_NOTE, undefined],
  ['Killing', ANY_NOTE, undefined],
  ['Pulled', ANY_NOTE, undefined],
  ['Scheduled', ANY_NOTE, undefined],
  // No reason, and reasons that name Object.prototype members.
  [undefined, ANY_NOTE, undefined],
  [undefined, 'Failed to pull image "x"', undefined],
  ['', ANY_NOTE, undefined],
  ['__proto__', ANY_NOTE, undefined],
  ['constructor', ANY_NOTE, undefined],
  ['toString', ANY_NOTE, undefined],
  ['hasOwnProperty', ANY_NOTE, undefined],
];

function check(cases: readonly Case[]): void {
  for (const [reason, note, expected, kind] of cases) {
    it(`${JSON.stringify(reason)} + ${JSON.stringify(note)}${kind ? ` on a ${kind}` : ''} -> ${expected ?? 'no hint'}`, () => {
      assert.equal(hintFor(reason, note, kind), expected);
    });
  }
}

describe('hintFor: the reason decides', () => check(BY_REASON));
describe('hintFor: the note decides for Failed and BackOff', () => check(BY_NOTE));
describe('hintFor: near misses', () => check(NEAR_MISSES));

describe('hint taxonomy', () => {
  it('every one of the 18 hints is produced by some case above', () => {
    const produced = new Set([...BY_REASON, ...BY_NOTE].map(([, , hint]) => hint));
    for (const hint of HINTS) assert.ok(produced.has(hint), `no case produces ${hint}`);
    assert.equal(HINTS.length, 18);
  });

  it('every reason in the rule table is covered by a case, so the table cannot grow untested', () => {
    const tested = new Set(BY_REASON.map(([reason]) => reason));
    for (const rule of HINT_RULES) for (const reason of rule.reasons) assert.ok(tested.has(reason) || reason === 'Failed', `reason ${reason} has no case`);
  });

  it('rules whose note test fails fall through to the next rule for the same reason (BackOff)', () => {
    const backOffRules = HINT_RULES.filter((rule) => rule.reasons.includes('BackOff')).map((rule) => rule.hint);
    assert.deepEqual(backOffRules, [HINT_IMAGE_PULL_FAILURE, HINT_BACKOFF]);
  });

  it('describeHint gives each hint its own one-line description', () => {
    const descriptions = HINTS.map(describeHint);
    for (const d of descriptions) {
      assert.ok(d.length > 10, d);
      assert.ok(!d.includes('\n'), d);
    }
    assert.equal(new Set(descriptions).size, HINTS.length);
  });
});
