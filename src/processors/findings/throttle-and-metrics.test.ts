/**
 * Noise control and events as metrics, as a user sees them: the records that reach the exporter,
 * and the series on /metrics (the Prometheus text of the process's registry).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MIN, corpusEvent, evictionEvent, nodeEvent, recordOf } from '../../../test/support/event-sequence.ts';
import { play, processorWith, states } from '../../../test/support/findings-harness.ts';

const crash = corpusEvent('101.json');

describe('throttle', () => {
  it('is off by default: every record of a recurring event passes', async () => {
    const { processor, capture } = processorWith();
    const records = Array.from({ length: 20 }, (_, i) => recordOf(crash, i * 30, { count: i + 1 }));
    await play(processor, records);
    assert.equal(capture.events.length, 20);
  });

  it('passes the first occurrence, then one record per interval with series.count telling the total; detectors still see all', async () => {
    const { processor, capture, metrics } = processorWith({ throttle: { enabled: true, interval: '5m' } });
    let acked = 0;
    const ack = { ack: () => acked++, nack: () => assert.fail('nack') };
    // A back-off every 30 s for 12 min: records at 0, 30, ..., 690 s (24 records, count 1..24).
    for (let i = 0; i < 24; i++) await processor.consume([recordOf(crash, i * 30, { count: i + 1 })], ack);
    const passed = capture.events;
    assert.deepEqual(
      passed.map((r) => [r.timeUnixMicros, r.count]),
      [0, 10, 20].map((i) => [recordOf(crash, i * 30).timeUnixMicros, i + 1]),
      'first at 0 s, then at 5 min and 10 min, each with its count so far',
    );
    assert.equal(acked, 24, 'held-back records are acked (filtered on purpose)');
    assert.deepEqual(states(capture.findings), ['firing', 'firing'], 'the crash loop still fires from the records held back (and updates 5 min later)');
    const text = await metrics.registry.metrics();
    assert.match(text, /tracecore_processor_throttled_records_total\{processor="findings"\} 21/);
  });

  it('keys on regarding object and reason: other pods and reasons pass', async () => {
    const { processor, capture } = processorWith({ throttle: { enabled: true, interval: '5m' } });
    const otherPod = { ...crash, involvedObject: { ...(crash.involvedObject as object), uid: 'other-pod' } };
    const otherReason = { ...crash, reason: 'Unhealthy', message: 'Liveness probe failed' };
    await play(processor, [recordOf(crash, 0), recordOf(crash, 1, { count: 2 }), recordOf(otherPod, 2), recordOf(otherReason, 3)]);
    assert.equal(capture.events.length, 3);
  });
});

describe('events as metrics', () => {
  it('counts events by hint, reason, type and regarding kind; every hint and finding series exists at 0 from the start', async () => {
    const { processor, metrics } = processorWith();
    let text = await metrics.registry.metrics();
    assert.match(text, /tracecore_k8s_events_total\{hint="pod_evicted",reason="other",type="other",regarding_kind="other"\} 0/);
    assert.match(text, /tracecore_k8s_events_total\{hint="none",reason="other",type="other",regarding_kind="other"\} 0/);
    assert.match(text, /tracecore_findings_total\{kind="crash_loop",state="firing"\} 0/);
    assert.match(text, /tracecore_findings_total\{kind="node_flapping",state="resolved"\} 0/);
    assert.match(text, /tracecore_findings_firing\{kind="pod_eviction_storm"\} 0/);

    await play(processor, [recordOf(crash, 0, { count: 9 }), recordOf(evictionEvent('node-1', 'shop', 'web-0'), 1), recordOf(nodeEvent('node-1', 'NodeReady', 'Node node-1 status is now: NodeReady'), 2)]);
    text = await metrics.registry.metrics();
    assert.match(text, /tracecore_k8s_events_total\{hint="backoff",reason="BackOff",type="Warning",regarding_kind="Pod"\} 1/);
    assert.match(text, /tracecore_k8s_events_total\{hint="pod_evicted",reason="Evicted",type="Warning",regarding_kind="Pod"\} 1/);
    assert.match(text, /tracecore_k8s_events_total\{hint="none",reason="NodeReady",type="Normal",regarding_kind="Node"\} 1/);
    assert.match(text, /tracecore_findings_total\{kind="crash_loop",state="firing"\} 1/);
    assert.match(text, /tracecore_findings_firing\{kind="crash_loop"\} 1/);

    await play(processor, [recordOf(nodeEvent('node-1', 'NodeReady', 'Node node-1 status is now: NodeReady'), 25 * MIN, { uid: 'later' })]);
    text = await metrics.registry.metrics();
    assert.match(text, /tracecore_findings_total\{kind="crash_loop",state="resolved"\} 1/);
    assert.match(text, /tracecore_findings_firing\{kind="crash_loop"\} 0/);
  });

  it('caps reason and regarding_kind label values; later ones count as "other"', async () => {
    const { processor, metrics } = processorWith({ event_metrics: { max_reasons: 2, max_kinds: 1 } });
    const reasons = ['Pulled', 'Created', 'Started', 'Killing'];
    await play(
      processor,
      reasons.map((reason, i) => recordOf({ ...crash, reason, type: 'Normal', metadata: { ...(crash.metadata as object), uid: `r-${i}` } }, i)),
    );
    await play(processor, [recordOf(nodeEvent('node-1', 'NodeReady', 'ready'), 10)]);
    const text = await metrics.registry.metrics();
    assert.match(text, /tracecore_k8s_events_total\{hint="none",reason="Pulled",type="Normal",regarding_kind="Pod"\} 1/);
    assert.match(text, /tracecore_k8s_events_total\{hint="none",reason="Created",type="Normal",regarding_kind="Pod"\} 1/);
    assert.match(text, /tracecore_k8s_events_total\{hint="none",reason="other",type="Normal",regarding_kind="Pod"\} 2/);
    assert.match(text, /tracecore_k8s_events_total\{hint="none",reason="other",type="Normal",regarding_kind="other"\} 1/);
    assert.doesNotMatch(text, /reason="Killing"/);
  });
});
