/**
 * The receiver's filters against the sandbox API: each condition, the fieldSelector the API server
 * receives on list and watch, and the same records whether the pushable part is pushed down or
 * applied in process.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { SandboxApiServer, type EventInput } from '../src/sandbox/index.ts';
import { startHarness, testEvent, type Harness } from './support/receiver-harness.ts';

const KINDS = ['Pod', 'Node', 'Deployment'];
const NAMESPACES = ['shop', 'kube-system', 'prod-eu'];
const REASONS: Array<[string, string, string]> = [
  ['BackOff', 'Warning', 'Back-off restarting failed container api'],
  ['Pulled', 'Normal', 'Container image "nginx" already present on machine'],
  ['Evicted', 'Warning', 'The node was low on resource: memory. Threshold quantity: 100Mi'],
  ['OOMKilling', 'Warning', 'Memory cgroup out of memory: Killed process 4242 (api)'],
];

/** A varied event: kind, namespace, reason/type/note and count cycle independently. */
function mixed(i: number): EventInput {
  const kind = KINDS[i % KINDS.length];
  const namespace = kind === 'Node' ? undefined : NAMESPACES[i % NAMESPACES.length];
  const [reason, type, note] = REASONS[i % REASONS.length];
  const name = `${i % 2 === 0 ? 'web' : 'api'}-${i}`;
  return testEvent(i, {
    metadata: { name: `${name}.e${i}`, namespace: namespace ?? 'default', uid: uidOf(i) },
    reason,
    type,
    note,
    series: { count: 1 + (i % 5), lastObservedTime: new Date(Date.UTC(2026, 0, 1, 0, 0, i)).toISOString().replace('Z', '000Z') },
    regarding: { kind, namespace, name, uid: `uid-${i}`, apiVersion: 'v1' },
  });
}

const CONDITIONS = {
  min_event_type: 'Warning',
  namespaces: { exclude: ['kube-system'] },
  kinds: { exclude: ['Node'] },
  name_regex: '^web-',
  note_regex: 'memory|Back-off',
  min_count: 2,
  hints: { exclude: ['none'] },
};

function uids(h: Harness): string[] {
  return h.records.map((r) => r.uid).sort();
}

describe('receiver filters', () => {
  let sandbox: SandboxApiServer;
  before(async () => {
    sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 100 });
    for (let i = 0; i < 120; i++) sandbox.store.add(mixed(i));
  });
  after(() => sandbox.close());

  it('each condition drops what it says, counted by filter', async () => {
    const cases: Array<[object, string, (i: number) => boolean]> = [
      [{ kinds: { include: ['Deployment'] } }, 'kind', (i) => KINDS[i % 3] === 'Deployment'],
      [{ name_regex: '^api-' }, 'name', (i) => i % 2 === 1],
      [{ note_regex: 'cgroup' }, 'note', (i) => i % 4 === 3],
      [{ min_count: 4 }, 'count', (i) => 1 + (i % 5) >= 4],
      [{ hints: { include: ['oom_killed', 'pod_evicted'] } }, 'hint', (i) => i % 4 === 2 || i % 4 === 3],
    ];
    for (const [config, filter, kept] of cases) {
      const h = await startHarness({ existingSandbox: sandbox, config: { ...config, push_down_filters: false } });
      try {
        const expected = Array.from({ length: 120 }, (_, i) => i).filter(kept);
        await h.waitUntil(`first list (${filter})`, () => h.receiver.isReady());
        await h.waitForRecords(expected.length);
        assert.deepEqual(uids(h), expected.map((i) => uidOf(i)).sort(), JSON.stringify(config));
        assert.equal(await h.metric('tracecore_receiver_filtered_records_total', { filter }), 120 - expected.length);
      } finally {
        await h.close();
      }
    }
  });

  it('pushes the exact part down as a fieldSelector on list and watch; the records are the same as filtering in process', async () => {
    const before = sandbox.requests.entries.length;
    const pushed = await startHarness({ existingSandbox: sandbox, config: CONDITIONS });
    const local = await startHarness({ existingSandbox: sandbox, config: { ...CONDITIONS, push_down_filters: false } });
    try {
      await pushed.waitUntil('both ready', () => pushed.receiver.isReady() && local.receiver.isReady());
      for (let i = 120; i < 240; i++) sandbox.store.add(mixed(i));
      const expected = Array.from({ length: 240 }, (_, i) => i).filter((i) => {
        const kind = KINDS[i % 3];
        const ns = kind === 'Node' ? undefined : NAMESPACES[i % 3];
        const [, type, note] = REASONS[i % 4];
        return type === 'Warning' && ns !== 'kube-system' && kind !== 'Node' && i % 2 === 0 && /memory|Back-off/.test(note) && 1 + (i % 5) >= 2 && i % 4 !== 1;
      });
      assert.ok(expected.length > 10);
      await pushed.waitForRecords(expected.length);
      await local.waitForRecords(expected.length);
      assert.deepEqual(uids(pushed), expected.map(uidOf).sort());
      assert.deepEqual(uids(local), uids(pushed));

      const sent = sandbox.requests.entries.slice(before).filter((r) => r.kind === 'list' || r.kind === 'watch');
      const selectors = new Set(sent.map((r) => `${r.kind} ${r.query.fieldSelector ?? '(none)'}`));
      const selector = 'type!=Normal,regarding.namespace!=kube-system,regarding.kind!=Node';
      assert.ok(selectors.has(`list ${selector}`), [...selectors].join('\n'));
      assert.ok(selectors.has(`watch ${selector}`), [...selectors].join('\n'));
      assert.ok(selectors.has('list (none)'));
      // The API server did that filtering: nothing reached the pushed-down receiver's in-process type filter.
      assert.equal(await pushed.metric('tracecore_receiver_filtered_records_total', { filter: 'min_event_type' }), 0);
      assert.ok((await local.metric('tracecore_receiver_filtered_records_total', { filter: 'min_event_type' })) > 0);
    } finally {
      await pushed.close();
      await local.close();
    }
  });
});

function uidOf(i: number): string {
  return `evt-${i}`;
}
