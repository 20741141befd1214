/**
 * The first end-to-end slice, as a user runs it: `tracecore run` in its own process, pointed by a
 * kubeconfig at the sandbox API over TLS, writes every event exactly once through the `file`
 * exporter (OTLP/JSON), serves /healthz, /readyz and /metrics, and stops cleanly on SIGTERM.
 */
import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { SCHEMA_URL } from '../src/model/attributes.ts';
import { SandboxApiServer } from '../src/sandbox/index.ts';
import { waitFor } from './support/wait-for.ts';
import { startCli } from './support/cli.ts';
import { testEvent } from './support/receiver-harness.ts';

interface OtlpJson {
  resourceLogs: Array<{
    resource: { attributes: Array<{ key: string; value: { stringValue?: string } }> };
    scopeLogs: Array<{ schemaUrl: string; scope: { name: string }; logRecords: Array<{ attributes: Array<{ key: string; value: { stringValue?: string; intValue?: string } }>; body?: { stringValue: string } }> }>;
  }>;
}

let sandbox: SandboxApiServer;
let dir: string;
before(async () => {
  sandbox = await SandboxApiServer.start({ protocol: 'https' });
  dir = await mkdtemp(join(tmpdir(), 'tracecore-e2e-'));
});
after(async () => {
  await sandbox.close();
  await rm(dir, { recursive: true, force: true });
});


describe('tracecore run against the sandbox API over TLS', () => {
  it('writes every event exactly once through the file exporter and stops cleanly on SIGTERM', async () => {
    for (let i = 0; i < 700; i++) sandbox.store.add(testEvent(i));
    const kubeconfig = await sandbox.writeKubeconfig(dir);
    const out = join(dir, 'events.jsonl');
    const config = join(dir, 'config.yaml');
    await writeFile(
      config,
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: ${kubeconfig}, cluster_name: e2e }
processors:
  batch: { send_batch_size: 200, timeout: 50ms }
exporters:
  file: { path: ${out} }
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [batch], exporters: [file] }
  telemetry:
    metrics: { address: 127.0.0.1:0 }
`,
    );
    const { child, done } = startCli(['run', '--config', config], { env: { KUBECONFIG: '' } });
    let stderr = '';
    child.stderr?.on('data', (s: string) => (stderr += s));
    const address = await waitFor('the telemetry address', async () => /"address":"([^"]+)","msg":"serving/.exec(stderr)?.[1]);
    await waitFor('/readyz 200', async () => ((await fetch(`http://${address}/readyz`).catch(() => undefined))?.status === 200 ? true : undefined));
    assert.equal((await fetch(`http://${address}/healthz`)).status, 200);

    for (let i = 700; i < 1000; i++) sandbox.store.add(testEvent(i));
    const lines = await waitFor('1000 records in the file', async () => {
      const text = await readFile(out, 'utf8').catch(() => '');
      const parsed = text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as OtlpJson);
      const count = parsed.reduce((n, r) => n + r.resourceLogs.reduce((m, rl) => m + rl.scopeLogs.reduce((k, sl) => k + sl.logRecords.length, 0), 0), 0);
      return count >= 1000 ? parsed : undefined;
    });
    const metrics = await (await fetch(`http://${address}/metrics`)).text();
    assert.match(metrics, /tracecore_receiver_accepted_records_total\{receiver="k8s_events"\} 1000/);
    assert.match(metrics, /tracecore_exporter_sent_records_total\{exporter="file"\} 1000/);
    assert.match(metrics, /tracecore_build_info\{version="\d+\.\d+\.\d+"\} 1/);

    child.kill('SIGTERM');
    const result = await done;
    assert.equal(result.code, 0, result.stderr);
    assert.match(stderr, /"msg":"tracecore stopped"/);

    const uids = new Map<string, number>();
    for (const request of lines) {
      for (const rl of request.resourceLogs) {
        assert.ok(rl.resource.attributes.some((a) => a.key === 'k8s.cluster.name' && a.value.stringValue === 'e2e'));
        for (const sl of rl.scopeLogs) {
          assert.equal(sl.schemaUrl, SCHEMA_URL);
          assert.equal(sl.scope.name, 'tracecore/k8s_events');
          for (const lr of sl.logRecords) {
            const uid = lr.attributes.find((a) => a.key === 'event.uid')?.value.stringValue as string;
            uids.set(uid, (uids.get(uid) ?? 0) + 1);
          }
        }
      }
    }
    assert.equal(uids.size, 1000, 'every event arrived');
    assert.deepEqual([...uids.values()].filter((n) => n !== 1), [], 'none twice');
  });

  it('exits 2 with the fields named when credentials are ambiguous', async () => {
    const config = join(dir, 'ambiguous.yaml');
    const kubeconfig = await sandbox.writeKubeconfig(dir, { fileName: 'other.yaml' });
    await writeFile(config, `receivers:\n  k8s_events: { kubeconfig: ${kubeconfig} }\nexporters:\n  debug: {}\nservice:\n  pipelines:\n    logs: { receivers: [k8s_events], exporters: [debug] }\n`);
    const r = await startCli(['run', '--config', config], { env: { KUBECONFIG: kubeconfig } }).done;
    assert.equal(r.code, 2);
    assert.match(r.stderr, /receivers\.k8s_events\.kubeconfig/);
    assert.match(r.stderr, /KUBECONFIG/);
  });
});
