/**
 * `tracecore replay`: saved dumps in each shape go through the real receiver and pipeline.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { runCli } from './support/cli.ts';

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
