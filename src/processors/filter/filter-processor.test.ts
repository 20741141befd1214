import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Ack } from '../../component/ack.ts';
import { FINDING_EVENT_NAME, FINDINGS_SCOPE } from '../../model/finding.ts';
import type { EventRecord } from '../../model/record.ts';
import { silentLogger } from '../../telemetry/logger.ts';
import { Metrics } from '../../telemetry/metrics.ts';
import { filterConfigSchema } from './config.ts';
import { FilterProcessor } from './filter-processor.ts';

function record(uid: string, fields: Partial<EventRecord> = {}, extra: Array<[string, string]> = []): EventRecord {
  return {
    uid,
    resourceVersion: '1',
    regarding: { kind: 'Pod', namespace: 'prod-eu', name: `web-${uid}` },
    count: 1,
    eventTime: '2026-01-01T00:00:00.000000Z',
    timeUnixMicros: 0,
    observedUnixMicros: 0,
    severityNumber: 13,
    severityText: 'WARN',
    type: 'Warning',
    reason: 'BackOff',
    hint: 'backoff',
    attributes: [{ key: 'event.uid', value: uid }, ...extra.map(([key, value]) => ({ key, value }))],
    droppedAttributesCount: 0,
    resource: { attributes: [] },
    ...fields,
  };
}

const finding = (uid: string, kind: string, state: string) =>
  record(uid, { type: undefined, hint: undefined, reason: undefined, scope: FINDINGS_SCOPE, eventName: FINDING_EVENT_NAME }, [['finding.kind', kind], ['finding.state', state]]);

function run(config: object) {
  const passed: Array<{ uids: string[]; ack: Ack | undefined }> = [];
  const processor = new FilterProcessor({ id: 'filter/x', logger: silentLogger(), metrics: new Metrics(), env: {} }, filterConfigSchema.parse(config), {
    consume: async (records, ack) => void passed.push({ uids: records.map((r) => r.uid), ack }),
  });
  return { processor, passed };
}

function tracking() {
  const settled: string[] = [];
  return { settled, ack: { ack: () => void settled.push('ack'), nack: () => void settled.push('nack') } };
}

describe('filter processor', () => {
  it('passes on the records that meet the conditions with the batch ack', async () => {
    const { processor, passed } = run({ min_event_type: 'Warning', hints: { exclude: ['none'] } });
    const { ack, settled } = tracking();
    await processor.consume([record('a'), record('b', { type: 'Normal' }), record('c', { hint: undefined })], ack);
    assert.deepEqual(passed.map((p) => p.uids), [['a']]);
    assert.deepEqual(settled, [], 'settled by the next consumer, not here');
    passed[0].ack?.ack();
    assert.deepEqual(settled, ['ack']);
  });

  it('acks at once a batch it drops entirely (filtered on purpose)', async () => {
    const { processor, passed } = run({ kinds: { exclude: ['Pod'] } });
    const { ack, settled } = tracking();
    await processor.consume([record('a'), record('b')], ack);
    assert.deepEqual(passed, []);
    assert.deepEqual(settled, ['ack']);
  });

  it('records: events | findings picks one stream; event conditions leave findings alone', async () => {
    const batch = () => [record('e1'), finding('f1', 'eviction_storm', 'firing'), record('e2', { hint: undefined })];
    const events = run({ records: 'events', hints: { exclude: ['none'] } });
    await events.processor.consume(batch());
    assert.deepEqual(events.passed[0].uids, ['e1']);
    const findings = run({ records: 'findings' });
    await findings.processor.consume(batch());
    assert.deepEqual(findings.passed[0].uids, ['f1']);
    const both = run({ records: 'all', hints: { exclude: ['none'] }, min_event_type: 'Warning' });
    await both.processor.consume(batch());
    assert.deepEqual(both.passed[0].uids, ['e1', 'f1']);
  });

  it('finding_kinds and finding_states filter findings', async () => {
    const { processor, passed } = run({ records: 'findings', finding_kinds: { exclude: ['crash_loop'] }, finding_states: { include: ['firing'] } });
    await processor.consume([finding('f1', 'eviction_storm', 'firing'), finding('f2', 'crash_loop', 'firing'), finding('f3', 'eviction_storm', 'resolved')]);
    assert.deepEqual(passed[0].uids, ['f1']);
  });
});
