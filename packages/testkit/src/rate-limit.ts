// A sliding-window request limiter (a log of requests' times), like kie.ai's
// "20 requests per 10 s, excess rejected with 429 and not queued".

/** The limit a {@link SlidingWindowLimiter} enforces. */
export interface WindowLimit {
  maxRequests: number;
  windowMs: number;
  /** Overrides the computed `retryAfterSeconds`. */
  retryAfterSeconds?: number;
  /** Rejected requests count against the window too (so a client that keeps hammering stays locked out). */
  countRejected?: boolean;
}

/** The verdict on one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Allows at most `maxRequests` in any `windowMs`. Rejected requests do not count against the window unless
 * `countRejected` is set.
 */
export class SlidingWindowLimiter {
  private readonly times: number[] = [];

  /** @param limit the limit; `retryAfterSeconds` overrides the computed `Retry-After` */
  constructor(private limit: WindowLimit) {}

  /** Records a request at `now` if allowed (or always, with `countRejected`). */
  take(now: number): RateDecision {
    const { maxRequests, windowMs, retryAfterSeconds, countRejected = false } = this.limit;
    while (this.times.length > 0 && (this.times[0] ?? 0) <= now - windowMs) this.times.shift();
    if (this.times.length < maxRequests) {
      this.times.push(now);
      return { allowed: true };
    }
    // A slot frees once all but maxRequests - 1 of the logged requests have left the window.
    const freeing = this.times[this.times.length - maxRequests] ?? now;
    const wait = Math.max(1, Math.ceil((freeing + windowMs - now) / 1000));
    if (countRejected) this.times.push(now);
    return { allowed: false, retryAfterSeconds: retryAfterSeconds ?? wait };
  }

  /** Switches to another limit, keeping the log (so the new limit applies to the recent traffic at once). */
  setLimit(limit: WindowLimit): void {
    this.limit = limit;
  }

  /** Forgets all requests. */
  clear(): void {
    this.times.length = 0;
  }
}
