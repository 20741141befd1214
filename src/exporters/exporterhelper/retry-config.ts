/**
 * The `retry` section shared by the OTLP exporters: exponential backoff with jitter, bounded by
 * the total time spent on one batch.
 */
import { z } from 'zod';
import { duration } from '../../config/schema-helpers.ts';

export const retryConfigSchema = z
  .object({
    initial_interval: duration({ default: '1s', minMs: 1, maxMs: 600_000 }).describe('wait before the first retry'),
    max_interval: duration({ default: '30s', minMs: 1, maxMs: 3_600_000 }).describe('longest wait between two attempts (a Retry-After from the endpoint may ask for longer and is honoured)'),
    multiplier: z.number().min(1).max(10).default(1.5).describe('each wait is the previous one times this, up to max_interval'),
    jitter: z.number().min(0).max(1).default(0.5).describe('randomization factor: each wait is drawn from [wait*(1-jitter), wait*(1+jitter)] so many agents do not retry in step'),
    max_elapsed: duration({ default: '5m' }).describe('give up on a batch (count it as dropped, reason max_elapsed) once it has been retried this long; 0 retries forever'),
  })
  .strict()
  .refine((r) => r.max_interval >= r.initial_interval, { message: 'max_interval must not be shorter than initial_interval', path: ['max_interval'] });

export type RetryConfig = z.output<typeof retryConfigSchema>;
