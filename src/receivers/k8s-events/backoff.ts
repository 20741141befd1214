/**
 * The published retry schedule for list and watch failures (5xx, connection and TLS errors):
 * 1 s, 2 s, 5 s, then doubling to a 30 s ceiling, each with ±20% jitter. The RUNBOOK's narrative of
 * a degraded receiver follows this schedule; changing it changes the docs.
 */
export const BACKOFF_SCHEDULE_MS: readonly number[] = [1000, 2000, 5000, 10_000, 20_000, 30_000];
export const BACKOFF_JITTER = 0.2;

export class Backoff {
  private attempt = 0;
  private readonly schedule: readonly number[];
  private readonly random: () => number;

  constructor(schedule: readonly number[] = BACKOFF_SCHEDULE_MS, random: () => number = Math.random) {
    this.schedule = schedule;
    this.random = random;
  }

  /** The delay before the next attempt; each call moves one step along the schedule. */
  next(): number {
    const base = this.schedule[Math.min(this.attempt, this.schedule.length - 1)];
    this.attempt++;
    return Math.round(base * (1 - BACKOFF_JITTER + 2 * BACKOFF_JITTER * this.random()));
  }

  /** Failures in a row so far. */
  get failures(): number {
    return this.attempt;
  }

  reset(): void {
    this.attempt = 0;
  }
}
