import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { evictionResource, oomVictimPid, preemptionNode, pressureResource, pulledImage, schedulerReasons } from './note-fields.ts';
import { workloadFromPodName } from './workload.ts';

describe('workload from a pod name', () => {
  const cases: Array<[string, string, string]> = [
    ['web-5d8f7c9b6-x2v4q', 'Deployment', 'web'],
    ['crash-loop-app-67586446fc-2w49s', 'Deployment', 'crash-loop-app'],
    ['payments-api-7d9f8b6c5d-h4x8n', 'Deployment', 'payments-api'],
    ['backup-28391520-k7xzp', 'CronJob', 'backup'],
    ['cart-redis-0', 'StatefulSet', 'cart-redis'],
    ['kafka-12', 'StatefulSet', 'kafka'],
    ['fluentd-7xk2p', 'DaemonSet|Job', 'fluentd'],
    ['helm-install-traefik-vdfpr', 'DaemonSet|Job', 'helm-install-traefik'],
    // Ordinary names are their own workload: vowels and 0/1/3 never occur in generated suffixes.
    ['api-server', 'Pod', 'api-server'],
    ['worker-large', 'Pod', 'worker-large'],
    ['standalone', 'Pod', 'standalone'],
  ];
  for (const [pod, kind, name] of cases) {
    it(`${pod} -> ${kind} ${name}`, () => assert.deepEqual(workloadFromPodName(pod, 'ns'), { kind, name, namespace: 'ns' }));
  }
});

describe('facts read from notes (the components\' message formats)', () => {
  it('kubelet eviction: the resource', () => {
    assert.equal(evictionResource('The node was low on resource: memory. Threshold quantity: 100Mi, available: 87400Ki. '), 'memory');
    assert.equal(evictionResource('The node was low on resource: ephemeral-storage. Threshold quantity: 10Gi'), 'ephemeral-storage');
    assert.equal(evictionResource('Pod was rejected'), undefined);
    assert.equal(evictionResource(undefined), undefined);
  });

  it('node pressure: the resource', () => {
    assert.equal(pressureResource('NodeHasInsufficientMemory', 'Node node-7 status is now: NodeHasInsufficientMemory'), 'memory');
    assert.equal(pressureResource('NodeHasDiskPressure', ''), 'ephemeral-storage');
    assert.equal(pressureResource('NodeHasInsufficientPID', ''), 'pid');
    assert.equal(pressureResource('EvictionThresholdMet', 'Attempting to reclaim memory'), 'memory');
    assert.equal(pressureResource('EvictionThresholdMet', 'Attempting to reclaim ephemeral-storage'), 'ephemeral-storage');
    assert.equal(pressureResource('NodeReady', 'x'), undefined);
  });

  it('scheduler preemption: the node', () => {
    assert.equal(preemptionNode('Preempted by prod/api-7d9f8b6c5d-h4x8n on node node-2'), 'node-2');
    assert.equal(preemptionNode('Preempted by a pod on node ip-10-0-1-7.ec2.internal'), 'ip-10-0-1-7.ec2.internal');
  });

  it('kubelet image pulls: the image', () => {
    assert.equal(pulledImage('Failed to pull image "noimage.com/no-such-image": rpc error: code = Unknown'), 'noimage.com/no-such-image');
    assert.equal(pulledImage('Back-off pulling image "registry.example.com/shop/checkout:v2.31"'), 'registry.example.com/shop/checkout:v2.31');
    assert.equal(pulledImage('Error: ErrImagePull'), undefined);
  });

  it('scheduler FailedScheduling: the reasons without node counts', () => {
    assert.deepEqual(schedulerReasons('0/1 nodes are available: 1 Insufficient cpu. preemption: 0/1 nodes are available: 1 No preemption victims found for incoming pod.'), ['Insufficient cpu']);
    assert.deepEqual(
      schedulerReasons('0/3 nodes are available: 1 node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }, 2 Insufficient memory. preemption: 0/3 nodes are available: 1 Preemption is not helpful for scheduling, 2 No preemption victims found for incoming pod.'),
      ['node(s) had untolerated taint {node.kubernetes.io/memory-pressure: }', 'Insufficient memory'],
    );
    assert.deepEqual(schedulerReasons('0/12 nodes are available: 3 Insufficient memory, 9 node(s) didn\'t match Pod\'s node affinity/selector.'), ['Insufficient memory', 'node(s) didn\'t match Pod\'s node affinity/selector']);
    assert.equal(schedulerReasons('skip schedule deleting pod: default/pending-pod-resources-5fddcf7688-59zjj'), undefined);
  });

  it('OOM notes: the victim pid, from kubelet and from the node problem detector', () => {
    assert.equal(oomVictimPid('System OOM encountered, victim process: java, pid: 48211'), '48211');
    assert.equal(oomVictimPid('Memory cgroup out of memory: Killed process 48211 (java) total-vm:4718592kB'), '48211');
    assert.equal(oomVictimPid('System OOM encountered'), undefined);
  });
});
