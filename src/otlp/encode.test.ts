/**
 * Our OTLP encoders against the OpenTelemetry JS SDK's serializers on the same inputs: both
 * outputs are decoded with protobufjs and the official .proto files and must be equal, record for
 * record; and the exact 64-bit timestamps survive.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { JsonLogsSerializer, ProtobufLogsSerializer } from '@opentelemetry/otlp-transformer';
import type { ReadableLogRecord } from '@opentelemetry/sdk-logs';
import { SCHEMA_URL, SCOPE_NAME } from '../model/attributes.ts';
import { FINDINGS_SCOPE, FINDING_EVENT_NAME } from '../model/finding.ts';
import { SEVERITY_ERROR, type EventRecord, type Resource, type Scope } from '../model/record.ts';
import { VERSION } from '../version.ts';
import { encodeLogsRequestJson } from './encode-json.ts';
import { encodeLogsRequestProto } from './encode-proto.ts';
import { OTHER_RESOURCE, makeRecord, makeRecords } from '../../test/fixtures/otlp/records.ts';
import { ExportLogsServiceRequest, decodeRequestJson, decodeRequestProto, expectedFlat, flatten, type DecodedRequest } from '../../test/support/otlp-decode.ts';

const SCOPE = { name: SCOPE_NAME, version: VERSION, schemaUrl: SCHEMA_URL };

/** The SDK's view of the same records: resources and scope shared by identity, like ours. */
function toSdkRecords(records: readonly EventRecord[]): ReadableLogRecord[] {
  const resources = new Map<Resource, object>();
  return records.map((r) => {
    let resource = resources.get(r.resource);
    if (!resource) {
      resource = { attributes: Object.fromEntries(r.resource.attributes.map((a) => [a.key, a.value])) };
      resources.set(r.resource, resource);
    }
    const sdkRecord = {
      hrTime: hrTime(r.timeUnixMicros),
      hrTimeObserved: hrTime(r.observedUnixMicros),
      severityNumber: r.severityNumber,
      severityText: r.severityText,
      body: r.note,
      attributes: Object.fromEntries(r.attributes.map((a) => [a.key, a.value])),
      droppedAttributesCount: r.droppedAttributesCount,
      resource,
      instrumentationScope: r.scope === undefined ? SDK_SCOPE : sdkScope(r.scope),
      eventName: r.eventName,
    };
    return sdkRecord as unknown as ReadableLogRecord;
  });
}
const SDK_SCOPE = { name: SCOPE_NAME, version: VERSION, schemaUrl: SCHEMA_URL };
const sdkScopes = new Map<string, object>();
/** One SDK scope object per scope name, shared like the SDK shares them. */
function sdkScope(scope: Scope): object {
  let known = sdkScopes.get(scope.name);
  if (!known) {
    known = { name: scope.name, version: VERSION, schemaUrl: scope.schemaUrl };
    sdkScopes.set(scope.name, known);
  }
  return known;
}

/** A finding as the findings processor emits it: its own scope, event name and ERROR severity. */
function findingRecord(i: number, resource?: Resource): EventRecord {
  const base = makeRecord(500 + i, resource ? { resource } : {});
  return {
    ...base,
    severityNumber: SEVERITY_ERROR,
    severityText: 'ERROR',
    note: `node-7 evicted ${i + 3} pods in 4 minutes under memory pressure`,
    attributes: [
      { key: 'finding.kind', value: 'pod_eviction_storm' },
      { key: 'finding.state', value: 'firing' },
      { key: 'finding.count', value: i + 3 },
    ],
    droppedAttributesCount: 0,
    scope: FINDINGS_SCOPE,
    eventName: FINDING_EVENT_NAME,
  };
}

function hrTime(micros: number): [number, number] {
  return [Math.floor(micros / 1e6), (micros % 1e6) * 1000];
}

const cases: Array<[string, EventRecord[]]> = [
  ['one record', makeRecords(1)],
  ['200 varied records', makeRecords(200)],
  ['two resources interleaved', [...makeRecords(3), makeRecord(100, { resource: OTHER_RESOURCE }), ...makeRecords(3, { first: 3 }), makeRecord(101, { resource: OTHER_RESOURCE })]],
  ['no records', []],
  ['events and findings: two scopes under one resource, event_name set', [...makeRecords(3), findingRecord(0), ...makeRecords(2, { first: 3 }), findingRecord(1)]],
  ['findings under two resources', [findingRecord(0), makeRecord(100, { resource: OTHER_RESOURCE }), findingRecord(1, OTHER_RESOURCE), ...makeRecords(2)]],
];

describe('OTLP encoders match the OpenTelemetry JS serializers', () => {
  for (const [name, records] of cases) {
    it(`protobuf: ${name}`, () => {
      const ours = decodeRequestProto(encodeLogsRequestProto(records));
      const sdkBytes = ProtobufLogsSerializer.serializeRequest(toSdkRecords(records));
      assert.ok(sdkBytes);
      const theirs = decodeRequestProto(sdkBytes);
      assert.deepEqual(flatten(ours), flatten(theirs));
      assert.equal(ours.resourceLogs?.length ?? 0, theirs.resourceLogs?.length ?? 0, 'one ResourceLogs per resource');
    });

    it(`JSON: ${name}`, () => {
      const ours = decodeRequestJson(encodeLogsRequestJson(records));
      const sdkBytes = JsonLogsSerializer.serializeRequest(toSdkRecords(records));
      assert.ok(sdkBytes);
      const theirs = decodeSdkJson(new TextDecoder().decode(sdkBytes));
      assert.deepEqual(flatten(ours), flatten(theirs));
    });
  }

  it('every field of every record survives the protobuf and the JSON round trip', () => {
    const records = [...makeRecords(150), makeRecord(7, { resource: OTHER_RESOURCE })];
    const expected = records
      .filter((r) => r.resource !== OTHER_RESOURCE)
      .concat(records.filter((r) => r.resource === OTHER_RESOURCE))
      .map((r) => expectedFlat(r, SCOPE));
    assert.deepEqual(flatten(decodeRequestProto(encodeLogsRequestProto(records))), expected);
    assert.deepEqual(flatten(decodeRequestJson(encodeLogsRequestJson(records))), expected);
  });

  it('puts findings in their own ScopeLogs (tracecore/findings, findings schema URL) with event_name tracecore.finding', () => {
    const records = [...makeRecords(2), findingRecord(0)];
    for (const decoded of [decodeRequestProto(encodeLogsRequestProto(records)), decodeRequestJson(encodeLogsRequestJson(records))]) {
      assert.equal(decoded.resourceLogs?.length, 1);
      const scopes = decoded.resourceLogs?.[0].scopeLogs ?? [];
      assert.deepEqual(
        scopes.map((s) => [s.scope?.name, s.schemaUrl, s.logRecords?.length]),
        [
          [SCOPE_NAME, SCHEMA_URL, 2],
          ['tracecore/findings', 'https://tracecore.ai/schemas/findings/v0', 1],
        ],
      );
      const finding = scopes[1].logRecords?.[0];
      assert.equal(finding?.eventName, 'tracecore.finding');
      assert.equal(finding?.severityNumber, 17);
      assert.equal(scopes[0].logRecords?.[0].eventName, undefined);
    }
  });

  it('keeps nanosecond timestamps exact where a double would round them', () => {
    const micros = 1_753_000_000_123_457; // * 1000 = 1753000000123457000, not representable as a double
    assert.notEqual(BigInt(micros * 1000), 1_753_000_000_123_457_000n);
    const record = { ...makeRecord(0), timeUnixMicros: micros, observedUnixMicros: 4_294_967_295_999_999 };
    for (const decoded of [decodeRequestProto(encodeLogsRequestProto([record])), decodeRequestJson(encodeLogsRequestJson([record]))]) {
      const [flat] = flatten(decoded);
      assert.equal(flat.timeUnixNano, '1753000000123457000');
      assert.equal(flat.observedTimeUnixNano, '4294967295999999000');
    }
  });

  it('writes OTLP/JSON with camelCase names, 64-bit integers as strings and severityNumber as an integer', () => {
    const json = JSON.parse(encodeLogsRequestJson([makeRecord(0)])) as {
      resourceLogs: Array<{ scopeLogs: Array<{ schemaUrl: string; logRecords: Array<{ timeUnixNano: unknown; severityNumber: unknown; attributes: Array<{ key: string; value: { intValue?: unknown } }> }> }> }>;
    };
    const scopeLogs = json.resourceLogs[0].scopeLogs[0];
    const lr = scopeLogs.logRecords[0];
    assert.equal(scopeLogs.schemaUrl, SCHEMA_URL);
    assert.equal(typeof lr.timeUnixNano, 'string');
    assert.equal(lr.severityNumber, 13);
    assert.equal(lr.attributes.find((a) => a.key === 'series.count')?.value.intValue, '1');
  });

  it('encodes negative and non-integer attribute values the way the SDK does', () => {
    const base = makeRecord(1);
    const record: EventRecord = { ...base, attributes: [...base.attributes, { key: 'neg', value: -42 }, { key: 'ratio', value: 0.25 }, { key: 'big', value: 2 ** 40 + 3 }] };
    const ours = flatten(decodeRequestProto(encodeLogsRequestProto([record])));
    const sdkBytes = ProtobufLogsSerializer.serializeRequest(toSdkRecords([record]));
    assert.ok(sdkBytes);
    assert.deepEqual(ours, flatten(decodeRequestProto(sdkBytes)));
    assert.deepEqual(ours, flatten(decodeRequestJson(encodeLogsRequestJson([record]))));
  });

  it('handles a batch far larger than the reused buffer', () => {
    const records = makeRecords(3000);
    const flat = flatten(decodeRequestProto(encodeLogsRequestProto(records)));
    assert.equal(flat.length, 3000);
    assert.deepEqual(flat[2999], expectedFlat(records[2999], SCOPE));
    // and the shared buffer is usable afterwards
    assert.deepEqual(flatten(decodeRequestProto(encodeLogsRequestProto(records.slice(0, 2)))), records.slice(0, 2).map((r) => expectedFlat(r, SCOPE)));
  });
});

/** The SDK's JSON spells int64 attributes as numbers (receivers accept it; we write strings): decode it leniently. */
function decodeSdkJson(json: string): DecodedRequest {
  return decodeRequestProto(ExportLogsServiceRequest.encode(ExportLogsServiceRequest.fromObject(JSON.parse(json) as { [k: string]: unknown })).finish());
}
