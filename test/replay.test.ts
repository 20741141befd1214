/**
 * `tracecore replay`: saved dumps in each shape go through the real receiver and pipeline.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './support/cli.ts';
import { OtlpHttpTestEndpoint } from './support/otlp-endpoint.ts';

const CORPUS = new URL('./fixtures/corpus/events/', import.meta.url);
let dir: string;
let corpus: Array<{ [key: string]: unknown }>;
before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tracecore-replay-'));
  const files = (await readdir(CORPUS)).filter((f) => f.endsWith('.json')).sort();
  corpus = await Promise.all(files.map(async (f) => JSON.parse(await readFile(new URL(f, CORPUS), 'utf8')) as { [key: string]: unknown }));
});
after(() => rm(dir, { recursive: true, force: true }));

async function replayToFile(name: string, dump: string): Promise<{ code: number | null; stderr: string; uids: string[] }> {
  const input = join(dir, `${name}.dump`);
  const out = join(dir, `${name}.jsonl`);
  const config = join(dir, `${name}.yaml`);
  await writeFile(input, dump);
  await writeFile(config, `receivers: { k8s_events: {} }\nprocessors: { batch: {} }\nexporters: { file: { path: ${out} } }\nservice: { pipelines: { logs: { receivers: [k8s_events], processors: [batch], exporters: [file] } } }\n`);
  const r = await runCli(['replay', input, '--config', config]);
  const text = await readFile(out, 'utf8').catch(() => '');
  const uids = text
    .split('\n')
    .filter(Boolean)
    .flatMap((l) => (JSON.parse(l) as { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ attributes: Array<{ key: string; value: { stringValue?: string } }> }> }> }> }).resourceLogs)
    .flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((lr) => lr.attributes.find((a) => a.key === 'event.uid')?.value.stringValue ?? '')));
  return { code: r.code, stderr: r.stderr, uids };
}

describe('tracecore replay', () => {
  it('replays the whole corpus as a kubectl get events -A -o json list, one record per event', async () => {
    const withUid = corpus.filter((e) => typeof (e.metadata as { uid?: unknown } | undefined)?.uid === 'string');
    const unique = new Set(withUid.map((e) => (e.metadata as { uid: string }).uid));
    const r = await replayToFile('list', JSON.stringify({ apiVersion: 'v1', kind: 'List', items: corpus }));
    assert.equal(r.code, 0, r.stderr);
    assert.equal(new Set(r.uids).size, unique.size, 'every event with a uid came through');
    assert.ok(r.uids.length >= unique.size);
  });

  it('replays a recorded watch stream, one JSON object per line, including repeats of one event', async () => {
    const first = corpus.find((e) => (e.metadata as { name?: unknown }).name !== undefined && e.apiVersion === 'v1') as { [key: string]: unknown } & { metadata: { uid: string } };
    const lines = [
      JSON.stringify({ type: 'ADDED', object: first }),
      JSON.stringify({ type: 'MODIFIED', object: { ...first, count: 2 } }),
      JSON.stringify({ type: 'BOOKMARK', object: { metadata: { resourceVersion: '9' } } }),
      'this line is not JSON',
    ].join('\n');
    const r = await replayToFile('stream', lines);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual(r.uids, [first.metadata.uid, first.metadata.uid], 'the event and its repeat');
    assert.match(r.stderr, /skipped line 4: not JSON/);
  });

  it('prints the findings a dump holds among its events (default pipeline: findings -> batch -> debug)', async () => {
    const eviction = (pod: string, second: number) => ({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { name: `${pod}.18a0f00d`, namespace: 'shop', uid: `evict-${pod}` },
      involvedObject: { kind: 'Pod', namespace: 'shop', name: pod, uid: `uid-${pod}`, apiVersion: 'v1' },
      reason: 'Evicted',
      message: 'The node was low on resource: memory. Threshold quantity: 100Mi, available: 87400Ki. ',
      source: { component: 'kubelet', host: 'node-7' },
      firstTimestamp: `2026-01-01T00:0${second}:00Z`,
      lastTimestamp: `2026-01-01T00:0${second}:00Z`,
      count: 1,
      type: 'Warning',
    });
    const input = join(dir, 'storm.json');
    await writeFile(input, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: [eviction('web-5d8f7c9b6-x2v4q', 1), eviction('web-5d8f7c9b6-k9m2p', 2), eviction('cart-redis-0', 3)] }));
    const r = await runCli(['replay', input]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /FINDING firing\s+pod_eviction_storm\s+node node-7 evicted 3 pods in 2 min under memory pressure: shop\/web \(2\), shop\/cart-redis \(1\)/);
  });

  it('exits 2 on unreadable input', async () => {
    const r = await runCli(['replay', join(dir, 'nope.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*nope\.json: ENOENT/);
    await writeFile(join(dir, 'garbage.txt'), 'hello\nworld\n');
    const g = await runCli(['replay', join(dir, 'garbage.txt')]);
    assert.equal(g.code, 2);
  });
});

describe('tracecore replay on an operator machine (issue 9, defect 3)', () => {
  const event = (uid: string, extra: { [key: string]: unknown } = {}): { [key: string]: unknown } => ({
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { name: `web-1.${uid}`, namespace: 'shop', uid, creationTimestamp: '2024-03-01T08:00:00Z' },
    involvedObject: { kind: 'Pod', namespace: 'shop', name: 'web-1' },
    reason: 'BackOff',
    message: 'Back-off restarting failed container',
    type: 'Warning',
    ...extra,
  });

  async function fileRecords(out: string): Promise<Array<{ timeUnixNano: string; uid: string }>> {
    const text = await readFile(out, 'utf8').catch(() => '');
    type Line = { resourceLogs: Array<{ scopeLogs: Array<{ logRecords: Array<{ timeUnixNano: string; attributes: Array<{ key: string; value: { stringValue?: string } }> }> }> }> };
    return text
      .split('\n')
      .filter(Boolean)
      .flatMap((l) => (JSON.parse(l) as Line).resourceLogs)
      .flatMap((rl) => rl.scopeLogs.flatMap((sl) => sl.logRecords.map((lr) => ({ timeUnixNano: lr.timeUnixNano, uid: lr.attributes.find((a) => a.key === 'event.uid')?.value.stringValue ?? '' }))));
  }

  it('ignores checkpoint_dir and queue.storage, says so, and writes neither', async () => {
    const out = join(dir, 'state.jsonl');
    const checkpointDir = join(dir, 'state-checkpoint');
    const queueDir = join(dir, 'state-queue');
    const config = join(dir, 'state.yaml');
    const endpoint = await OtlpHttpTestEndpoint.start();
    await writeFile(
      config,
      `receivers: { k8s_events: { checkpoint_dir: ${checkpointDir} } }
exporters:
  file: { path: ${out} }
  otlp_http: { endpoint: "${endpoint.url}", queue: { storage: ${queueDir} } }
service: { pipelines: { logs: { receivers: [k8s_events], exporters: [file, otlp_http] } } }
`,
    );
    const input = join(dir, 'state.json');
    await writeFile(input, JSON.stringify({ kind: 'List', items: [event('uid-state-1')] }));
    const r = await runCli(['replay', input, '--config', config]);
    await endpoint.close();
    assert.equal(r.code, 0, r.stderr);
    assert.equal(endpoint.records.length, 1, 'delivered through the in-memory queue');
    assert.match(r.stderr, /replay: ignoring receivers\.k8s_events\.checkpoint_dir, exporters\.otlp_http\.queue\.storage: a replay writes no checkpoint and no persistent queue/);
    assert.deepEqual((await fileRecords(out)).map((x) => x.uid), ['uid-state-1']);
    await assert.rejects(readdir(checkpointDir), { code: 'ENOENT' });
    await assert.rejects(readdir(queueDir), { code: 'ENOENT' });
  });

  it('does not report success when nothing was delivered: exit 1 and a clear line', async () => {
    const config = join(dir, 'unreachable.yaml');
    await writeFile(
      config,
      `receivers: { k8s_events: {} }
exporters: { otlp_http: { endpoint: "http://127.0.0.1:9", retry: { initial_interval: 50ms, max_interval: 100ms, max_elapsed: 1s } } }
service: { pipelines: { logs: { receivers: [k8s_events], exporters: [otlp_http] } } }
`,
    );
    const input = join(dir, 'unreachable.json');
    await writeFile(input, JSON.stringify({ kind: 'List', items: [event('uid-lost-1'), event('uid-lost-2')] }));
    const r = await runCli(['replay', input, '--config', config]);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, /replay: FAILED: 2 records were not delivered \(otlp_http: 2 \w+\)/);
    assert.doesNotMatch(r.stderr, /events replayed/);
  });

  it('reads `kubectl cluster-info dump`: concatenated pretty-printed documents among log text', async () => {
    const out = join(dir, 'dump.jsonl');
    const config = join(dir, 'dump.yaml');
    await writeFile(config, `receivers: { k8s_events: {} }\nexporters: { file: { path: ${out} } }\nservice: { pipelines: { logs: { receivers: [k8s_events], exporters: [file] } } }\n`);
    const logs = Array.from({ length: 239 }, (_, i) => `2024-03-01T08:00:${String(i % 60).padStart(2, '0')}Z log line ${i} of the app`).join('\n');
    const dump = [
      JSON.stringify({ kind: 'NodeList', apiVersion: 'v1', items: [{ kind: 'Node', metadata: { name: 'node-1', uid: 'n1' } }] }, null, 4),
      JSON.stringify({ kind: 'EventList', apiVersion: 'v1', items: [event('uid-dump-1'), event('uid-dump-2', { message: 'braces { and "quotes" ] inside' })] }, null, 4),
      '==== START logs for container app of pod shop/web-1 ====',
      logs,
      '==== END logs for container app of pod shop/web-1 ====',
      JSON.stringify({ kind: 'PodList', apiVersion: 'v1', items: [{ kind: 'Pod', metadata: { name: 'web-1', uid: 'p1' } }] }, null, 4),
    ].join('\n');
    const input = join(dir, 'dump.txt');
    await writeFile(input, dump);
    const r = await runCli(['replay', input, '--config', config]);
    assert.equal(r.code, 0, r.stderr);
    assert.deepEqual((await fileRecords(out)).map((x) => x.uid).sort(), ['uid-dump-1', 'uid-dump-2']);
    assert.match(r.stderr, /replay: 2 events replayed/);
    assert.ok(r.stderr.split('\n').filter((l) => l.startsWith('replay: skipped')).length <= 3, r.stderr);
    assert.match(r.stderr, /skipped lines \d+-\d+: not JSON \(241 lines\)/);
    assert.match(r.stderr, /skipped objects that are not Events: 1 Node, 1 Pod/);
  });

  it('exits 2 with "no events found" when the input has none', async () => {
    const input = join(dir, 'no-events.json');
    await writeFile(input, JSON.stringify({ kind: 'PodList', items: [{ kind: 'Pod', metadata: { name: 'web-1', uid: 'p1' } }] }));
    const r = await runCli(['replay', input]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /replay: no events found in .*no-events\.json/);
  });

  it('an Event with only metadata.creationTimestamp keeps its own time', async () => {
    const out = join(dir, 'created.jsonl');
    const config = join(dir, 'created.yaml');
    await writeFile(config, `receivers: { k8s_events: {} }\nexporters: { file: { path: ${out} } }\nservice: { pipelines: { logs: { receivers: [k8s_events], exporters: [file] } } }\n`);
    const input = join(dir, 'created.json');
    await writeFile(input, JSON.stringify(event('uid-created-1')));
    const r = await runCli(['replay', input, '--config', config]);
    assert.equal(r.code, 0, r.stderr);
    const [record] = await fileRecords(out);
    assert.equal(record.timeUnixNano, String(BigInt(Date.parse('2024-03-01T08:00:00Z')) * 1_000_000n));
  });

  it("names the line of a config problem in the user's own file", async () => {
    const config = join(dir, 'bad.yaml');
    await writeFile(config, `receivers:\n  k8s_events: {}\nexporters:\n  debug: { verbosity: loud }\nservice: { pipelines: { logs: { receivers: [k8s_events], exporters: [debug] } } }\n`);
    const input = join(dir, 'bad.json');
    await writeFile(input, JSON.stringify(event('uid-bad-1')));
    const r = await runCli(['replay', input, '--config', config]);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stderr, /exporters\.debug\.verbosity \(line 4\): must be one of/);
  });
});
