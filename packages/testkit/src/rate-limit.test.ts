import { describe, expect, it } from 'vitest';
import { SlidingWindowLimiter } from './rate-limit.js';

describe('SlidingWindowLimiter', () => {
  it('allows maxRequests per sliding window and says how long to wait', () => {
    const limiter = new SlidingWindowLimiter({ maxRequests: 2, windowMs: 10_000 });
    expect(limiter.take(0)).toEqual({ allowed: true });
    expect(limiter.take(4000)).toEqual({ allowed: true });
    expect(limiter.take(5000)).toEqual({ allowed: false, retryAfterSeconds: 5 });
    // Rejected requests do not count: at 10 000 the first request has left the window.
    expect(limiter.take(10_000)).toEqual({ allowed: true });
    expect(limiter.take(10_500)).toEqual({ allowed: false, retryAfterSeconds: 4 });
    limiter.clear();
    expect(limiter.take(10_500)).toEqual({ allowed: true });
  });

  it('reports at least 1 second, or the configured value', () => {
    expect(new SlidingWindowLimiter({ maxRequests: 1, windowMs: 100 }).take(0)).toEqual({ allowed: true });
    const fixed = new SlidingWindowLimiter({ maxRequests: 1, windowMs: 100, retryAfterSeconds: 0 });
    fixed.take(0);
    expect(fixed.take(50)).toEqual({ allowed: false, retryAfterSeconds: 0 });
    const short = new SlidingWindowLimiter({ maxRequests: 1, windowMs: 100 });
    short.take(0);
    expect(short.take(50)).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
