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

  it('exits 2 on unreadable input', async () => {
    const r = await runCli(['replay', join(dir, 'nope.json')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read .*nope\.json: ENOENT/);
    await writeFile(join(dir, 'garbage.txt'), 'hello\nworld\n');
    const g = await runCli(['replay', join(dir, 'garbage.txt')]);
    assert.equal(g.code, 2);
  });
});
