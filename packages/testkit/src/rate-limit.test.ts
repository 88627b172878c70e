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

describe('SlidingWindowLimiter with countRejected', () => {
  it('counts refused requests, so a client that keeps trying stays locked out', () => {
    const limiter = new SlidingWindowLimiter({ maxRequests: 1, windowMs: 1000, countRejected: true });
    expect(limiter.take(0)).toEqual({ allowed: true });
    expect(limiter.take(900)).toEqual({ allowed: false, retryAfterSeconds: 1 });
    // Without countRejected this would be allowed (the request at 0 has left); the refused one at 900 counts.
    expect(limiter.take(1000)).toMatchObject({ allowed: false });
    expect(limiter.take(1950)).toMatchObject({ allowed: false }); // the refused request at 1000 still counts
    // Once a full window passes with no request at all, a slot is free again.
    expect(limiter.take(3000)).toEqual({ allowed: true });
  });

  it('says how long until a slot frees when several refused requests are logged', () => {
    const limiter = new SlidingWindowLimiter({ maxRequests: 2, windowMs: 10_000, countRejected: true });
    limiter.take(0);
    limiter.take(1000);
    expect(limiter.take(2000)).toEqual({ allowed: false, retryAfterSeconds: 8 }); // the one at 0 leaves at 10 000
    expect(limiter.take(3000)).toEqual({ allowed: false, retryAfterSeconds: 8 }); // the one at 1000 leaves at 11 000
  });

  it('setLimit keeps the log, so a lower limit applies to recent traffic at once', () => {
    const limiter = new SlidingWindowLimiter({ maxRequests: 5, windowMs: 10_000 });
    for (let t = 0; t < 3; t++) expect(limiter.take(t)).toEqual({ allowed: true });
    limiter.setLimit({ maxRequests: 2, windowMs: 10_000 });
    expect(limiter.take(10)).toMatchObject({ allowed: false });
  });
});
