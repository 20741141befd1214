/**
 * What a new user meets in the first hour, through the real CLI in a child process: `validate`
 * refuses what `run` would refuse, with messages that say what to write; a start-up failure is one
 * clear line and exit 1, never a stack trace (issue 9, defects 4 and 5).
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { StartupError } from '../src/component/startup-error.ts';
import { otlpHttpExporterFactory } from '../src/exporters/otlp-http/factory.ts';
import { runCli } from './support/cli.ts';
import { startExporter } from './support/otlp-exporter-harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'tracecore-first-hour-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const KUBECONFIG = new URL('./fixtures/kubeconfig-sandbox.yaml', import.meta.url).pathname;
const STACK = /\n\s+at .+:\d+:\d+/;

function configFile(name: string, body: string): string {
  const path = join(dir, name);
  writeFileSync(path, body.replaceAll('KUBECONFIG', KUBECONFIG));
  return path;
}

async function validate(name: string, body: string): Promise<{ code: number | null; lines: string[] }> {
  const r = await runCli(['validate', '--config', configFile(name, body)]);
  return { code: r.code, lines: r.stderr.trim().split('\n') };
}

describe('validate refuses what run refuses', () => {
  it('addresses: a port out of range and a host without a port, in words', async () => {
    const r = await validate(
      'addresses.yaml',
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: KUBECONFIG }
exporters:
  otlp_grpc: { endpoint: "0.0.0.0:99999" }
service:
  telemetry: { metrics: { address: localhost } }
  pipelines:
    logs: { receivers: [k8s_events], exporters: [otlp_grpc] }
`,
    );
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines.slice(0, 2), [
      'exporters.otlp_grpc.endpoint (line 4): port 99999 is out of range: 1-65535',
      'service.telemetry.metrics.address (line 6): "localhost" is not host:port; write it like 127.0.0.1:8888 or 0.0.0.0:8888',
    ]);
    assert.doesNotMatch(r.lines.join('\n'), /regex/);
  });
});

describe('validate refuses what run refuses: files', () => {
  it('a file exporter path that cannot be created', async () => {
    writeFileSync(join(dir, 'a-file'), 'not a directory');
    const r = await validate(
      'file-path.yaml',
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: KUBECONFIG }
exporters:
  file: { path: ${join(dir, 'a-file', 'out.jsonl')} }
service:
  pipelines:
    logs: { receivers: [k8s_events], exporters: [file] }
`,
    );
    assert.equal(r.code, 2);
    assert.equal(r.lines[0], `exporters.file.path (line 4): cannot create ${join(dir, 'a-file', 'out.jsonl')}: ${join(dir, 'a-file')} is a file, not a directory`);
  });
});

describe('messages a user can act on', () => {
  it('a duration written as a bare number says to add its unit', async () => {
    const r = await validate(
      'bare-number.yaml',
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: KUBECONFIG }
processors:
  batch: { timeout: 200 }
exporters:
  debug: {}
service:
  pipelines:
    logs: { receivers: [k8s_events], processors: [batch], exporters: [debug] }
`,
    );
    assert.equal(r.code, 2);
    assert.equal(r.lines[0], 'processors.batch.timeout (line 4): write a duration with its unit, such as 200ms or 200s (a bare number has none)');
  });

  it('a pipeline: typo is one problem that suggests pipelines', async () => {
    const r = await validate(
      'pipeline-typo.yaml',
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: KUBECONFIG }
exporters:
  debug: {}
service:
  pipeline:
    logs: { receivers: [k8s_events], exporters: [debug] }
`,
    );
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, ['service.pipeline (line 6): unknown key "pipeline" (did you mean "pipelines"?); allowed: pipelines, telemetry', `${join(dir, 'pipeline-typo.yaml')}: 1 problem`]);
  });

  it("a typo in a receiver's type is one problem with a suggestion, not a second not-defined error", async () => {
    const r = await validate(
      'type-typo.yaml',
      `receivers:
  k8s_event: { auth: kubeconfig, kubeconfig: KUBECONFIG }
exporters:
  debug: {}
service:
  pipelines:
    logs: { receivers: [k8s_events], exporters: [debug] }
`,
    );
    assert.equal(r.code, 2);
    assert.deepEqual(r.lines, ['receivers.k8s_event (line 2): unknown receiver type "k8s_event" (did you mean "k8s_events"?); available: k8s_events', `${join(dir, 'type-typo.yaml')}: 1 problem`]);
  });

  it('demo --speed abc says what is allowed', async () => {
    const r = await runCli(['demo', '--speed', 'abc']);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /argument 'abc' is invalid\. Write a positive number: 1 plays the incident in about a minute, 10 in about six seconds/);
    assert.doesNotMatch(r.stderr, /NaN/);
  });
});

describe('a start-up failure', () => {
  let taken: Server;
  let port: number;
  before(async () => {
    taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    port = (taken.address() as { port: number }).port;
  });
  after(() => new Promise<void>((resolve) => taken.close(() => resolve())));

  it('port in use: one clear line, exit 1, no stack trace', async () => {
    const path = configFile(
      'port-in-use.yaml',
      `receivers:
  k8s_events: { auth: kubeconfig, kubeconfig: KUBECONFIG }
exporters:
  debug: {}
service:
  telemetry: { metrics: { address: "127.0.0.1:${port}" }, logs: { level: info } }
  pipelines:
    logs: { receivers: [k8s_events], exporters: [debug] }
`,
    );
    const r = await runCli(['run', '--config', path]);
    assert.equal(r.code, 1, r.stderr);
    const plain = r.stderr.split('\n').filter((l) => l !== '' && !l.startsWith('{'));
    assert.deepEqual(plain, [`tracecore could not start: cannot serve /metrics on 127.0.0.1:${port} (service.telemetry.metrics.address): the port is in use by another process (another tracecore?): stop it or choose another port`]);
    assert.doesNotMatch(r.stderr, STACK);
    assert.doesNotMatch(r.stderr, /"stack"/);
  });

  it('a TLS file unreadable at start (it changed after validate): a StartupError naming the field and file', async () => {
    const missing = join(dir, 'gone-ca.pem');
    await assert.rejects(startExporter(otlpHttpExporterFactory, { endpoint: 'https://127.0.0.1:4318', tls: { ca_file: missing } }), (err: unknown) => {
      assert.ok(err instanceof StartupError, String(err));
      assert.equal(err.kind, 'environment');
      assert.equal(err.message, `cannot read tls.ca_file ${missing}: ENOENT`);
      return true;
    });
  });
});
