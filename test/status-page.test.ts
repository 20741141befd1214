/**
 * The status page over HTTP against a real agent (sandbox API -> pipeline -> real OTLP endpoint):
 * GET / is one self-contained page, only GET/HEAD are answered, /status.json matches its schema
 * (and docs/status-page.md documents every field), shows receiver and exporter trouble as it
 * happens, and carries nothing the records do not (no token, no endpoint, no kubeconfig path).
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';
import { incidentScenario, playScenario } from '../src/sandbox/index.ts';
import { statusSnapshotSchema, type StatusSnapshot } from '../src/telemetry/status/snapshot-schema.ts';
import { startStatusAgent, type StatusAgent } from './support/status-agent.ts';

let env: StatusAgent;
before(async () => {
  env = await startStatusAgent();
});
after(async () => {
  await env?.close();
});

async function status(): Promise<StatusSnapshot> {
  const res = await fetch(`${env.base}/status.json`, { signal: AbortSignal.timeout(10_000) });
  assert.equal(res.status, 200);
  assert.match(res.headers.get('content-type') ?? '', /^application\/json/);
  return statusSnapshotSchema.parse(await res.json());
}

async function until(what: string, probe: (s: StatusSnapshot) => boolean, timeoutMs = 60_000): Promise<StatusSnapshot> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await status();
    if (probe(s)) return s;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; last status: ${JSON.stringify({ receivers: s.receivers, exporters: s.exporters, eventsSeen: s.eventsSeen })}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('status page over HTTP', () => {
  it('GET / serves one small self-contained page that refreshes from status.json', async () => {
    const res = await fetch(`${env.base}/`);
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /^text\/html/);
    assert.match(res.headers.get('content-security-policy') ?? '', /default-src 'none'/);
    const html = await res.text();
    assert.ok(html.length < 32 * 1024, `page is ${html.length} bytes`);
    assert.match(html, /fetch\("status\.json"/);
    const external = [...html.matchAll(/(?:src|href)\s*=|url\(|@import|https?:\/\/(?!www\.w3\.org\/2000\/svg)/g)].map((m) => m[0]);
    assert.deepEqual(external, [], 'no external asset');
    const head = await fetch(`${env.base}/`, { method: 'HEAD' });
    assert.equal(head.status, 200);
  });

  it('answers only GET and HEAD', async () => {
    for (const path of ['/', '/status.json']) {
      for (const method of ['POST', 'PUT', 'DELETE', 'PATCH']) {
        const res = await fetch(`${env.base}${path}`, { method, body: method === 'DELETE' ? undefined : '{}' });
        assert.equal(res.status, 405, `${method} ${path}`);
        assert.equal(res.headers.get('allow'), 'GET, HEAD');
        await res.arrayBuffer();
      }
    }
  });

  it('/status.json follows its schema while the incident plays: hinted events, counts, a watching receiver, a delivering exporter, a firing finding', async () => {
    await playScenario(env.sandbox.store, incidentScenario, { speed: Infinity });
    const s = await until('events seen and delivered', (x) => x.eventsSeen >= 40 && (x.exporters[0]?.sent ?? 0) >= 40);
    assert.equal(s.ready, true);
    assert.deepEqual(s.receivers.map((r) => [r.id, r.state]), [['k8s_events', 'watching']]);
    assert.equal(s.events.length, 50);
    assert.ok(s.events.filter((e) => e.hint !== null).length >= 10, 'hinted events listed');
    assert.equal(s.rate.total.reduce((a, b) => a + b, 0), s.eventsSeen);
    assert.ok(s.rate.byHint.some((h) => h.hint === 'pod_evicted'));
    assert.equal(s.exporters[0].id, 'otlp_http');
    assert.equal(s.exporters[0].health, 'ok');
    assert.equal(s.leader.role, 'standalone');
    const storm = s.findings.find((f) => f.kind === 'pod_eviction_storm');
    assert.ok(storm, `firing findings: ${JSON.stringify(s.findings)}`);
    assert.equal(storm.subject, 'Node node-7');
  });

  it('shows an exporter outage, then its recovery', async () => {
    await env.endpoint.down();
    const seen = (await status()).eventsSeen;
    env.sandbox.store.add({ metadata: { name: 'outage-1', namespace: 'shop' }, reason: 'BackOff', note: 'Back-off restarting failed container', type: 'Warning', regarding: { kind: 'Pod', namespace: 'shop', name: 'orders-worker-1' } });
    const failing = await until('the exporter to fail', (x) => x.eventsSeen > seen && x.exporters[0].health === 'failing');
    assert.ok(failing.exporters[0].failed > 0);
    await env.endpoint.up();
    await until('the exporter to recover', (x) => x.exporters[0].health === 'ok' && x.exporters[0].queue.size === 0);
  });

  it('shows a degraded receiver with its last error, then its recovery', async () => {
    env.sandbox.rejectConnections(true);
    env.sandbox.cutStreams();
    const degraded = await until('the receiver to be degraded', (x) => x.receivers[0].state === 'degraded');
    assert.ok((degraded.receivers[0].lastError?.message ?? '').length > 0);
    env.sandbox.rejectConnections(false);
    await until('the receiver to recover', (x) => x.receivers[0].state === 'watching');
  });

  it('carries nothing the records do not: no token, no endpoint, no kubeconfig path', async () => {
    const text = await (await fetch(`${env.base}/status.json`)).text();
    assert.ok(env.sandbox.token !== null && !text.includes(env.sandbox.token), 'no bearer token');
    assert.ok(!text.includes(env.endpoint.url) && !text.includes(`:${env.endpoint.port}`), 'no exporter endpoint');
    assert.ok(!text.includes('kubeconfig') && !text.includes('tracecore-status-'), 'no kubeconfig path');
  });

  it('docs/status-page.md documents every field of /status.json', async () => {
    const doc = await readFile(new URL('../docs/status-page.md', import.meta.url), 'utf8');
    const fields = (shape: Record<string, unknown>, prefix: string): string[] =>
      Object.entries(shape).flatMap(([key, value]) => {
        const path = `${prefix}${key}`;
        const inner = unwrapObject(value);
        return inner ? [path, ...fields(inner, `${path}.`)] : [path];
      });
    const missing = fields(statusSnapshotSchema.shape, '').filter((path) => !doc.includes(`\`${path}\``));
    assert.deepEqual(missing, []);
  });
});

/** The shape of an object schema, or of the element of an array of objects, else undefined. */
function unwrapObject(schema: unknown): Record<string, unknown> | undefined {
  let s = schema as { shape?: Record<string, unknown>; element?: unknown; unwrap?: () => unknown; def?: { type?: string; innerType?: unknown } };
  for (let guard = 0; guard < 4; guard++) {
    if (s.shape) return s.shape;
    if (s.element) s = s.element as typeof s;
    else if (s.def?.innerType) s = s.def.innerType as typeof s;
    else return undefined;
  }
  return undefined;
}
