/**
 * The demo incident (`tracecore demo`), about 60 s at speed 1, told in the Events a real
 * three-node cluster would record:
 *
 *   0-10 s   node-7 runs out of memory: NodeHasInsufficientMemory and EvictionThresholdMet (type
 *            Normal, as kubelets send them), a kernel OOM kill, pods Evicted from node-7, their
 *            replacements FailedScheduling ("0/3 nodes are available: ...").
 *   10-26 s  orders-worker crash-loops (BackOff "Back-off restarting failed container"), and
 *            payments-api fails its probes (Unhealthy) and is restarted.
 *   20-37 s  a rollout of checkout with a bad image tag: Failed "Failed to pull image ...",
 *            BackOff "Back-off pulling image ...", recurring.
 *   38-58 s  recovery: NodeHasSufficientMemory, the evicted pods Scheduled, Pulled, Created,
 *            Started; the checkout rollout rolled back and orders-worker fixed (ScalingReplicaSet).
 *
 * Kubelet and controller events have the old-API shape (deprecatedSource, deprecatedCount, no
 * eventTime) and recur by deprecatedCount; scheduler events use the events API (eventTime,
 * action) and recur by series. Times are stamped by the store when each step is played.
 */
import type { EventObject, EventObjectRef } from '../event-types.ts';
import type { Scenario, ScenarioStep } from '../scenario.ts';

const NS = 'shop';
const SCHEDULER_INSTANCE = 'default-scheduler-control-plane-1';

/** Fixed uids so every playback tells the same story. */
const UID = {
  paymentsEvicted: '5f0c2d7e-8a41-4c3b-9d62-1e7f4a9b3c01',
  paymentsNew: '9b3e6a12-4d7f-4e8a-b1c5-2f6d8e0a7b42',
  paymentsProbe: 'c2a7e9f4-1b3d-4a6c-8e5f-7d9b0c2e4f63',
  cartEvicted: '3d8f1a6c-2e4b-4f7d-a9c3-5b1e7d0f2a84',
  cartNew: 'e7b2c4d9-6f1a-4c8e-b3d5-9a0f2e4c6b15',
  searchEvicted: '1a4c7e2f-9b3d-4e6a-8c1f-3d5b7a9e0c26',
  ordersCrashing: '8e1f3b5d-7a9c-4b2e-9f4d-6c8a0e2b4d37',
  ordersFixed: '4b6d8f0a-2c4e-4a7b-9d1f-8e0b2d4f6a48',
  checkoutBad: 'f9a1c3e5-7b9d-4f2a-8c4e-0b2d4f6a8c59',
  paymentsRs: '2c5e8a1d-4f7b-4c9e-a2d6-7f9b1d3e5a60',
  cartSts: '6a9c2e5f-8b1d-4e3a-9c6f-1b3d5f7a9c71',
  searchNew: '1a4d7e2f-9b3d-4e6a-8c1f-3d5b7a9e0cd7',
  searchRs: '5c7e9a1b-3d5f-4b7d-9e1a-3c5e7a9b1de8',
  ordersOldRs: 'a3d6f9c2-5e8b-4a1d-8f3c-6e9b2d5f8a82',
  ordersNewRs: '0e3b6d9f-2c5a-4f8e-b1d4-9c2f5a8d1e93',
  checkoutBadRs: 'd7a0c3f6-9e2b-4d5a-8c7f-2b5e8a1d4fa4',
  checkoutDeploy: '7f2b5d8a-1e4c-4b7f-9a3e-5d8b1f4c7eb5',
  ordersDeploy: 'b8e1d4a7-3f6c-4e9b-8d2a-6f9c3e7b1dc6',
} as const;

const IMAGE = {
  payments: 'registry.example.com/shop/payments-api:3.8.2',
  cart: 'docker.io/library/redis:7.2.4',
  search: 'registry.example.com/shop/search-indexer:1.14.0',
  ordersOld: 'registry.example.com/shop/orders-worker:4.2.0',
  ordersNew: 'registry.example.com/shop/orders-worker:4.2.1',
  checkoutBad: 'registry.example.com/shop/checkout:v2.31',
} as const;

const POD = {
  paymentsEvicted: 'payments-api-7d9f8b6c5d-h4x8n',
  paymentsNew: 'payments-api-7d9f8b6c5d-q7w2x',
  paymentsProbe: 'payments-api-7d9f8b6c5d-m2r6t',
  cartEvicted: 'cart-redis-0',
  cartNew: 'cart-redis-0',
  searchEvicted: 'search-indexer-6c4b9f7d8-p9k2z',
  searchNew: 'search-indexer-6c4b9f7d8-v8d2c',
  ordersCrashing: 'orders-worker-5c8f7d9b4-k2m8p',
  ordersFixed: 'orders-worker-7f6d8c9b5-w5n4j',
  checkoutBad: 'checkout-6b7d9c8f5-zx9vq',
} as const;

let serial = 0;
/** `<object>.<16 hex digits>`, the recorders' naming, deterministic here. */
function eventName(objectName: string): string {
  serial++;
  return `${objectName}.181f3c2a9b${serial.toString(16).padStart(6, '0')}`;
}

function pod(name: string, uid: string, container?: string): EventObjectRef {
  return { kind: 'Pod', namespace: NS, name, uid, apiVersion: 'v1', resourceVersion: String(4_811_000 + name.length * 37), ...(container ? { fieldPath: `spec.containers{${container}}` } : {}) };
}

const NODE_7: EventObjectRef = { kind: 'Node', name: 'node-7', uid: 'node-7' };

/** An event written by kubelet (old core/v1 API, as kubelets still do). */
function kubelet(node: string, regarding: EventObjectRef, type: 'Normal' | 'Warning', reason: string, note: string): EventObject {
  const namespace = regarding.namespace ?? 'default';
  return {
    metadata: { name: eventName(regarding.name ?? node), namespace },
    reportingController: 'kubelet',
    reportingInstance: node,
    reason,
    regarding,
    note,
    type,
    deprecatedSource: { component: 'kubelet', host: node },
  };
}

/** An event written by a controller in kube-controller-manager (old API, no host). */
function controller(component: string, regarding: EventObjectRef, reason: string, note: string): EventObject {
  return {
    metadata: { name: eventName(regarding.name ?? component), namespace: regarding.namespace ?? 'default' },
    reportingController: component,
    reportingInstance: '',
    reason,
    regarding,
    note,
    type: 'Normal',
    deprecatedSource: { component },
  };
}

/** An event written by the scheduler through the events API (eventTime, action, series). */
function scheduler(regarding: EventObjectRef, type: 'Normal' | 'Warning', reason: string, action: string, note: string): EventObject {
  return {
    metadata: { name: eventName(regarding.name ?? 'scheduler'), namespace: regarding.namespace ?? 'default' },
    reportingController: 'default-scheduler',
    reportingInstance: SCHEDULER_INSTANCE,
    action,
    reason,
    regarding,
    note,
    type,
  };
}

function deployment(name: string, uid: string): EventObjectRef {
  return { kind: 'Deployment', namespace: NS, name, uid, apiVersion: 'apps/v1', resourceVersion: String(4_810_000 + name.length * 11) };
}

function replicaSet(name: string, uid: string): EventObjectRef {
  return { kind: 'ReplicaSet', namespace: NS, name, uid, apiVersion: 'apps/v1', resourceVersion: String(4_810_500 + name.length * 13) };
}

const steps: ScenarioStep[] = [];
const at = (seconds: number, event: EventObject): EventObject => {
  steps.push({ atMs: Math.round(seconds * 1000), op: 'add', event });
  return event;
};
const again = (seconds: number, event: EventObject): void => {
  steps.push({ atMs: Math.round(seconds * 1000), op: 'recur', ref: { namespace: event.metadata.namespace as string, name: event.metadata.name as string } });
};

// ---- 0-10 s: node-7 under memory pressure ----
at(0, kubelet('node-7', NODE_7, 'Normal', 'NodeHasInsufficientMemory', 'Node node-7 status is now: NodeHasInsufficientMemory'));
const threshold = at(0.6, kubelet('node-7', NODE_7, 'Normal', 'EvictionThresholdMet', 'Attempting to reclaim memory'));
at(1.4, {
  ...kubelet('node-7', NODE_7, 'Warning', 'OOMKilling', 'Memory cgroup out of memory: Killed process 48211 (java) total-vm:4718592kB, anon-rss:1604220kB, file-rss:21344kB, shmem-rss:0kB, UID:1000 pgtables:3608kB oom_score_adj:936'),
  reportingController: 'kernel-monitor',
  deprecatedSource: { component: 'kernel-monitor', host: 'node-7' },
});
at(1.9, kubelet('node-7', NODE_7, 'Warning', 'SystemOOM', 'System OOM encountered, victim process: java, pid: 48211'));
at(
  3,
  kubelet(
    'node-7',
    pod(POD.paymentsEvicted, UID.paymentsEvicted),
    'Warning',
    'Evicted',
    'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87400Ki. Container api was using 1604220Ki, request is 512Mi, has larger consumption of memory.',
  ),
);
at(3.2, kubelet('node-7', pod(POD.paymentsEvicted, UID.paymentsEvicted, 'api'), 'Normal', 'Killing', 'Stopping container api'));
at(
  3.9,
  kubelet(
    'node-7',
    pod(POD.cartEvicted, UID.cartEvicted),
    'Warning',
    'Evicted',
    'The node was low on resource: memory. Threshold quantity: 100Mi, available: 91256Ki. Container redis was using 803112Ki, request is 256Mi, has larger consumption of memory.',
  ),
);
at(
  4.6,
  kubelet(
    'node-7',
    pod(POD.searchEvicted, UID.searchEvicted),
    'Warning',
    'Evicted',
    'The node was low on resource: memory. Threshold quantity: 100Mi, available: 96640Ki. Container indexer was using 702508Ki, request is 384Mi, has larger consumption of memory.',
  ),
);
at(5.1, controller('replicaset-controller', replicaSet('payments-api-7d9f8b6c5d', UID.paymentsRs), 'SuccessfulCreate', `Created pod: ${POD.paymentsNew}`));
at(5.4, controller('statefulset-controller', { kind: 'StatefulSet', namespace: NS, name: 'cart-redis', uid: UID.cartSts, apiVersion: 'apps/v1', resourceVersion: '4810733' }, 'SuccessfulCreate', `create Pod ${POD.cartNew} in StatefulSet cart-redis successful`));
at(5.7, controller('replicaset-controller', replicaSet('search-indexer-6c4b9f7d8', UID.searchRs), 'SuccessfulCreate', `Created pod: ${POD.searchNew}`));
const unschedulable = at(
  6,
  scheduler(
    pod(POD.paymentsNew, UID.paymentsNew),
    'Warning',
    'FailedScheduling',
    'Scheduling',
    '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
  ),
);
const cartUnschedulable = at(
  6.5,
  scheduler(
    pod(POD.cartNew, UID.cartNew),
    'Warning',
    'FailedScheduling',
    'Scheduling',
    '0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.',
  ),
);
again(8, threshold);
again(9, unschedulable);

// ---- 10-26 s: a crash loop and failing probes ----
const ordersRef = pod(POD.ordersCrashing, UID.ordersCrashing, 'worker');
at(10, kubelet('node-5', ordersRef, 'Normal', 'Pulled', `Container image "${IMAGE.ordersOld}" already present on machine`));
at(10.2, kubelet('node-5', ordersRef, 'Normal', 'Created', 'Created container: worker'));
at(10.4, kubelet('node-5', ordersRef, 'Normal', 'Started', 'Started container worker'));
const crashLoop = at(12, kubelet('node-5', ordersRef, 'Warning', 'BackOff', `Back-off restarting failed container worker in pod ${POD.ordersCrashing}_${NS}(${UID.ordersCrashing})`));
const probeRef = pod(POD.paymentsProbe, UID.paymentsProbe, 'api');
const readiness = at(13, kubelet('node-3', probeRef, 'Warning', 'Unhealthy', 'Readiness probe failed: HTTP probe failed with statuscode: 503'));
again(14, crashLoop);
const liveness = at(15, kubelet('node-3', probeRef, 'Warning', 'Unhealthy', 'Liveness probe failed: Get "http://10.244.1.23:8080/healthz": context deadline exceeded (Client.Timeout exceeded while awaiting headers)'));
again(15.5, unschedulable);
again(16, readiness);
at(16.5, kubelet('node-3', probeRef, 'Normal', 'Killing', 'Container api failed liveness probe, will be restarted'));
again(17, crashLoop);
again(18, liveness);
again(19, cartUnschedulable);

// ---- 20-37 s: a rollout with a bad image ----
const checkoutRef = pod(POD.checkoutBad, UID.checkoutBad, 'checkout');
at(20, controller('deployment-controller', deployment('checkout', UID.checkoutDeploy), 'ScalingReplicaSet', 'Scaled up replica set checkout-6b7d9c8f5 from 0 to 1'));
at(20.3, controller('replicaset-controller', replicaSet('checkout-6b7d9c8f5', UID.checkoutBadRs), 'SuccessfulCreate', `Created pod: ${POD.checkoutBad}`));
at(20.6, scheduler(pod(POD.checkoutBad, UID.checkoutBad), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${NS}/${POD.checkoutBad} to node-3`));
const pulling = at(21, kubelet('node-3', checkoutRef, 'Normal', 'Pulling', `Pulling image "${IMAGE.checkoutBad}"`));
again(21.5, crashLoop);
const pullFailed = at(
  22.8,
  kubelet(
    'node-3',
    checkoutRef,
    'Warning',
    'Failed',
    `Failed to pull image "${IMAGE.checkoutBad}": rpc error: code = NotFound desc = failed to pull and unpack image "${IMAGE.checkoutBad}": failed to resolve reference "${IMAGE.checkoutBad}": ${IMAGE.checkoutBad}: not found`,
  ),
);
const errImagePull = at(23, kubelet('node-3', checkoutRef, 'Warning', 'Failed', 'Error: ErrImagePull'));
const pullBackOff = at(24, kubelet('node-3', checkoutRef, 'Normal', 'BackOff', `Back-off pulling image "${IMAGE.checkoutBad}"`));
const imagePullBackOff = at(24.2, kubelet('node-3', checkoutRef, 'Warning', 'Failed', 'Error: ImagePullBackOff'));
again(25, readiness);
again(26, crashLoop);
again(27, pulling);
again(28.5, pullFailed);
again(28.7, errImagePull);
again(30, pullBackOff);
again(30.2, imagePullBackOff);
again(32, unschedulable);
again(33, pulling);
again(34.5, pullFailed);
again(36, pullBackOff);
again(36.2, imagePullBackOff);

// ---- 38-58 s: recovery ----
at(38, kubelet('node-7', NODE_7, 'Normal', 'NodeHasSufficientMemory', 'Node node-7 status is now: NodeHasSufficientMemory'));
const paymentsRef = pod(POD.paymentsNew, UID.paymentsNew, 'api');
at(39, scheduler(pod(POD.paymentsNew, UID.paymentsNew), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${NS}/${POD.paymentsNew} to node-7`));
at(39.6, kubelet('node-7', paymentsRef, 'Normal', 'Pulled', `Container image "${IMAGE.payments}" already present on machine`));
at(40, kubelet('node-7', paymentsRef, 'Normal', 'Created', 'Created container: api'));
at(40.3, kubelet('node-7', paymentsRef, 'Normal', 'Started', 'Started container api'));
at(42, controller('deployment-controller', deployment('checkout', UID.checkoutDeploy), 'ScalingReplicaSet', 'Scaled down replica set checkout-6b7d9c8f5 from 1 to 0'));
at(42.3, controller('replicaset-controller', replicaSet('checkout-6b7d9c8f5', UID.checkoutBadRs), 'SuccessfulDelete', `Deleted pod: ${POD.checkoutBad}`));
at(44, controller('deployment-controller', deployment('orders-worker', UID.ordersDeploy), 'ScalingReplicaSet', 'Scaled up replica set orders-worker-7f6d8c9b5 from 0 to 1'));
at(44.3, controller('replicaset-controller', replicaSet('orders-worker-7f6d8c9b5', UID.ordersNewRs), 'SuccessfulCreate', `Created pod: ${POD.ordersFixed}`));
at(44.6, scheduler(pod(POD.ordersFixed, UID.ordersFixed), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${NS}/${POD.ordersFixed} to node-5`));
const ordersFixedRef = pod(POD.ordersFixed, UID.ordersFixed, 'worker');
at(45, kubelet('node-5', ordersFixedRef, 'Normal', 'Pulling', `Pulling image "${IMAGE.ordersNew}"`));
at(46.5, kubelet('node-5', ordersFixedRef, 'Normal', 'Pulled', `Successfully pulled image "${IMAGE.ordersNew}" in 1.482s (1.482s including waiting). Image size: 48213556 bytes.`));
at(46.8, kubelet('node-5', ordersFixedRef, 'Normal', 'Created', 'Created container: worker'));
at(47, kubelet('node-5', ordersFixedRef, 'Normal', 'Started', 'Started container worker'));
at(49, controller('deployment-controller', deployment('orders-worker', UID.ordersDeploy), 'ScalingReplicaSet', 'Scaled down replica set orders-worker-5c8f7d9b4 from 1 to 0'));
at(49.3, controller('replicaset-controller', replicaSet('orders-worker-5c8f7d9b4', UID.ordersOldRs), 'SuccessfulDelete', `Deleted pod: ${POD.ordersCrashing}`));
at(49.5, kubelet('node-5', ordersRef, 'Normal', 'Killing', 'Stopping container worker'));
const cartRef = pod(POD.cartNew, UID.cartNew, 'redis');
at(51, scheduler(pod(POD.cartNew, UID.cartNew), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${NS}/${POD.cartNew} to node-7`));
at(51.6, kubelet('node-7', cartRef, 'Normal', 'Pulled', `Container image "${IMAGE.cart}" already present on machine`));
at(52, kubelet('node-7', cartRef, 'Normal', 'Created', 'Created container: redis'));
at(52.2, kubelet('node-7', cartRef, 'Normal', 'Started', 'Started container redis'));
const searchRef = pod(POD.searchNew, UID.searchNew, 'indexer');
at(55, scheduler(pod(POD.searchNew, UID.searchNew), 'Normal', 'Scheduled', 'Binding', `Successfully assigned ${NS}/${POD.searchNew} to node-7`));
at(55.5, kubelet('node-7', searchRef, 'Normal', 'Pulling', `Pulling image "${IMAGE.search}"`));
at(57.2, kubelet('node-7', searchRef, 'Normal', 'Pulled', `Successfully pulled image "${IMAGE.search}" in 1.637s (1.637s including waiting). Image size: 61830417 bytes.`));
at(57.6, kubelet('node-7', searchRef, 'Normal', 'Created', 'Created container: indexer'));
at(58, kubelet('node-7', searchRef, 'Normal', 'Started', 'Started container indexer'));

export const incidentScenario: Scenario = {
  name: 'incident',
  description:
    'node-7 runs out of memory and evicts pods, a worker crash-loops, a rollout ships a bad image tag, then the cluster recovers.',
  steps,
};
