// A sliding-window request limiter (a log of accepted requests' times), like kie.ai's
// "20 requests per 10 s, excess rejected with 429 and not queued".
import type { RateLimitOptions } from './options.js';

/** The verdict on one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Allows at most `maxRequests` in any `windowMs`; rejected requests do not count against the window. */
export class SlidingWindowLimiter {
  private readonly times: number[] = [];

  /** @param options the limit; `retryAfterSeconds` overrides the computed `Retry-After` */
  constructor(private readonly options: RateLimitOptions) {}

  /** Records a request at `now` if allowed. */
  take(now: number): RateDecision {
    const { maxRequests, windowMs, retryAfterSeconds } = this.options;
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - windowMs) this.times.shift();
    if (this.times.length < maxRequests) {
      this.times.push(now);
      return { allowed: true };
    }
    const oldest = this.times[0] ?? now;
    const wait = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    return { allowed: false, retryAfterSeconds: retryAfterSeconds ?? wait };
  }

  /** Forgets all requests. */
  clear(): void {
    this.times.length = 0;
  }
}
