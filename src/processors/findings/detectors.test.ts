/**
 * Each detector driven by event sequences in real message formats (corpus events re-timed, and
 * kubelet/scheduler events in the shape their sources write), asserting the findings, their
 * timing, their updates (at most every update_interval) and their resolution after a quiet window.
 * Event time only: no test sleeps.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  ATTR_FINDING_COUNT,
  ATTR_FINDING_EVIDENCE,
  ATTR_FINDING_FIRST_TIME,
  ATTR_FINDING_IMAGE,
  ATTR_FINDING_KIND,
  ATTR_FINDING_LAST_TIME,
  ATTR_FINDING_REASONS,
  ATTR_FINDING_RESOURCE,
  ATTR_FINDING_SUBJECT_KIND,
  ATTR_FINDING_SUBJECT_NAME,
  ATTR_FINDING_SUBJECT_NAMESPACE,
  ATTR_FINDING_WINDOW,
  ATTR_FINDING_WORKLOADS,
  FINDINGS_SCOPE,
  FINDING_EVENT_NAME,
} from '../../model/finding.ts';
import { NO_ACK } from '../../component/ack.ts';
import { SEVERITY_ERROR, SEVERITY_WARN } from '../../model/record.ts';
import { MIN, T0, at, corpusEvent, evictionEvent, nodeEvent, recordOf } from '../../../test/support/event-sequence.ts';
import { attr, play, processorWith, states } from '../../../test/support/findings-harness.ts';

const evict = (seconds: number, node: string, ns: string, pod: string) => recordOf(evictionEvent(node, ns, pod), seconds);
/** An unrelated record that only moves event time on. */
const tickAt = (seconds: number) => recordOf(nodeEvent('node-1', 'NodeReady', 'Node node-1 status is now: NodeReady'), seconds, { uid: `tick-${seconds}` });

describe('pod_eviction_storm', () => {
  it('fires once at the third eviction on one node, names resource and workloads, updates at most every 5 min, resolves after 10 quiet minutes', async () => {
    const { processor, capture } = processorWith();
    await play(processor, [
      recordOf(nodeEvent('node-7', 'NodeHasInsufficientMemory', 'Node node-7 status is now: NodeHasInsufficientMemory'), 0),
      evict(10, 'node-7', 'shop', 'web-5d8f7c9b6-x2v4q'),
      evict(70, 'node-7', 'shop', 'web-5d8f7c9b6-k9m2p'),
    ]);
    assert.equal(capture.findings.length, 0, 'two evictions are not a storm');
    await play(processor, [evict(4 * MIN, 'node-7', 'shop', 'cart-redis-0')]);
    const [fired] = capture.findings;
    assert.ok(fired, 'the third eviction fires');
    assert.equal(capture.findings.length, 1);
    assert.equal(fired.eventName, FINDING_EVENT_NAME);
    assert.equal(fired.scope, FINDINGS_SCOPE);
    assert.equal(fired.severityNumber, SEVERITY_ERROR);
    assert.equal(fired.timeUnixMicros, T0 + 4 * MIN * 1e6, 'stamped with the event time it fired at');
    assert.equal(attr(fired, ATTR_FINDING_KIND), 'pod_eviction_storm');
    assert.deepEqual(states([fired]), ['firing']);
    assert.equal(attr(fired, ATTR_FINDING_SUBJECT_KIND), 'Node');
    assert.equal(attr(fired, ATTR_FINDING_SUBJECT_NAME), 'node-7');
    assert.equal(attr(fired, ATTR_FINDING_SUBJECT_NAMESPACE), undefined, 'a Node has no namespace');
    assert.equal(attr(fired, ATTR_FINDING_COUNT), 3);
    assert.equal(attr(fired, ATTR_FINDING_RESOURCE), 'memory');
    assert.equal(attr(fired, ATTR_FINDING_WORKLOADS), 'shop/web (2), shop/cart-redis (1)');
    assert.equal(attr(fired, ATTR_FINDING_FIRST_TIME), `${at(10).slice(0, 19)}.000000Z`);
    assert.equal(attr(fired, ATTR_FINDING_LAST_TIME), `${at(4 * MIN).slice(0, 19)}.000000Z`);
    assert.equal(attr(fired, ATTR_FINDING_WINDOW), '10m');
    assert.equal(String(attr(fired, ATTR_FINDING_EVIDENCE)).split(',').length, 3);
    assert.match(fired.note ?? '', /^node node-7 evicted 3 pods in 4 min under memory pressure: shop\/web \(2\), shop\/cart-redis \(1\)/);

    // Two more within 5 min of firing: no update yet; one after: an update with the new count.
    await play(processor, [evict(5 * MIN, 'node-7', 'shop', 'web-5d8f7c9b6-aaaaa'), evict(8 * MIN, 'node-7', 'shop', 'web-5d8f7c9b6-bbbbb')]);
    assert.equal(capture.findings.length, 1, 'no update within update_interval');
    await play(processor, [evict(9 * MIN + 30, 'node-7', 'shop', 'web-5d8f7c9b6-ccccc')]);
    assert.equal(capture.findings.length, 2);
    const update = capture.findings[1];
    assert.deepEqual(states([update]), ['firing']);
    assert.equal(attr(update, ATTR_FINDING_COUNT), 6);
    assert.equal(update.uid, fired.uid, 'an update is the same finding');

    // Quiet: nothing for 10 min after the last time the condition held -> resolved.
    await play(processor, [tickAt(19 * MIN)]);
    assert.equal(capture.findings.length, 2, 'not quiet long enough yet');
    await play(processor, [tickAt(20 * MIN)]);
    assert.deepEqual(states(capture.findings), ['firing', 'firing', 'resolved']);
    const resolved = capture.findings[2];
    assert.equal(resolved.timeUnixMicros, T0 + (9 * MIN + 30 + 10 * MIN) * 1e6, 'resolved at the end of the quiet window');
    assert.equal(resolved.uid, fired.uid);
    assert.match(resolved.note ?? '', /^Resolved: node node-7/);
    assert.deepEqual(processor.firing(), []);
  });

  it('does not fire for evictions spread wider than the window, or spread over nodes', async () => {
    const { processor, capture } = processorWith();
    await play(processor, [evict(0, 'node-1', 'shop', 'web-5d8f7c9b6-x2v4q'), evict(6 * MIN, 'node-1', 'shop', 'web-5d8f7c9b6-k9m2p'), evict(11 * MIN, 'node-1', 'shop', 'cart-redis-0')]);
    await play(processor, [evict(12 * MIN, 'node-2', 'shop', 'a-0'), evict(12 * MIN, 'node-3', 'shop', 'b-0'), evict(12 * MIN, 'node-4', 'shop', 'c-0')]);
    assert.deepEqual(capture.findings, []);
  });

  it('counts the scheduler\'s Preempted victims on the node named in the note', async () => {
    const { processor, capture } = processorWith();
    const preempted = (seconds: number, pod: string) =>
      recordOf(
        {
          apiVersion: 'events.k8s.io/v1',
          kind: 'Event',
          metadata: { name: `${pod}.1`, namespace: 'batch', uid: `preempt-${pod}` },
          eventTime: at(seconds),
          reportingController: 'default-scheduler',
          reportingInstance: 'default-scheduler-cp-1',
          action: 'Preempting',
          reason: 'Preempted',
          regarding: { kind: 'Pod', namespace: 'batch', name: pod, uid: `uid-${pod}` },
          note: 'Preempted by prod/api-7d9f8b6c5d-h4x8n on node node-2',
          type: 'Normal',
        },
        seconds,
      );
    await play(processor, [preempted(0, 'etl-0'), preempted(1, 'etl-1'), preempted(2, 'etl-2')]);
    assert.equal(capture.findings.length, 1);
    assert.equal(attr(capture.findings[0], ATTR_FINDING_SUBJECT_NAME), 'node-2');
    assert.equal(attr(capture.findings[0], ATTR_FINDING_WORKLOADS), 'batch/etl (3)');
  });
});

describe('crash_loop', () => {
  const crash = corpusEvent('101.json'); // kubelet: "Back-off restarting failed container failing-app in pod crash-loop-app-67586446fc-2w49s_…"

  it('fires when one pod backs off 5 times within 10 min, counting series.count, not records; subject is the workload', async () => {
    const { processor, capture } = processorWith();
    await play(processor, [recordOf(crash, 0, { count: 1 }), recordOf(crash, 60, { count: 3 })]);
    assert.equal(capture.findings.length, 0, '3 back-offs');
    await play(processor, [recordOf(crash, 150, { count: 5 })]);
    assert.equal(capture.findings.length, 1, 'the 5th back-off fires, with 3 records');
    const [f] = capture.findings;
    assert.equal(f.severityNumber, SEVERITY_WARN);
    assert.equal(attr(f, ATTR_FINDING_COUNT), 5);
    assert.equal(attr(f, ATTR_FINDING_SUBJECT_KIND), 'Deployment');
    assert.equal(attr(f, ATTR_FINDING_SUBJECT_NAME), 'crash-loop-app');
    assert.equal(attr(f, ATTR_FINDING_SUBJECT_NAMESPACE), 'test-crash');
    assert.equal(attr(f, ATTR_FINDING_EVIDENCE), '3416f418-97a1-499f-b971-8bd46d56aabc', 'one Event, listed once');
    assert.match(f.note ?? '', /pod crash-loop-app-67586446fc-2w49s restarted in back-off 5 times/);
  });

  it('does not fire for back-offs spread over more than 10 min, nor for a re-delivered count', async () => {
    const { processor, capture } = processorWith();
    await play(processor, [recordOf(crash, 0, { count: 2 }), recordOf(crash, 0, { count: 2 }), recordOf(crash, 11 * MIN, { count: 4 }), recordOf(crash, 22 * MIN, { count: 6 })]);
    assert.deepEqual(capture.findings, []);
  });

  it('uses the owner the enrichment stamped over the pod-name heuristic', async () => {
    const { processor, capture } = processorWith();
    const record = recordOf(crash, 0, { count: 7 });
    const enriched = { ...record, attributes: [...record.attributes, { key: 'regarding.owner.kind', value: 'Rollout' }, { key: 'regarding.owner.name', value: 'crash-canary' }] };
    await processor.consume([enriched]);
    assert.equal(attr(capture.findings[0], ATTR_FINDING_SUBJECT_KIND), 'Rollout');
    assert.equal(attr(capture.findings[0], ATTR_FINDING_SUBJECT_NAME), 'crash-canary');
  });
});

describe('image_pull_failing', () => {
  const failed = corpusEvent('053.json'); // Failed: "Failed to pull image \"noimage.com/no-such-image\": rpc error: …"
  const backOff = corpusEvent('052.json'); // BackOff (Normal): "Back-off pulling image \"noimage.com/no-such-image\""

  it('fires once pods of one workload have failed to pull for 2 min, naming the image', async () => {
    const { processor, capture } = processorWith();
    await play(processor, [recordOf(failed, 0), recordOf(backOff, 30), recordOf(failed, 90, { count: 2 })]);
    assert.equal(capture.findings.length, 0, '90 s of failures');
    await play(processor, [recordOf(backOff, 125, { count: 2 })]);
    assert.equal(capture.findings.length, 1);
    const [f] = capture.findings;
    assert.equal(attr(f, ATTR_FINDING_IMAGE), 'noimage.com/no-such-image');
    assert.equal(attr(f, ATTR_FINDING_SUBJECT_KIND), 'Deployment');
    assert.equal(attr(f, ATTR_FINDING_SUBJECT_NAME), 'no-image-deployment', 'both pods belong to one Deployment');
    assert.equal(attr(f, ATTR_FINDING_WINDOW), '2m');
    assert.equal(String(attr(f, ATTR_FINDING_EVIDENCE)).split(',').length, 2);
  });
});

describe('unschedulable', () => {
  const pending = corpusEvent('250.json'); // scheduler: "0/1 nodes are available: 1 Insufficient cpu. preemption: …"

  it('fires after 5 min of scheduling failures with the scheduler\'s reasons, and resolves when the pod is Scheduled', async () => {
    const { processor, capture } = processorWith();
    await play(processor, [recordOf(pending, 0), recordOf(pending, 2 * MIN, { count: 2 }), recordOf(pending, 4 * MIN, { count: 3 })]);
    assert.equal(capture.findings.length, 0);
    await play(processor, [recordOf(pending, 5 * MIN, { count: 4 })]);
    assert.equal(capture.findings.length, 1);
    const [f] = capture.findings;
    assert.equal(attr(f, ATTR_FINDING_SUBJECT_KIND), 'Pod');
    assert.equal(attr(f, ATTR_FINDING_SUBJECT_NAME), 'cpu-intensive-app-7bcfc5d944-hw2vc');
    assert.equal(attr(f, ATTR_FINDING_REASONS), 'Insufficient cpu');
    const scheduled = { ...pending, reason: 'Scheduled', type: 'Normal', message: 'Successfully assigned default/cpu-intensive-app-7bcfc5d944-hw2vc to node-1', metadata: { ...(pending.metadata as object), uid: 'scheduled-1' } };
    await play(processor, [recordOf(scheduled, 6 * MIN)]);
    assert.deepEqual(states(capture.findings), ['firing', 'resolved']);
    assert.equal(capture.findings[1].timeUnixMicros, T0 + 6 * MIN * 1e6);
  });
});

describe('node_flapping', () => {
  it('fires when a node goes NotReady 3 times within 30 min', async () => {
    const { processor, capture } = processorWith();
    const notReady = nodeEvent('node-3', 'NodeNotReady', 'Node node-3 status is now: NodeNotReady', 'Normal', 'node-controller');
    await play(processor, [recordOf(notReady, 0, { count: 1 }), recordOf(notReady, 12 * MIN, { count: 2 })]);
    assert.equal(capture.findings.length, 0);
    await play(processor, [recordOf(notReady, 25 * MIN, { count: 3 })]);
    assert.equal(capture.findings.length, 1);
    assert.equal(attr(capture.findings[0], ATTR_FINDING_SUBJECT_NAME), 'node-3');
    assert.equal(attr(capture.findings[0], ATTR_FINDING_WINDOW), '30m');
    assert.equal(capture.findings[0].severityNumber, SEVERITY_ERROR);
  });
});

describe('oom_kills', () => {
  const systemOom = (seconds: number, pid: number) =>
    recordOf(nodeEvent('node-7', 'SystemOOM', `System OOM encountered, victim process: java, pid: ${pid}`, 'Warning'), seconds, { uid: `sys-${pid}` });
  const oomKilling = (seconds: number, pid: number) =>
    recordOf(
      nodeEvent('node-7', 'OOMKilling', `Memory cgroup out of memory: Killed process ${pid} (java) total-vm:4718592kB, anon-rss:1604220kB, file-rss:21344kB, shmem-rss:0kB, UID:1000 pgtables:3608kB oom_score_adj:936`, 'Warning', 'kernel-monitor'),
      seconds,
      { uid: `npd-${pid}` },
    );

  it('counts one kill once when kubelet and the node problem detector both report it; fires at the third kill', async () => {
    const { processor, capture } = processorWith();
    await play(processor, [oomKilling(0, 100), systemOom(1, 100), oomKilling(60, 200), systemOom(61, 200)]);
    assert.equal(capture.findings.length, 0, 'two kills, each reported twice');
    await play(processor, [systemOom(120, 300)]);
    assert.equal(capture.findings.length, 1);
    assert.equal(attr(capture.findings[0], ATTR_FINDING_COUNT), 3);
    assert.equal(attr(capture.findings[0], ATTR_FINDING_SUBJECT_NAME), 'node-7');
  });
});

describe('resolution when no records come', () => {
  it('the clock tick moves event time on by the wall time that passed, so a quiet cluster resolves too', async () => {
    const { processor, capture } = processorWith();
    const crash = corpusEvent('101.json');
    await play(processor, [recordOf(crash, 0, { count: 6 })]);
    assert.deepEqual(states(capture.findings), ['firing']);
    const noticed = Date.now();
    processor.tick(noticed + 9 * MIN * 1000);
    assert.deepEqual(states(capture.findings), ['firing'], '9 quiet minutes are not enough');
    processor.tick(noticed + 11 * MIN * 1000);
    assert.deepEqual(states(capture.findings), ['firing', 'resolved']);
    assert.equal(capture.batches.at(-1)?.ack, NO_ACK, 'resolved by the tick, sent with no ack');
    await processor.shutdown();
  });
});

describe('records pass through', () => {
  it('hands every source record on unchanged, with its own ack; findings follow in their own call without it', async () => {
    const { processor, capture } = processorWith();
    const records = [evict(0, 'node-7', 'shop', 'a-0'), evict(1, 'node-7', 'shop', 'b-0'), evict(2, 'node-7', 'shop', 'c-0')];
    const copy = [...records];
    let acked = 0;
    const ack = { ack: () => acked++, nack: () => assert.fail('nacked') };
    await processor.consume(records, ack);
    assert.equal(capture.batches.length, 2);
    assert.deepEqual(capture.batches[0].records, copy);
    assert.equal(capture.batches[0].ack, ack, 'the source ack travels with the source records');
    assert.equal(capture.batches[1].records.length, 1);
    assert.notEqual(capture.batches[1].ack, ack, 'findings do not carry the source ack');
    assert.equal(acked, 1);
  });
});
