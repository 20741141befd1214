import { readdirSync, readFileSync } from 'node:fs';
import { encodeLogsRequestProto } from '/work/main/src/otlp/encode-proto.ts';
import { encodeLogsRequestJson } from '/work/main/src/otlp/encode-json.ts';
import type { Record, Attribute } from '/work/main/src/model/record.ts';
const dir = '/work/shared/corpus/events/';
const resource = { attributes: [{ key: 'service.name', value: 'tracecore' }, { key: 'service.version', value: '0.1.0' }] };
type E = { [k: string]: any };
const events: E[] = readdirSync(dir).map((f) => JSON.parse(readFileSync(dir + f, 'utf8')));
const records: Record[] = [];
for (let i = 0; i < 1000; i++) {
  const e = events[i % events.length];
  const note = e.note ?? e.message;
  const reg = e.regarding ?? e.involvedObject ?? {};
  const a: Attribute[] = [];
  const add = (key: string, v: unknown) => { if (v !== undefined && v !== null && v !== '') a.push({ key, value: v as string }); };
  add('event.uid', e.metadata.uid); add('event.reason', e.reason); add('regarding.kind', reg.kind); add('regarding.namespace', reg.namespace); add('regarding.name', reg.name); add('regarding.uid', reg.uid);
  add('event.time', '2023-02-16T18:25:07.000000Z'); a.push({ key: 'series.count', value: 1 }); add('event.reporting_controller', e.reportingController ?? e.deprecatedSource?.component);
  add('event.action', e.action); add('event.type', e.type); add('note', note); add('event.name', e.metadata.name); add('event.namespace', e.metadata.namespace); add('event.reporting_instance', e.reportingInstance); add('regarding.field_path', reg.fieldPath);
  records.push({ uid: e.metadata.uid, resourceVersion: '1', note, regarding: {}, count: 1, eventTime: '', timeUnixMicros: 1676571907000000 + i, observedUnixMicros: 1676571907100000 + i, severityNumber: 9, severityText: 'Normal', attributes: a.slice(0, 16), droppedAttributesCount: 0, resource } as Record);
}
for (const [name, fn] of [['proto', () => encodeLogsRequestProto(records)], ['json', () => encodeLogsRequestJson(records)]] as const) {
  for (let i = 0; i < 300; i++) fn();
  const t = performance.now(); const N = 2000;
  for (let i = 0; i < N; i++) fn();
  console.log(name, ((performance.now() - t) / N).toFixed(3), 'ms per 1000 corpus records');
}
console.log('bytes/record', encodeLogsRequestProto(records).length / 1000);
import { ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
const scope = { name: 'tracecore/k8s_events', version: '0.1.0', schemaUrl: 'x' };
const res = { attributes: { 'service.name': 'tracecore' } };
const sdk = records.map((r) => ({ hrTime: [1, 2], hrTimeObserved: [1, 2], severityNumber: 9, severityText: 'Normal', body: r.note, attributes: Object.fromEntries(r.attributes.map((a) => [a.key, a.value])), droppedAttributesCount: 0, resource: res, instrumentationScope: scope })) as any;
{ for (let i = 0; i < 100; i++) ProtobufLogsSerializer.serializeRequest(sdk);
const t = performance.now(); for (let i = 0; i < 500; i++) ProtobufLogsSerializer.serializeRequest(sdk); console.log('sdk', ((performance.now() - t) / 500).toFixed(3)); }
