/**
 * Realistic synthetic `events.k8s.io/v1` Events for benchmarks: the reason mix of a busy cluster
 * (mostly Scheduled / Pulling / Pulled / Created / Started, a few percent warnings), the shapes
 * real components write (the scheduler through the events API with eventTime; kubelet and
 * controllers through the old API with deprecated* fields and managedFields), about 900 bytes of
 * JSON each. Deterministic: the same (count, seed, options) gives the same events.
 */
import { formatMicroTime, formatTime, type EventObject, type EventObjectRef, type ManagedFieldsEntry } from './event-types.ts';
import { NAME_SUFFIX_ALPHABET, SeededRandom } from './seeded-random.ts';

export interface SyntheticEventOptions {
  /** Time of the first event, ms since the epoch. Default 2025-01-01T00:00:00Z. */
  readonly startMs?: number;
  /** Time between consecutive events. Default 10 ms. */
  readonly intervalMs?: number;
}

interface Workload {
  readonly namespace: string;
  readonly app: string;
  readonly hash: string;
  readonly image: string;
  readonly uid: string;
}

interface Context {
  readonly random: SeededRandom;
  readonly workload: Workload;
  readonly pod: string;
  readonly podUid: string;
  readonly node: string;
  readonly atMs: number;
}

type Style = 'scheduler' | 'kubelet' | 'controller';

interface Shape {
  readonly style: Style;
  readonly type: 'Normal' | 'Warning';
  readonly reason: string;
  readonly note: string;
  readonly regarding: EventObjectRef;
  readonly action?: string;
  readonly component?: string;
  readonly count?: number;
}

const NAMESPACES = ['checkout', 'payments', 'search', 'catalog', 'cart', 'identity', 'notifications', 'ingest', 'analytics', 'ml-serving', 'web', 'api-gateway', 'monitoring', 'logging', 'kube-system', 'default'];
const APPS = ['api', 'worker', 'frontend', 'consumer', 'scheduler', 'indexer', 'gateway', 'exporter', 'cache', 'sync', 'renderer', 'webhook'];
const CONTROL_PLANE = 'prod-control-plane-0';

const SHAPES: readonly { readonly weight: number; readonly value: (c: Context) => Shape }[] = [
  { weight: 15, value: scheduled },
  { weight: 14, value: (c) => kubelet(c, 'Normal', 'Pulling', `Pulling image "${c.workload.image}"`) },
  { weight: 14, value: pulled },
  { weight: 14, value: (c) => kubelet(c, 'Normal', 'Created', `Created container: ${c.workload.app}`) },
  { weight: 14, value: (c) => kubelet(c, 'Normal', 'Started', `Started container ${c.workload.app}`) },
  { weight: 6, value: (c) => replicaSet(c, 'SuccessfulCreate', `Created pod: ${c.pod}`) },
  { weight: 2, value: (c) => replicaSet(c, 'SuccessfulDelete', `Deleted pod: ${c.pod}`) },
  { weight: 4, value: scalingReplicaSet },
  { weight: 4, value: (c) => kubelet(c, 'Normal', 'Killing', `Stopping container ${c.workload.app}`) },
  { weight: 3, value: (c) => ({ ...kubelet(c, 'Warning', 'BackOff', `Back-off restarting failed container ${c.workload.app} in pod ${c.pod}_${c.workload.namespace}(${c.podUid})`), count: c.random.int(2, 40) }) },
  { weight: 3, value: unhealthy },
  { weight: 1, value: (c) => kubelet(c, 'Warning', 'Failed', `Failed to pull image "${c.workload.image}": rpc error: code = NotFound desc = failed to pull and unpack image "${c.workload.image}": not found`) },
  { weight: 1, value: (c) => ({ ...kubelet(c, 'Normal', 'BackOff', `Back-off pulling image "${c.workload.image}"`), count: c.random.int(2, 20) }) },
  { weight: 2, value: failedScheduling },
  { weight: 1, value: (c) => kubelet(c, 'Warning', 'FailedMount', `MountVolume.SetUp failed for volume "config" : configmap "${c.workload.app}-config" not found`) },
  { weight: 1, value: hpaRescale },
  { weight: 0.5, value: evicted },
];

/** `count` synthetic Events (metadata complete but for resourceVersion, which the store assigns). */
export function generateEvents(count: number, seed = 1, options: SyntheticEventOptions = {}): EventObject[] {
  const random = new SeededRandom(seed);
  const startMs = options.startMs ?? Date.UTC(2025, 0, 1);
  const intervalMs = options.intervalMs ?? 10;
  const workloads = Array.from({ length: 64 }, () => newWorkload(random));
  const nodes = Array.from({ length: 24 }, () => `prod-pool-${random.pick(['a', 'b', 'c'])}-${random.hex(8)}-${random.chars(4, NAME_SUFFIX_ALPHABET)}`);
  const events: EventObject[] = [];
  for (let i = 0; i < count; i++) {
    const workload = random.pick(workloads);
    const context: Context = {
      random,
      workload,
      pod: `${workload.app}-${workload.hash}-${random.chars(5, NAME_SUFFIX_ALPHABET)}`,
      podUid: random.uuid(),
      node: random.pick(nodes),
      atMs: startMs + i * intervalMs + random.int(0, 999) / 1000,
    };
    events.push(toEvent(random.weighted(SHAPES)(context), context, i));
  }
  return events;
}

function toEvent(shape: Shape, c: Context, index: number): EventObject {
  const namespace = c.workload.namespace;
  const name = `${shape.regarding.name ?? 'event'}.${(BigInt(Math.floor(c.atMs)) * 1_000_000n + BigInt(index % 1_000_000)).toString(16)}`;
  const created = formatTime(c.atMs);
  const metadata = { name, namespace, uid: c.random.uuid(), creationTimestamp: created };
  if (shape.style === 'scheduler') {
    return {
      metadata: { ...metadata, managedFields: [managedByEventsApi('kube-scheduler', c.atMs)] },
      eventTime: formatMicroTime(c.atMs),
      reportingController: 'default-scheduler',
      reportingInstance: `default-scheduler-${CONTROL_PLANE}`,
      action: shape.action,
      reason: shape.reason,
      regarding: shape.regarding,
      note: shape.note,
      type: shape.type,
    };
  }
  const component = shape.component ?? 'kubelet';
  const host = shape.style === 'kubelet' ? c.node : undefined;
  const count = shape.count ?? 1;
  const first = count > 1 ? formatTime(c.atMs - count * 15_000) : created;
  return {
    // Dumps often carry managedFields only on some events; one in three here keeps the size near 900 bytes.
    metadata: index % 3 === 0 ? { ...metadata, managedFields: [managedByCoreApi(shape.style === 'kubelet' ? 'kubelet' : 'kube-controller-manager', c.atMs, host !== undefined)] } : metadata,
    eventTime: null,
    reportingController: component,
    reportingInstance: host ?? '',
    reason: shape.reason,
    regarding: shape.regarding,
    note: shape.note,
    type: shape.type,
    deprecatedSource: host === undefined ? { component } : { component, host },
    deprecatedFirstTimestamp: first,
    deprecatedLastTimestamp: created,
    deprecatedCount: count,
  };
}

function newWorkload(random: SeededRandom): Workload {
  const namespace = random.pick(NAMESPACES);
  const app = `${random.pick(APPS)}${random.next() < 0.5 ? '' : `-${random.pick(APPS)}`}`;
  return {
    namespace,
    app,
    hash: random.chars(10, NAME_SUFFIX_ALPHABET),
    image: `registry.example.com/${namespace}/${app}:v${random.int(1, 4)}.${random.int(0, 30)}.${random.int(0, 9)}`,
    uid: random.uuid(),
  };
}

function podRef(c: Context, fieldPath?: string): EventObjectRef {
  return {
    kind: 'Pod',
    namespace: c.workload.namespace,
    name: c.pod,
    uid: c.podUid,
    apiVersion: 'v1',
    resourceVersion: String(c.random.int(10_000_000, 99_999_999)),
    ...(fieldPath === undefined ? {} : { fieldPath }),
  };
}

function kubelet(c: Context, type: 'Normal' | 'Warning', reason: string, note: string): Shape {
  return { style: 'kubelet', type, reason, note, regarding: podRef(c, `spec.containers{${c.workload.app}}`) };
}

function scheduled(c: Context): Shape {
  return { style: 'scheduler', type: 'Normal', reason: 'Scheduled', action: 'Binding', note: `Successfully assigned ${c.workload.namespace}/${c.pod} to ${c.node}`, regarding: podRef(c) };
}

function failedScheduling(c: Context): Shape {
  const total = 24;
  const cpu = c.random.int(2, 8);
  return {
    style: 'scheduler',
    type: 'Warning',
    reason: 'FailedScheduling',
    action: 'Scheduling',
    note: `0/${total} nodes are available: ${cpu} Insufficient cpu, ${total - cpu} node(s) didn't match Pod's node affinity/selector. preemption: 0/${total} nodes are available: ${cpu} No preemption victims found for incoming pod, ${total - cpu} Preemption is not helpful for scheduling.`,
    regarding: podRef(c),
  };
}

function pulled(c: Context): Shape {
  if (c.random.next() < 0.6) return kubelet(c, 'Normal', 'Pulled', `Container image "${c.workload.image}" already present on machine`);
  const seconds = (c.random.int(300, 9000) / 1000).toFixed(3);
  return kubelet(c, 'Normal', 'Pulled', `Successfully pulled image "${c.workload.image}" in ${seconds}s (${seconds}s including waiting). Image size: ${c.random.int(20_000_000, 400_000_000)} bytes.`);
}

function unhealthy(c: Context): Shape {
  const note =
    c.random.next() < 0.5
      ? 'Readiness probe failed: HTTP probe failed with statuscode: 503'
      : `Liveness probe failed: Get "http://10.42.${c.random.int(0, 255)}.${c.random.int(2, 254)}:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)`;
  return { ...kubelet(c, 'Warning', 'Unhealthy', note), count: c.random.int(1, 30) };
}

function evicted(c: Context): Shape {
  return kubelet(
    c,
    'Warning',
    'Evicted',
    `The node was low on resource: memory. Threshold quantity: 100Mi, available: ${c.random.int(40_000, 99_000)}Ki. Container ${c.workload.app} was using ${c.random.int(600_000, 2_000_000)}Ki, request is 512Mi, has larger consumption of memory.`,
  );
}

function replicaSet(c: Context, reason: string, note: string): Shape {
  const regarding = { kind: 'ReplicaSet', namespace: c.workload.namespace, name: `${c.workload.app}-${c.workload.hash}`, uid: c.workload.uid, apiVersion: 'apps/v1', resourceVersion: String(c.random.int(10_000_000, 99_999_999)) };
  return { style: 'controller', component: 'replicaset-controller', type: 'Normal', reason, note, regarding };
}

function scalingReplicaSet(c: Context): Shape {
  const from = c.random.int(0, 5);
  const to = from + (c.random.next() < 0.7 ? 1 : -1);
  const direction = to > from ? 'up' : 'down';
  return {
    style: 'controller',
    component: 'deployment-controller',
    type: 'Normal',
    reason: 'ScalingReplicaSet',
    note: `Scaled ${direction} replica set ${c.workload.app}-${c.workload.hash} from ${from} to ${Math.max(0, to)}`,
    regarding: { kind: 'Deployment', namespace: c.workload.namespace, name: c.workload.app, uid: c.random.uuid(), apiVersion: 'apps/v1', resourceVersion: String(c.random.int(10_000_000, 99_999_999)) },
  };
}

function hpaRescale(c: Context): Shape {
  return {
    style: 'controller',
    component: 'horizontal-pod-autoscaler',
    type: 'Normal',
    reason: 'SuccessfulRescale',
    note: `New size: ${c.random.int(2, 12)}; reason: cpu resource utilization (percentage of request) above target`,
    regarding: { kind: 'HorizontalPodAutoscaler', namespace: c.workload.namespace, name: c.workload.app, uid: c.random.uuid(), apiVersion: 'autoscaling/v2', resourceVersion: String(c.random.int(10_000_000, 99_999_999)) },
  };
}

function managedByEventsApi(manager: string, atMs: number): ManagedFieldsEntry {
  return {
    manager,
    operation: 'Update',
    apiVersion: 'events.k8s.io/v1',
    time: formatTime(atMs),
    fieldsType: 'FieldsV1',
    fieldsV1: { 'f:action': {}, 'f:eventTime': {}, 'f:note': {}, 'f:reason': {}, 'f:regarding': {}, 'f:reportingController': {}, 'f:reportingInstance': {}, 'f:type': {} },
  };
}

function managedByCoreApi(manager: string, atMs: number, withHost: boolean): ManagedFieldsEntry {
  return {
    manager,
    operation: 'Update',
    apiVersion: 'v1',
    time: formatTime(atMs),
    fieldsType: 'FieldsV1',
    fieldsV1: {
      'f:count': {},
      'f:firstTimestamp': {},
      'f:involvedObject': {},
      'f:lastTimestamp': {},
      'f:message': {},
      'f:reason': {},
      'f:source': withHost ? { 'f:component': {}, 'f:host': {} } : { 'f:component': {} },
      'f:type': {},
    },
  };
}
