/**
 * The `queue` section shared by the OTLP exporters: a sending queue bounded in records in memory,
 * or, with `storage`, a write-ahead log on disk bounded in bytes.
 */
import { z } from 'zod';
import { boundedInt } from '../../../config/schema-helpers.ts';
import { byteSize } from './byte-size.ts';

export const queueConfigSchema = z
  .object({
    size: boundedInt({ default: 10_000, min: 1, max: 10_000_000 }).describe('capacity of the in-memory queue, in records (not used with storage)'),
    storage: z
      .string()
      .min(1)
      .optional()
      .describe('directory for a persistent queue (a write-ahead log): records accepted but not yet acknowledged survive a crash or restart and are sent afterwards; omit for an in-memory queue'),
    max_bytes: byteSize({ default: '256MiB', min: 1024 * 1024, max: 1024 ** 4 }).describe('capacity of the persistent queue on disk (with storage)'),
    fsync: z
      .boolean()
      .default(true)
      .describe('with storage: flush each accepted batch to the disk before accepting it (survives power loss); false survives a process crash only'),
    num_consumers: boundedInt({ default: 1, min: 1, max: 64 }).describe('batches sent concurrently'),
    when_full: z
      .enum(['block', 'drop'])
      .default('block')
      .describe('block: wait for room, which slows the pipeline down to the receiver (lossless with its backpressure: pause); drop: drop the batch and count it in tracecore_exporter_dropped_records_total{reason="queue_full"}'),
  })
  .strict();

export type QueueConfig = z.output<typeof queueConfigSchema>;
