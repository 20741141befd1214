/**
 * When to try a batch again: exponential backoff with jitter, honouring the endpoint's requested
 * delay (HTTP Retry-After, gRPC RetryInfo), within the batch's max_elapsed budget.
 *
 * The n-th wait is drawn from interval_n * [1 - jitter, 1 + jitter] with interval_0 =
 * initial_interval and interval_n+1 = min(interval_n * multiplier, max_interval). A requested
 * delay longer than that wait replaces it. No wait goes past the budget: the last attempt happens
 * when the budget ends, and after it the batch is given up on.
 */
import type { RetryConfig } from './retry-config.ts';

export class RetrySchedule {
  private readonly config: RetryConfig;
  private readonly now: () => number;
  private readonly random: () => number;
  private readonly deadline: number;
  private interval: number;

  constructor(config: RetryConfig, now: () => number = Date.now, random: () => number = Math.random) {
    this.config = config;
    this.now = now;
    this.random = random;
    this.interval = config.initial_interval;
    this.deadline = config.max_elapsed === 0 ? Number.POSITIVE_INFINITY : now() + config.max_elapsed;
  }

  /** Milliseconds to wait before the next attempt, or undefined when the budget is spent. */
  nextDelay(requestedMs?: number): number | undefined {
    const remaining = this.deadline - this.now();
    if (remaining <= 0) return undefined;
    const { jitter, multiplier, max_interval } = this.config;
    const backoff = this.interval * (1 - jitter + 2 * jitter * this.random());
    this.interval = Math.min(this.interval * multiplier, max_interval);
    const wait = requestedMs !== undefined && requestedMs > backoff ? requestedMs : backoff;
    return Math.max(0, Math.min(Math.round(wait), remaining));
  }
}

