/**
 * The micro benchmarks: the per-event steps of the hot path, one at a time, in this process.
 *
 *  - event -> record: normalizeEvent + the record builder (hint, attributes, times, truncation)
 *    on freshly decoded events, the records kept alive like the receiver's queue keeps them;
 *  - hint lookup; UTF-8 truncation (the common no-cut case and a long multi-byte note);
 *  - encoding a batch of 1,000 records to OTLP protobuf, and gzip of those bytes;
 *  - the floor of any JavaScript agent: splitting the watch stream into lines and JSON.parse;
 *  - the receiver's decode path: LineSplitter + JSON.parse + normalize + build, per event;
 *  - the findings processor's work per event (metrics, six detectors, default config), on the
 *    mix's records re-stamped with fresh uids each pass, so no pass is cheaper than the first.
 *  - what the status page adds per accepted record (StatusBoard.observe: ring + count by hint).
 */
import { gzipSync } from 'node:zlib';
import type { Record } from '../../src/model/record.ts';
import { encodeLogsRequestProto } from '../../src/otlp/encode-proto.ts';
import type { K8sEvent } from '../../src/receivers/k8s-events/event.ts';
import { resourceFor } from '../../src/receivers/k8s-events/factory.ts';
import { hintFor } from '../../src/receivers/k8s-events/hints.ts';
import { LineSplitter } from '../../src/receivers/k8s-events/line-splitter.ts';
import { normalizeEvent } from '../../src/receivers/k8s-events/normalize.ts';
import { createRecordBuilder } from '../../src/receivers/k8s-events/record.ts';
import { truncateUtf8 } from '../../src/receivers/k8s-events/truncate.ts';
import { findingsConfigSchema } from '../../src/processors/findings/config.ts';
import { FindingsProcessor } from '../../src/processors/findings/findings-processor.ts';
import { silentLogger } from '../../src/telemetry/logger.ts';
import { Metrics } from '../../src/telemetry/metrics.ts';
import { StatusBoard } from '../../src/telemetry/status/status-board.ts';
import type { MicroCase } from './harness.ts';
import { wireEvents } from './watch-stream.ts';

const EVENTS = 10_000;
/** Records kept alive behind the builder, like the receiver queue (channel_cap default 1024). */
const KEEP = 1024;

export function microCases(): MicroCase[] {
  const wire = wireEvents(EVENTS);
  const objects = (): unknown[] => wire.lines.map((line) => (JSON.parse(line) as { object: unknown }).object);
  const decoded = objects();
  const resource = resourceFor({ cluster_name: 'bench' } as Parameters<typeof resourceFor>[0]);
  const build = createRecordBuilder({ maxAttributes: 16, noteMaxBytes: 1024, semconvCompat: false, resource });
  const kept = new Array<Record>(KEEP);
  let observed = Date.now() * 1000;

  const records: Record[] = [];
  for (let i = 0; i < 1000; i++) records.push(build(normalizeEvent(decoded[i]) as K8sEvent, observed++));
  const encoded = encodeLogsRequestProto(records);
  const gzip6 = gzipSync(encoded);
  const gzip1 = gzipSync(encoded, { level: 1 });

  // The findings processor: 4 passes of the mix with distinct uids and later times (40,000
  // records, more than its 4,000 remembered Event counts, so every record counts as new); a new
  // processor each round (its construction, ~1 ms, is inside the timing), so every round starts
  // from empty state like the first.
  const findingsConfig = findingsConfigSchema.parse({});
  const findingsSettings = { id: 'findings', metrics: new Metrics(), logger: silentLogger(), env: {} };
  const mixRecords = decoded.map((o, i) => build(normalizeEvent(o) as K8sEvent, observed + i));
  const findingsInput: Record[][] = [];
  for (let pass = 0; pass < 4; pass++) {
    for (let at = 0; at < EVENTS; at += 100) {
      findingsInput.push(mixRecords.slice(at, at + 100).map((r) => ({ ...r, uid: `${r.uid}-${pass}`, timeUnixMicros: r.timeUnixMicros + pass * 3_600_000_000 })));
    }
  }

  const reasons = wire.events.map((e) => e.reason);
  const notes = wire.events.map((e) => e.note);
  const board = new StatusBoard(new Metrics());
  const longNote = 'Back-off pulling image «registry.example.com/équipe/api» 服务不可用 🚑 '.repeat(60);

  return [
    {
      name: 'findings processor: event metrics + six detectors, per event',
      unit: 'event',
      opsPerRound: findingsInput.length * 100,
      run: () => {
        const findings = new FindingsProcessor(findingsSettings, findingsConfig, { consume: async () => {} });
        for (const batch of findingsInput) findings.observe(batch);
        return findings.takeFindings().length;
      },
    },
    {
      name: 'event -> record (normalize, hint, attributes, times)',
      unit: 'event',
      run: (ops) => {
        for (let i = 0; i < ops; i++) kept[i % KEEP] = build(normalizeEvent(decoded[i % EVENTS]) as K8sEvent, observed++);
        return kept;
      },
    },
    {
      name: 'hint lookup (reason + note)',
      unit: 'event',
      run: (ops) => {
        let found = 0;
        for (let i = 0; i < ops; i++) if (hintFor(reasons[i % EVENTS], notes[i % EVENTS]) !== undefined) found++;
        return found;
      },
    },
    {
      name: 'UTF-8 truncation, note of the mix (no cut)',
      unit: 'note',
      run: (ops) => {
        let length = 0;
        for (let i = 0; i < ops; i++) length += truncateUtf8(notes[i % EVENTS] ?? '', 1024).length;
        return length;
      },
    },
    {
      name: `UTF-8 truncation, ${longNote.length}-char multi-byte note cut to 1024 bytes`,
      unit: 'note',
      run: (ops) => {
        let length = 0;
        for (let i = 0; i < ops; i++) length += truncateUtf8(longNote, 1024 - (i & 7)).length;
        return length;
      },
    },
    {
      name: 'encode 1,000 records to OTLP protobuf',
      unit: 'batch',
      run: (ops) => {
        let bytes = 0;
        for (let i = 0; i < ops; i++) bytes += encodeLogsRequestProto(records).length;
        return bytes;
      },
      notes: () => ({ bytesPerRecord: round(encoded.length / 1000) }),
    },
    {
      name: 'gzip the 1,000-record request (level 6, zlib default)',
      unit: 'batch',
      run: (ops) => {
        let bytes = 0;
        for (let i = 0; i < ops; i++) bytes += gzipSync(encoded).length;
        return bytes;
      },
      notes: () => ({ bytesPerRecord: round(gzip6.length / 1000) }),
    },
    {
      name: 'gzip the 1,000-record request (level 1)',
      unit: 'batch',
      run: (ops) => {
        let bytes = 0;
        for (let i = 0; i < ops; i++) bytes += gzipSync(encoded, { level: 1 }).length;
        return bytes;
      },
      notes: () => ({ bytesPerRecord: round(gzip1.length / 1000) }),
    },
    {
      name: 'floor: split watch stream into lines + JSON.parse',
      unit: 'event',
      opsPerRound: EVENTS,
      run: () => {
        const decoder = new TextDecoder();
        let carry = '';
        let last: unknown;
        for (const chunk of wire.chunks) {
          const text = carry + decoder.decode(chunk, { stream: true });
          let start = 0;
          let nl = text.indexOf('\n');
          while (nl !== -1) {
            last = JSON.parse(text.slice(start, nl));
            start = nl + 1;
            nl = text.indexOf('\n', start);
          }
          carry = text.slice(start);
        }
        return last;
      },
      notes: () => ({ eventBytes: round(wire.averageEventBytes) }),
    },
    {
      name: 'receiver decode path: LineSplitter + JSON.parse + normalize + build',
      unit: 'event',
      opsPerRound: EVENTS,
      run: () => {
        const splitter = new LineSplitter(16 * 1024 * 1024, () => {});
        let n = 0;
        const onLine = (line: string): void => {
          const event = JSON.parse(line) as { object: unknown };
          kept[n++ % KEEP] = build(normalizeEvent(event.object) as K8sEvent, observed++);
        };
        for (const chunk of wire.chunks) splitter.push(chunk, onLine);
        splitter.end(onLine);
        return kept;
      },
    },
    {
      name: 'status page: StatusBoard.observe (last 50 ring + count by hint and second)',
      unit: 'event',
      run: (ops) => {
        for (let i = 0; i < ops; i++) board.observe(records[i % 1000]);
        return board;
      },
    },
  ];
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}
