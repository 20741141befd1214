/**
 * The webhook exporter against a real HTTP(S) server on loopback: each format's body, headers from
 * the environment (never logged), TLS, a 429 with Retry-After, a 500 outage (nothing lost while the
 * queue has room, each batch once), its own rate limit, and acks.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Ack } from '../src/component/ack.ts';
import { defaultRegistry } from '../src/components.ts';
import { loadConfigText } from '../src/config/load.ts';
import { webhookExporterFactory } from '../src/exporters/webhook/factory.ts';
import { FINDING_EVENT_NAME, FINDINGS_SCOPE } from '../src/model/finding.ts';
import type { EventRecord } from '../src/model/record.ts';
import { makeRecord } from './fixtures/otlp/records.ts';
import type { Exporter } from '../src/component/types.ts';
import type { WebhookConfig } from '../src/exporters/webhook/config.ts';
import { Metrics } from '../src/telemetry/metrics.ts';
import { captureLogs, FAST_RETRY, startExporter, type ExporterUnderTest } from './support/otlp-exporter-harness.ts';
import { pollUntil } from './support/poll-until.ts';
import { WebhookEndpoint, type ReceivedPost } from './support/webhook-endpoint.ts';

const FAST = { rate_limit: { requests_per_second: 1000, burst: 1000 }, retry: FAST_RETRY };

function finding(i: number): EventRecord {
  const base = makeRecord(i, { prefix: 'finding' });
  return { ...base, scope: FINDINGS_SCOPE, eventName: FINDING_EVENT_NAME, attributes: [...base.attributes, { key: 'finding.kind', value: 'crash_loop' }, { key: 'finding.state', value: 'firing' }] };
}

function tracking(): { ack: Ack; settled: string[] } {
  const settled: string[] = [];
  return { settled, ack: { ack: () => void settled.push('ack'), nack: () => void settled.push('nack') } };
}

/** event.uid values in json bodies, in order of arrival. */
function uidsIn(posts: readonly ReceivedPost[]): string[] {
  return posts.flatMap((p) => (p.body as { records: Array<{ attributes: { 'event.uid': string } }> }).records.map((r) => r.attributes['event.uid']));
}

describe('webhook exporter', () => {
  let endpoint: WebhookEndpoint;
  let open: ExporterUnderTest | undefined;
  before(async () => {
    endpoint = await WebhookEndpoint.start();
  });
  after(() => endpoint.close());
  const start = async (config: object): Promise<ExporterUnderTest> => {
    open = await startExporter(webhookExporterFactory, { endpoint: endpoint.url, ...FAST, ...config }, 'webhook/chat');
    return open;
  };
  const stop = async (): Promise<void> => {
    await open?.exporter.shutdown(AbortSignal.timeout(10_000));
    open = undefined;
    endpoint.accepted.length = 0;
  };

  it('json: every record with its attributes, resource and severity; the ack settles on delivery', async () => {
    const x = await start({ format: 'json' });
    try {
      const { ack, settled } = tracking();
      const records = [makeRecord(0), makeRecord(1), finding(2)];
      await x.exporter.consume(records, ack);
      await pollUntil('the post', () => endpoint.accepted.length === 1 && settled.length === 1);
      assert.deepEqual(settled, ['ack']);
      const post = endpoint.accepted[0];
      assert.equal(post.headers['content-type'], 'application/json');
      const body = post.body as { records: Array<{ time: string; severity: string; body: string; attributes: { [k: string]: unknown }; resource: { [k: string]: unknown } }> };
      assert.deepEqual(uidsIn([post]), ['ev-0', 'ev-1', 'finding-2']);
      assert.equal(body.records[0].time, records[0].eventTime);
      assert.equal(body.records[0].severity, records[0].severityText);
      assert.equal(body.records[0].attributes['series.count'], records[0].count);
      assert.equal(body.records[2].attributes['finding.kind'], 'crash_loop');
      assert.equal(body.records[0].resource['k8s.cluster.name'], 'prod-eu');
    } finally {
      await stop();
    }
  });

  it('slack: an incoming-webhook message with text and blocks, the rest of a big batch counted', async () => {
    const x = await start({ format: 'slack', max_items: 3 });
    try {
      const records = [finding(0), ...Array.from({ length: 7 }, (_, i) => makeRecord(i + 1))];
      await x.exporter.consume(records);
      await pollUntil('the post', () => endpoint.accepted.length === 1);
      const body = endpoint.accepted[0].body as { text: string; blocks: Array<{ type: string; text?: { type: string; text: string }; elements?: Array<{ text: string }> }> };
      assert.match(body.text, /^tracecore: 7 Kubernetes events, 1 finding/);
      assert.deepEqual(body.blocks.map((b) => b.type), ['header', 'section', 'section', 'section', 'context']);
      assert.equal(body.blocks[0].text?.type, 'plain_text');
      assert.match(body.blocks[1].text?.text ?? '', /^:warning: \*finding crash_loop firing\* `default\/Pod\/api-0`/);
      assert.equal(body.blocks[1].text?.type, 'mrkdwn');
      assert.equal(body.blocks[4].elements?.[0].text, '…and 5 more');
      assert.ok(!JSON.stringify(body).includes('<'), 'mrkdwn control characters are escaped');
    } finally {
      await stop();
    }
  });

  it('teams: a MessageCard with a section per record and a red theme for warnings', async () => {
    const x = await start({ format: 'teams' });
    try {
      await x.exporter.consume([makeRecord(0), makeRecord(1)]);
      await pollUntil('the post', () => endpoint.accepted.length === 1);
      const card = endpoint.accepted[0].body as { '@type': string; '@context': string; title: string; summary: string; themeColor: string; sections: Array<{ activityTitle: string; activitySubtitle: string; text: string }> };
      assert.equal(card['@type'], 'MessageCard');
      assert.equal(card['@context'], 'https://schema.org/extensions');
      assert.equal(card.title, 'tracecore: 2 Kubernetes events');
      assert.equal(card.themeColor, 'D70000', 'record 0 is a Warning');
      assert.equal(card.sections.length, 2);
      assert.equal(card.sections[0].activityTitle, 'Warning (BackOff)');
      assert.equal(card.sections[0].activitySubtitle, 'default/Pod/api-0');
    } finally {
      await stop();
    }
  });

  it('a 429 with Retry-After: waits as asked, then delivers; counted as throttled by the endpoint', async () => {
    const x = await start({ format: 'json' });
    try {
      endpoint.answerNext({ status: 429, headers: { 'retry-after': '1' }, body: 'slow down' });
      const { ack, settled } = tracking();
      await x.exporter.consume([makeRecord(0)], ack);
      await pollUntil('delivery after the 429', () => endpoint.accepted.length === 1 && settled.length === 1);
      const [refused, ok] = endpoint.answered.slice(-2);
      assert.equal(refused.status, 429);
      assert.ok(ok.at - refused.at >= 950, `retried after ${ok.at - refused.at} ms, Retry-After asked 1 s`);
      assert.deepEqual(settled, ['ack']);
      assert.equal(await x.metric('tracecore_exporter_throttled_total', { by: 'endpoint' }), 1);
    } finally {
      await stop();
    }
  });

  it('a 500 outage: batches wait in the queue and are all delivered once, in order, when it ends', async () => {
    const x = await start({ format: 'json', queue: { num_consumers: 1 } });
    try {
      endpoint.fail({ status: 500, body: 'internal error' });
      const acks = Array.from({ length: 20 }, () => tracking());
      for (let i = 0; i < 20; i++) await x.exporter.consume([makeRecord(2 * i), makeRecord(2 * i + 1)], acks[i].ack);
      await pollUntil('several failed attempts', () => endpoint.answered.filter((a) => a.status === 500).length >= 3);
      assert.equal(endpoint.accepted.length, 0);
      endpoint.fail(undefined);
      await pollUntil('every batch', () => endpoint.accepted.length === 20 && acks.every((a) => a.settled.length === 1));
      assert.deepEqual(uidsIn(endpoint.accepted), Array.from({ length: 40 }, (_, i) => `ev-${i}`));
      assert.deepEqual(new Set(acks.flatMap((a) => a.settled)), new Set(['ack']));
      assert.equal(await x.metric('tracecore_exporter_dropped_records_total'), 0);
    } finally {
      await stop();
    }
  });

  it('json: a 413 splits the batch in halves, each delivered', async () => {
    const x = await start({ format: 'json' });
    try {
      endpoint.answerNext({ status: 413, body: 'too large' });
      await x.exporter.consume([0, 1, 2, 3].map((i) => makeRecord(i)));
      await pollUntil('both halves', () => endpoint.accepted.length === 2);
      assert.deepEqual(endpoint.accepted.map((p) => uidsIn([p])), [['ev-0', 'ev-1'], ['ev-2', 'ev-3']]);
    } finally {
      await stop();
    }
  });

  it('its own rate limit: a burst beyond it waits (counted), nothing is dropped', async () => {
    const x = await start({ format: 'json', rate_limit: { requests_per_second: 10, burst: 2 }, queue: { num_consumers: 1 } });
    try {
      for (let i = 0; i < 6; i++) await x.exporter.consume([makeRecord(i)]);
      await pollUntil('every batch', () => endpoint.accepted.length === 6);
      const times = endpoint.accepted.map((p) => p.at);
      assert.ok(times[5] - times[0] >= 300, `6 posts at 10/s with a burst of 2 took ${times[5] - times[0]} ms`);
      assert.ok((await x.metric('tracecore_exporter_throttled_total', { by: 'rate_limit' })) >= 3);
    } finally {
      await stop();
    }
  });
});

describe('webhook exporter over TLS, headers from the environment', () => {
  it('posts over https with the configured CA and a header from ${env:...}, and never logs the header or the URL path', async () => {
    const endpoint = await WebhookEndpoint.start({ tls: true, path: '/services/T000/B000/s3cr3t-path' });
    const token = 'tok-0123456789abcdef';
    const yaml = `
receivers: { k8s_events: {} }
exporters:
  webhook/chat:
    endpoint: \${env:HOOK_URL}
    headers: { authorization: "Bearer \${env:HOOK_TOKEN}" }
    tls: { ca_file: ${WebhookEndpoint.caFile()} }
service: { pipelines: { logs: { receivers: [k8s_events], exporters: [webhook/chat] } } }
`;
    const logs = captureLogs();
    let exporter: Exporter | undefined;
    try {
      // Environment checks off: this machine has no cluster for the receiver; the exporter's part is what is tested.
      const loaded = loadConfigText(yaml, defaultRegistry(), { HOOK_URL: endpoint.url, HOOK_TOKEN: token }, { checkEnvironment: false });
      const config = loaded.exporters.get('webhook/chat')?.config as WebhookConfig;
      exporter = webhookExporterFactory.create({ id: 'webhook/chat', logger: logs.logger, metrics: new Metrics(), env: {} }, config);
      await exporter.start();
      await exporter.consume([makeRecord(0)]);
      await pollUntil('the post', () => endpoint.accepted.length === 1);
      assert.equal(endpoint.accepted[0].headers.authorization, `Bearer ${token}`);
      await exporter.shutdown(AbortSignal.timeout(10_000));
      const written = logs.raw.join('\n');
      assert.ok(written.includes('exporter started'));
      assert.ok(!written.includes(token), 'the header value is never logged');
      assert.ok(!written.includes('s3cr3t-path'), 'the URL path (a Slack webhook\'s secret) is never logged');
    } finally {
      await exporter?.shutdown(AbortSignal.timeout(10_000));
      await endpoint.close();
    }
  });
});
