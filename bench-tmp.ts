import { encodeLogsRequestProto } from '/work/main/src/otlp/encode-proto.ts';
import { makeRecords } from '/work/main/test/fixtures/otlp/records.ts';
const records = makeRecords(1000);
const t = performance.now();
for (let i = 0; i < 3000; i++) encodeLogsRequestProto(records);
console.log(((performance.now() - t) / 3000).toFixed(3));
