/**
 * The `queue` section of every exporter on the helper: encoded, compressed batches bounded in bytes,
 * in memory (default 4 MiB) or, with `storage`, in a write-ahead log on disk (default 256 MiB).
 */
import { z } from 'zod';
import { boundedInt } from '../../../config/schema-helpers.ts';
import { optionalByteSize } from './byte-size.ts';

/** Defaults of max_bytes. In memory: about 30,000 records at ~130 B each (gzip, protobuf). */
export const MEMORY_QUEUE_DEFAULT_BYTES = 4 * 1024 * 1024;
export const DISK_QUEUE_DEFAULT_BYTES = 256 * 1024 * 1024;

export const queueConfigSchema = z
  .object({
    size: z
      .number()
      .int()
      .min(1)
      .max(10_000_000)
      .optional()
      .describe('an optional second bound of the in-memory queue, in records (none by default: max_bytes bounds it; not used with storage)'),
    storage: z
      .string()
      .min(1)
      .optional()
      .describe('directory for a persistent queue (a write-ahead log): records accepted but not yet acknowledged survive a crash or restart and are sent afterwards; omit for an in-memory queue'),
    max_bytes: optionalByteSize({ min: 16 * 1024, max: 1024 ** 4 }).describe(
      'capacity of the queue in bytes of encoded, compressed batches: default 4MiB in memory, 256MiB on disk (with storage); when it is full, when_full applies',
    ),
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
  .strict()
  .transform((queue) => ({ ...queue, max_bytes: queue.max_bytes ?? (queue.storage === undefined ? MEMORY_QUEUE_DEFAULT_BYTES : DISK_QUEUE_DEFAULT_BYTES) }));

export type QueueConfig = z.output<typeof queueConfigSchema>;
