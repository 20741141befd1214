/**
 * Times the record builder by hand (not a test: no timing assertions in tests). Builds records for
 * the corpus events in the events.k8s.io/v1 shape, freshly decoded from JSON as the watch hands
 * them over, keeping the last 10,000 records alive as the receiver's queue would, and prints
 * nanoseconds per record (median and p90 of batch means; GC pauses included).
 *
 *   ./node_modules/.bin/node src/receivers/k8s-events/time-record-builder.ts [semconv]
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { EventRecord } from '../../model/record.ts';
import type { K8sEvent } from './event.ts';
import { normalizeEvent } from './normalize.ts';
import { createRecordBuilder } from './record.ts';

const dir = new URL('../../../test/fixtures/corpus/events/', import.meta.url);
const events: K8sEvent[] = [];
for (const file of readdirSync(dir).sort()) {
  const event = normalizeEvent(JSON.parse(readFileSync(new URL(file, dir), 'utf8')));
  if (event) events.push(JSON.parse(JSON.stringify(event)) as K8sEvent);
}
const build = createRecordBuilder({ maxAttributes: 16, noteMaxBytes: 1024, semconvCompat: process.argv.includes('semconv'), resource: { attributes: [] } });

const BATCH = 10_000;
const ROUNDS = 200;
const sink: EventRecord[] = new Array<EventRecord>(BATCH);
const samples: number[] = [];
let observed = Date.now() * 1000;
for (let round = 0; round < ROUNDS; round++) {
  const start = process.hrtime.bigint();
  for (let i = 0; i < BATCH; i++) sink[i] = build(events[(round * BATCH + i) % events.length], observed++);
  samples.push(Number(process.hrtime.bigint() - start) / BATCH);
}
// The first rounds warm up the JIT; the rest, sorted, give the median and p90 (GC pauses included).
const warm = samples.slice(ROUNDS / 10).sort((a, b) => a - b);
console.log(`${events.length} corpus events; per record: median ${warm[Math.floor(warm.length / 2)].toFixed(0)} ns, p90 ${warm[Math.floor(warm.length * 0.9)].toFixed(0)} ns, best ${warm[0].toFixed(0)} ns`);
