import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { retryConfigSchema } from './retry-config.ts';
import { parseRetryAfter } from '../../net/retry-after.ts';
import { RetrySchedule } from './retry-schedule.ts';

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => void (now += ms) };
}

describe('retry schedule', () => {
  it('defaults: 1s, growing by 1.5 up to 30s, jitter 0.5, for 5 minutes', () => {
    const config = retryConfigSchema.parse({});
    assert.deepEqual(config, { initial_interval: 1000, max_interval: 30_000, multiplier: 1.5, jitter: 0.5, max_elapsed: 300_000 });
  });

  it('grows exponentially up to max_interval, jitter drawn around each interval', () => {
    const c = clock();
    const config = retryConfigSchema.parse({ initial_interval: '100ms', max_interval: '1s', multiplier: 2, jitter: 0.5, max_elapsed: '1h' });
    const mid = new RetrySchedule(config, c.now, () => 0.5);
    assert.deepEqual(Array.from({ length: 6 }, () => mid.nextDelay()), [100, 200, 400, 800, 1000, 1000]);
    const low = new RetrySchedule(config, c.now, () => 0);
    const high = new RetrySchedule(config, c.now, () => 1);
    assert.equal(low.nextDelay(), 50);
    assert.equal(high.nextDelay(), 150);
  });

  it('honours a longer requested delay (Retry-After, RetryInfo), keeps its own when that is longer', () => {
    const c = clock();
    const schedule = new RetrySchedule(retryConfigSchema.parse({ initial_interval: '50ms', jitter: 0 }), c.now);
    assert.equal(schedule.nextDelay(3000), 3000);
    assert.equal(schedule.nextDelay(10), 75);
  });

  it('never waits past max_elapsed: the last attempt is at the deadline, then it gives up', () => {
    const c = clock();
    const schedule = new RetrySchedule(retryConfigSchema.parse({ initial_interval: '400ms', jitter: 0, multiplier: 1, max_elapsed: '1s' }), c.now);
    assert.equal(schedule.nextDelay(), 400);
    c.advance(400);
    assert.equal(schedule.nextDelay(), 400);
    c.advance(400);
    assert.equal(schedule.nextDelay(5000), 200, 'clamped to what is left of the budget');
    c.advance(200);
    assert.equal(schedule.nextDelay(), undefined);
  });

  it('max_elapsed 0 retries forever', () => {
    const c = clock();
    const schedule = new RetrySchedule(retryConfigSchema.parse({ max_elapsed: '0s', jitter: 0 }), c.now);
    c.advance(1e12);
    assert.equal(schedule.nextDelay(), 1000);
  });

  it('rejects max_interval shorter than initial_interval', () => {
    const result = retryConfigSchema.safeParse({ initial_interval: '10s', max_interval: '1s' });
    assert.equal(result.success, false);
    assert.deepEqual(result.error?.issues.map((i) => i.path.join('.')), ['max_interval']);
  });
});

describe('Retry-After', () => {
  it('reads delay-seconds and HTTP dates', () => {
    const now = Date.parse('2025-01-01T00:00:00Z');
    assert.equal(parseRetryAfter('3', now), 3000);
    assert.equal(parseRetryAfter(' 120 ', now), 120_000);
    assert.equal(parseRetryAfter('Wed, 01 Jan 2025 00:00:05 GMT', now), 5000);
    assert.equal(parseRetryAfter('Tue, 31 Dec 2024 00:00:00 GMT', now), 0, 'a date in the past means now');
  });

  it('ignores what it cannot read', () => {
    for (const value of [undefined, '', '-1', '1.5', 'soon', '12abc']) assert.equal(parseRetryAfter(value), undefined, String(value));
  });
});
