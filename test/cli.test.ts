import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { runCli } from './support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracecore-cli-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string): string => new URL(`./fixtures/config/${name}`, import.meta.url).pathname;

describe('tracecore CLI', () => {
  it('validate prints all three mistakes with paths and lines, and exits 2', async () => {
    const r = await runCli(['validate', '--config', fixture('three-mistakes.yaml')]);
    assert.equal(r.code, 2, r.stderr);
    const lines = r.stderr.trim().split('\n');
    assert.deepEqual(lines.slice(0, 3), [
      'receivers.k8s_events.max_attributes (line 3): must be at most 64, got 100',
      'receivers.k8s_events.namespces (line 4): unknown key "namespces" (did you mean "namespaces"?); allowed: auth, kubeconfig, context, cluster_name, namespaces, reason_regex, min_event_type, max_attributes, note_max_bytes, channel_cap, backpressure, resync, checkpoint_dir, max_event_age, api_qps, api_burst, leader_election, semconv_compat, list_page_size',
      'processors.batch.timeout (line 6): "soon" is not a duration; write it like 200ms, 5s or 10m',
    ]);
    assert.match(lines[3], /3 problems$/);
    assert.doesNotMatch(r.stderr, /at .*\.ts:\d+/, 'no stack trace');
  });

  it('validate exits 0 on a good config', async () => {
    const path = join(dir, 'good.yaml');
    writeFileSync(path, `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${fixture('../kubeconfig-sandbox.yaml')} }
processors:
  batch: {}
exporters:
  debug: {}
  file: { path: ${join(dir, 'out.jsonl')} }
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [batch], exporters: [debug, file] }
`);
    const r = await runCli(['validate', '--config', path]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /valid \(1 pipeline: logs\)/);
  });

  it('validate exits 2 when the config file does not exist', async () => {
    const r = await runCli(['validate', '--config', join(dir, 'missing.yaml')]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /cannot read config file .*missing\.yaml: ENOENT/);
  });

  it('lists components as a table', async () => {
    const r = await runCli(['receivers', 'list']);
    assert.equal(r.code, 0);
    assert.match(r.stdout, /^TYPE\s+SIGNAL\s+STABILITY\s+DESCRIPTION\n/);
    assert.match(r.stdout, /\nk8s_events\s+logs\s+\w+\s+\S/);
    const e = await runCli(['exporters', 'list']);
    for (const type of ['debug', 'file', 'otlp_http', 'otlp_grpc']) assert.match(e.stdout, new RegExp(`\\n${type}\\s+logs`), type);
    const p = await runCli(['processors', 'list']);
    assert.match(p.stdout, /\nbatch\s+logs/);
  });

  it('demo plays the incident over HTTPS, shows hints and findings, and ends with a summary, exit 0', async () => {
    const r = await runCli(['demo', '--speed', '60']);
    assert.equal(r.code, 0, r.stderr);
    for (const hint of ['node_pressure', 'pod_evicted', 'oom_killed', 'backoff', 'image_pull_failure', 'schedule_failure']) assert.match(r.stdout, new RegExp(`\\b${hint}\\b`), hint);
    assert.match(r.stdout, /Sandbox API https:\/\/127\.0\.0\.1:\d+/);
    const total = /\n(\d+) events, each delivered once:/.exec(r.stdout);
    assert.ok(total, 'summary line');
    assert.match(r.stdout, new RegExp(`\\ntotal\\s.*\\s${total[1]}\\n`));
    assert.ok(!r.stdout.includes('\u001b['), 'no colour when stdout is not a terminal');
    // Findings as they fire, and in the closing list: the eviction storm on node-7 and the crash loop.
    assert.match(r.stdout, /FINDING firing\s+pod_eviction_storm\s+node node-7 evicted 3 pods .*under memory pressure: shop\/cart-redis \(1\), shop\/payments-api \(1\), shop\/search-indexer \(1\)/);
    assert.match(r.stdout, /FINDING firing\s+crash_loop\s+Deployment shop\/orders-worker: pod orders-worker-5c8f7d9b4-k2m8p restarted in back-off 5 times/);
    assert.match(r.stdout, /\n2 findings:\n\nFINDING\s+STATE\s+WHAT\npod_eviction_storm\s+firing\s+node node-7 .*\ncrash_loop\s+firing\s+Deployment shop\/orders-worker/);
    assert.equal((await runCli(['demo', '--speed', '0'])).code, 2);
  });

  it('prints the version three ways and exits 0; bad usage exits 2', async () => {
    for (const args of [['version'], ['--version'], ['-v']]) {
      const r = await runCli(args);
      assert.equal(r.code, 0);
      assert.match(r.stdout, /\d+\.\d+\.\d+/);
    }
    assert.equal((await runCli(['--help'])).code, 0);
    assert.equal((await runCli(['frobnicate'])).code, 2);
    assert.equal((await runCli(['run'])).code, 2, 'run without --config');
  });
});
