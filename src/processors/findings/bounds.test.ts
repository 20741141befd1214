/**
 * State is bounded: a flood of 100,000 unrelated events (each pod, node and workload seen once,
 * in every detector's input) fires nothing, keeps at most max_subjects subjects per detector, and
 * does not grow the heap past the documented bound (docs/findings-schema.md, "Bounds": 16 MiB at
 * the defaults) nor at all once the state is full. Heap sampled after a forced GC.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { EventRecord } from '../../model/record.ts';
import { corpusEvent, evictionEvent, nodeEvent, recordOf } from '../../../test/support/event-sequence.ts';
import { processorWith } from '../../../test/support/findings-harness.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

function heapMiB(): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 2 ** 20;
}

const MiB = 1;
/** The documented bound of the findings state at the defaults (6 detectors x 1,000 subjects, 4,000 Event counts, 1,000 node pressures). */
const STATE_BOUND_MIB = 16 * MiB;

const crash = corpusEvent('101.json');
const pending = corpusEvent('250.json');
const pullFailed = corpusEvent('053.json');

/** Unrelated event number i: a different pod, node or workload every time, at 10 ms steps of event time. */
function unrelated(i: number): EventRecord {
  const seconds = i / 100;
  const ns = `team-${i % 50}`;
  const pod = `svc${i}-5d8f7c9b6-x2v4q`;
  const podRef = { kind: 'Pod', namespace: ns, name: pod, uid: `pod-${i}`, apiVersion: 'v1' };
  switch (i % 6) {
    case 0:
      return recordOf({ ...crash, metadata: { ...(crash.metadata as object), uid: `crash-${i}`, namespace: ns }, involvedObject: podRef }, seconds);
    case 1:
      return recordOf({ ...pending, metadata: { ...(pending.metadata as object), uid: `pending-${i}`, namespace: ns }, involvedObject: podRef }, seconds);
    case 2:
      return recordOf({ ...pullFailed, metadata: { ...(pullFailed.metadata as object), uid: `pull-${i}`, namespace: ns }, involvedObject: podRef }, seconds);
    case 3:
      return recordOf(evictionEvent(`node-${i}`, ns, pod), seconds);
    case 4:
      return recordOf(nodeEvent(`node-${i}`, 'NodeNotReady', `Node node-${i} status is now: NodeNotReady`, 'Normal', 'node-controller'), seconds);
    default:
      return recordOf(nodeEvent(`node-${i}`, 'SystemOOM', `System OOM encountered, victim process: java, pid: ${i}`, 'Warning'), seconds);
  }
}

describe('findings state bounds', () => {
  it('a flood of 100,000 unrelated events fires nothing and keeps state within max_subjects and the heap bound', async () => {
    const { processor, capture } = processorWith();
    const before = heapMiB();
    let full = 0;
    for (let start = 0; start < 100_000; start += 1000) {
      const batch: EventRecord[] = [];
      for (let i = start; i < start + 1000; i++) batch.push(unrelated(i));
      await processor.consume(batch);
      capture.batches.length = 0; // the test's consumer must not be what grows
      if (start === 19_000) full = heapMiB();
    }
    const after = heapMiB();
    const size = processor.stateSize();
    assert.deepEqual(capture.findings, []);
    assert.deepEqual(processor.firing(), []);
    assert.ok(size.subjects <= 6 * 1000, `subjects ${size.subjects}`);
    assert.ok(size.events <= 4000 + 1000, `events ${size.events}`);
    assert.ok(after - before < STATE_BOUND_MIB, `state grew the heap by ${(after - before).toFixed(1)} MiB (bound ${STATE_BOUND_MIB} MiB)`);
    assert.ok(after - full < 2, `heap kept growing once the state was full: ${full.toFixed(1)} -> ${after.toFixed(1)} MiB`);
    console.log(`findings state after 100,000 unrelated events: ${size.subjects} subjects, ${size.events} event counts, heap +${(after - before).toFixed(1)} MiB (after 20,000: +${(full - before).toFixed(1)} MiB)`);
  });

  it('with a smaller max_subjects, the state stays within it', async () => {
    const { processor } = processorWith({ max_subjects: 10 });
    for (let start = 0; start < 6000; start += 1000) {
      const batch: EventRecord[] = [];
      for (let i = start; i < start + 1000; i++) batch.push(unrelated(i));
      await processor.consume(batch);
    }
    const size = processor.stateSize();
    assert.ok(size.subjects <= 60, `subjects ${size.subjects}`);
    assert.ok(size.events <= 50, `events ${size.events}`);
  });
});
