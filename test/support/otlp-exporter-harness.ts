/**
 * Builds an OTLP exporter the way the pipeline does (factory, schema-parsed config, its own
 * Metrics and a logger whose JSON lines the test can read), and reads metrics back.
 */
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { pino } from 'pino';
import type { Exporter, ExporterFactory } from '../../src/component/types.ts';
import type { Record } from '../../src/model/record.ts';
import { SCHEMA_URL, SCOPE_NAME } from '../../src/model/attributes.ts';
import type { Logger } from '../../src/telemetry/logger.ts';
import { Metrics } from '../../src/telemetry/metrics.ts';
import { VERSION } from '../../src/version.ts';
import { checkDelivery } from './otlp-endpoint.ts';
import type { FlatLogRecord } from './otlp-decode.ts';

/** The scope every tracecore record is exported under. */
export const SCOPE = { name: SCOPE_NAME, version: VERSION, schemaUrl: SCHEMA_URL };

export interface LogLine {
  readonly level: string;
  readonly msg: string;
  readonly [field: string]: unknown;
}

export interface CapturedLogs {
  readonly logger: Logger;
  readonly lines: LogLine[];
  /** Every line as written, to look for text that must never appear. */
  readonly raw: string[];
}

export function captureLogs(level: 'debug' | 'info' = 'debug'): CapturedLogs {
  const lines: LogLine[] = [];
  const raw: string[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (line === '') continue;
        raw.push(line);
        lines.push(JSON.parse(line) as LogLine);
      }
      done();
    },
  });
  const logger = pino({ level, formatters: { level: (label) => ({ level: label }) } }, sink);
  return { logger, lines, raw };
}

export interface ExporterUnderTest {
  readonly exporter: Exporter;
  readonly metrics: Metrics;
  readonly logs: CapturedLogs;
  /** The value of a metric child, 0 when it was never touched. */
  metric(name: string, labels?: { [label: string]: string }): Promise<number>;
}

export async function startExporter<C>(factory: ExporterFactory<C>, config: unknown, id: string = factory.type): Promise<ExporterUnderTest> {
  const metrics = new Metrics();
  const logs = captureLogs();
  const exporter = factory.create({ id, logger: logs.logger, metrics, env: {} }, factory.configSchema.parse(config));
  await exporter.start();
  return { exporter, metrics, logs, metric: (name, labels = {}) => metricValue(metrics, name, { exporter: id, ...labels }) };
}

export async function metricValue(metrics: Metrics, name: string, labels: { [label: string]: string }): Promise<number> {
  const metric = metrics.registry.getSingleMetric(name);
  if (!metric) throw new Error(`no metric ${name}`);
  const { values } = await metric.get();
  const match = values.find((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want));
  return match?.value ?? 0;
}

/** Small retry intervals so an outage of a few seconds spans many attempts. */
export const FAST_RETRY = { initial_interval: '50ms', max_interval: '200ms', max_elapsed: '2m' };

/** The endpoint received exactly `sent`: every record once, every field intact, nothing else. */
export function assertExactlyOnce(endpoint: { readonly records: readonly FlatLogRecord[] }, sent: readonly Record[]): void {
  assert.deepEqual(checkDelivery(endpoint.records, sent, SCOPE), { missing: [], duplicated: [], mismatched: [], unexpected: [] });
  assert.equal(endpoint.records.length, sent.length);
}

/** Sends `sent`, waits until the endpoint has them, stops both, and checks exactly-once delivery. */
export async function sendAndCheck(exporter: Exporter, endpoint: { readonly records: readonly FlatLogRecord[]; waitForRecords(n: number): Promise<void>; close(): Promise<void> }, sent: Record[]): Promise<void> {
  await exporter.consume(sent);
  await endpoint.waitForRecords(sent.length);
  await exporter.shutdown();
  await endpoint.close();
  assertExactlyOnce(endpoint, sent);
}
