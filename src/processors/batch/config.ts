import { z } from 'zod';
import { boundedInt, duration } from '../../config/schema-helpers.ts';

export const batchConfigSchema = z
  .object({
    send_batch_size: boundedInt({ default: 1000, min: 1, max: 100_000 }).describe('records that make a batch; a full batch is sent at once'),
    timeout: duration({ default: '200ms', minMs: 1, maxMs: 60_000 }).describe('the longest a record waits for its batch to fill'),
  })
  .strict();

export type BatchConfig = z.output<typeof batchConfigSchema>;
