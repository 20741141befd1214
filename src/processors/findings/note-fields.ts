/**
 * The few facts the detectors need that only an event's note holds, read from the message formats
 * of the Kubernetes components that write them (checked against their source):
 *
 *  - kubelet eviction (pkg/kubelet/eviction/helpers.go): "The node was low on resource: memory. …"
 *  - kubelet eviction manager, EvictionThresholdMet: "Attempting to reclaim memory"
 *  - scheduler preemption, on the victim: "Preempted by <ns>/<pod> on node <node>"
 *  - kubelet image pulls: `Failed to pull image "<image>": …`, `Back-off pulling image "<image>"`
 *  - scheduler FailedScheduling: "0/3 nodes are available: 1 node(s) had untolerated taint {…},
 *    2 Insufficient memory. preemption: …"
 *  - kubelet SystemOOM: "System OOM encountered, victim process: java, pid: 48211"; the node
 *    problem detector's OOMKilling: "… Killed process 48211 (java) …"
 *
 * Each function reads at most a bounded prefix of the note and returns a copy of what it cuts
 * (never a slice that would keep the whole note alive), or undefined when the format does not match.
 */

/** How far into a note the readers look: every format above puts its facts early. */
const SCAN_LIMIT = 1024;

/** "low on resource: X." -> X (memory, ephemeral-storage, pid, …). */
export function evictionResource(note: string | undefined): string | undefined {
  return copyOf(after(note, 'low on resource: ', /^[A-Za-z0-9/_-]+/));
}

/** The resource a node-pressure reason or EvictionThresholdMet note names. */
export function pressureResource(reason: string | undefined, note: string | undefined): string | undefined {
  switch (reason) {
    case 'NodeHasInsufficientMemory':
      return 'memory';
    case 'NodeHasDiskPressure':
      return 'ephemeral-storage';
    case 'NodeHasInsufficientPID':
      return 'pid';
    case 'EvictionThresholdMet':
      return copyOf(after(note, 'Attempting to reclaim ', /^[A-Za-z0-9/_-]+/));
    default:
      return undefined;
  }
}

/** "Preempted by ns/pod on node X" -> X. */
export function preemptionNode(note: string | undefined): string | undefined {
  return copyOf(after(note, ' on node ', /^[A-Za-z0-9.:_-]+/));
}

/** The quoted image of a pull failure or pull back-off note. */
export function pulledImage(note: string | undefined): string | undefined {
  return copyOf(after(note, ' image "', /^[^"\s]{1,512}(?=")/));
}

/**
 * The scheduler's reasons without their node counts, in its order:
 * "0/3 nodes are available: 1 node(s) had untolerated taint {…}, 2 Insufficient memory. preemption: …"
 * -> ["node(s) had untolerated taint {…}", "Insufficient memory"].
 */
export function schedulerReasons(note: string | undefined): string[] | undefined {
  if (note === undefined) return undefined;
  const head = note.length > SCAN_LIMIT ? note.slice(0, SCAN_LIMIT) : note;
  const start = head.indexOf(' are available: ');
  if (start < 0) return undefined;
  let body = head.slice(start + ' are available: '.length);
  const preemption = body.indexOf('. preemption:');
  if (preemption >= 0) body = body.slice(0, preemption);
  else if (body.endsWith('.')) body = body.slice(0, -1);
  const reasons: string[] = [];
  for (const part of body.split(', ')) {
    const reason = part.replace(/^\d+ /, '').trim();
    if (reason !== '' && reasons.length < 8) reasons.push(copyOf(reason) as string);
  }
  return reasons.length > 0 ? reasons : undefined;
}

/** The victim pid of an OOM note, to count one kill once when kubelet and the node problem detector both report it. */
export function oomVictimPid(note: string | undefined): string | undefined {
  return copyOf(after(note, 'pid: ', /^\d{1,10}/) ?? after(note, 'Killed process ', /^\d{1,10}/));
}

/** What `pattern` matches right after the first `marker` in the note's first SCAN_LIMIT characters. */
function after(note: string | undefined, marker: string, pattern: RegExp): string | undefined {
  if (note === undefined) return undefined;
  const at = note.indexOf(marker);
  if (at < 0 || at > SCAN_LIMIT) return undefined;
  const from = at + marker.length;
  const m = pattern.exec(note.slice(from, from + 600));
  return m ? m[0] : undefined;
}

/** A flat copy, so a kept value does not pin the note it was cut from. */
function copyOf(text: string | undefined): string | undefined {
  return text === undefined ? undefined : (' ' + text).slice(1);
}
