/**
 * Routing: one k8s_events receiver feeding two pipelines, everything to one exporter and, through
 * a filter processor, Warnings with a hint in the prod namespaces to another (the chat
 * example). Real receiver against the sandbox API, real file exporters, the config as a user
 * writes it.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { defaultRegistry } from '../src/components.ts';
import { loadConfigText } from '../src/config/load.ts';
import { Service } from '../src/pipeline/service.ts';
import { SandboxApiServer, type EventInput } from '../src/sandbox/index.ts';
import { silentLogger } from '../src/telemetry/logger.ts';
import { Metrics } from '../src/telemetry/metrics.ts';
import { testEvent } from './support/receiver-harness.ts';
import { pollUntil } from './support/poll-until.ts';

const NAMESPACES = ['prod-eu', 'prod-us', 'dev'];
const KINDS: Array<[string, string, string]> = [
  ['BackOff', 'Warning', 'Back-off restarting failed container api'],
  ['Pulled', 'Normal', 'Container image "nginx" already present on machine'],
  ['Evicted', 'Warning', 'The node was low on resource: memory.'],
  ['Custom', 'Warning', 'something without a hint'],
];

function event(i: number): EventInput {
  const namespace = NAMESPACES[i % 3];
  const [reason, type, note] = KINDS[i % 4];
  return testEvent(i, { metadata: { name: `p-${i}.e${i}`, namespace, uid: `evt-${i}` }, reason, type, note, regarding: { kind: 'Pod', namespace, name: `p-${i}`, uid: `pod-${i}` } });
}

/** Chat gets Warnings with a hint (BackOff, Evicted) of prod-* namespaces. */
function goesToChat(i: number): boolean {
  return NAMESPACES[i % 3].startsWith('prod-') && (i % 4 === 0 || i % 4 === 2);
}

interface FileRecord {
  readonly uid: string;
  readonly scope: string;
  readonly findingKind: string | undefined;
}

async function recordsIn(path: string): Promise<FileRecord[]> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    return [];
  }
  const out: FileRecord[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const request = JSON.parse(line) as { resourceLogs: Array<{ scopeLogs: Array<{ scope: { name: string }; logRecords: Array<{ attributes: Array<{ key: string; value: { stringValue?: string } }> }> }> }> };
    for (const rl of request.resourceLogs) {
      for (const sl of rl.scopeLogs) {
        for (const lr of sl.logRecords) {
          const attr = (key: string): string | undefined => lr.attributes.find((a) => a.key === key)?.value.stringValue;
          out.push({ uid: attr('event.uid') ?? '', scope: sl.scope.name, findingKind: attr('finding.kind') });
        }
      }
    }
  }
  return out;
}

describe('routing: one event stream, two pipelines', () => {
  let sandbox: SandboxApiServer;
  let dir: string;
  before(async () => {
    sandbox = await SandboxApiServer.start({ bookmarkIntervalMs: 100 });
    dir = await mkdtemp(join(tmpdir(), 'tracecore-routing-'));
  });
  after(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('sends everything to one exporter and the filtered share to the other', async () => {
    for (let i = 0; i < 60; i++) sandbox.store.add(event(i));
    const kubeconfig = await sandbox.writeKubeconfig(dir);
    const all = join(dir, 'all.jsonl');
    const chat = join(dir, 'chat.jsonl');
    const yaml = `
receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig} }
processors:
  batch: { timeout: 50ms }
  filter/chat:
    min_event_type: Warning
    namespaces: { include: [prod-eu, prod-us] }
    hints: { exclude: [none] }
    records: all
exporters:
  file/all: { path: ${all} }
  file/chat: { path: ${chat} }
service:
  pipelines:
    logs/all: { receivers: [k8s_events], processors: [batch], exporters: [file/all] }
    logs/chat: { receivers: [k8s_events], processors: [filter/chat], exporters: [file/chat] }
`;
    const metrics = new Metrics();
    const service = new Service(loadConfigText(yaml, defaultRegistry(), {}), { logger: silentLogger(), metrics, env: {} });
    await service.start();
    try {
      for (let i = 60; i < 120; i++) sandbox.store.add(event(i));
      await pollUntil('every event in file/all', async () => (await recordsIn(all)).length >= 120, 30_000);
      const expected = Array.from({ length: 120 }, (_, i) => i).filter(goesToChat).map((i) => `evt-${i}`).sort();
      await pollUntil('the chat share in file/chat', async () => (await recordsIn(chat)).length >= expected.length, 30_000);
      const allUids = (await recordsIn(all)).map((r) => r.uid).sort();
      const chatUids = (await recordsIn(chat)).map((r) => r.uid).sort();
      assert.equal(new Set(allUids).size, 120);
      assert.equal(allUids.length, 120, 'nothing twice');
      assert.deepEqual(chatUids, expected);
      const dropped = (await metrics.registry.getSingleMetric('tracecore_processor_filtered_records_total')?.get())?.values ?? [];
      const byFilter = Object.fromEntries(dropped.map((v) => [String(v.labels.filter), v.value]));
      // Each dropped record is counted once, under the first condition that dropped it (namespace first).
      assert.equal(byFilter.namespace, 40, 'everything in dev');
      assert.equal(byFilter.min_event_type, 20, 'Normal events in prod');
      assert.equal(byFilter.hint, 20, 'prod Warnings without a hint');
      assert.equal(dropped[0]?.labels.processor, 'filter/chat@logs/chat');
    } finally {
      await service.shutdown();
    }
  });

  it('routes findings only to the chat pipeline: records: findings and finding_kinds', async () => {
    const kubeconfig = await sandbox.writeKubeconfig(dir, { fileName: 'kubeconfig-findings.yaml' });
    const all = join(dir, 'all-2.jsonl');
    const chat = join(dir, 'chat-2.jsonl');
    const yaml = `
receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig} }
processors:
  batch: { timeout: 50ms }
  findings: {}
  filter/chat:
    records: findings
    finding_kinds: { include: [crash_loop] }
exporters:
  file/all: { path: ${all} }
  file/chat: { path: ${chat} }
service:
  pipelines:
    logs/all:  { receivers: [k8s_events], processors: [batch], exporters: [file/all] }
    logs/chat: { receivers: [k8s_events], processors: [findings, filter/chat], exporters: [file/chat] }
`;
    const service = new Service(loadConfigText(yaml, defaultRegistry(), {}), { logger: silentLogger(), metrics: new Metrics(), env: {} });
    await service.start();
    try {
      await pollUntil('ready', () => service.isReady());
      const before = (await recordsIn(all)).length;
      // A pod restarting in back-off: 6 occurrences in one series, within the detector's window.
      sandbox.store.add(
        testEvent(900, {
          metadata: { name: 'web-7d-x.bo', namespace: 'prod-eu', uid: 'evt-backoff' },
          reason: 'BackOff',
          type: 'Warning',
          note: 'Back-off restarting failed container web in pod web-7d-x_prod-eu(abc)',
          series: { count: 6, lastObservedTime: '2026-01-01T00:00:10.000000Z' },
          regarding: { kind: 'Pod', namespace: 'prod-eu', name: 'web-7d-x', uid: 'pod-web-7d-x' },
        }),
      );
      await pollUntil('the crash_loop finding in file/chat', async () => (await recordsIn(chat)).length >= 1);
      await pollUntil('the event in file/all', async () => (await recordsIn(all)).length > before);
      const routed = await recordsIn(chat);
      assert.deepEqual(new Set(routed.map((r) => `${r.scope} ${r.findingKind}`)), new Set(['tracecore/findings crash_loop']), 'only findings, only crash_loop');
      assert.ok((await recordsIn(all)).every((r) => r.scope === 'tracecore/k8s_events'), 'no findings where no findings processor runs');
    } finally {
      await service.shutdown();
    }
  });
});
