/**
 * A token bucket: `qps` tokens a second, at most `burst` saved up. `take()` waits for a token,
 * `tryTake()` never waits. The k8s_events receiver's client-side rate limit for the API server
 * (its `api_qps`/`api_burst`, by default client-go's QPS 5 and burst 10) is one, shared by its
 * list/watch and its enrichment lookups; the webhook exporter uses one per destination.
 */
import { setTimeout as sleep } from 'node:timers/promises';

export const CLIENT_QPS = 5;
export const CLIENT_BURST = 10;

export class TokenBucket {
  private tokens: number;
  private last: number;
  private readonly qps: number;
  private readonly burst: number;
  private readonly now: () => number;

  constructor(qps = CLIENT_QPS, burst = CLIENT_BURST, now: () => number = () => performance.now()) {
    this.qps = qps;
    this.burst = burst;
    this.tokens = burst;
    this.now = now;
    this.last = now();
  }

  /** Milliseconds until a token is free (0 if one is free now); takes it. */
  reserve(): number {
    this.refill();
    this.tokens -= 1;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.qps) * 1000;
  }

  /**
   * Takes a token only if one is free now and `keep` more stay free after it (for background
   * work such as enrichment lookups, so it never makes a list or watch wait). Never waits.
   */
  tryTake(keep = 0): boolean {
    this.refill();
    if (this.tokens < 1 + keep) return false;
    this.tokens -= 1;
    return true;
  }

  private refill(): void {
    const now = this.now();
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.qps);
    this.last = now;
  }

  async take(signal?: AbortSignal): Promise<void> {
    const wait = this.reserve();
    if (wait > 0) await sleep(wait, undefined, { signal });
  }
}
