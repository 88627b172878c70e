import { describe, expect, it } from 'vitest';
import { backoffDelay, parseRetryAfter, resolveRetry } from './retry-policy.js';
import { baseInterval, DEFAULT_CADENCE, jittered, taskAgeMs } from './cadence.js';

describe('poll cadence', () => {
  it('follows kie.ai guidance: 2–3 s to 30 s, 5–10 s to 2 min, 15–30 s after', () => {
    const at = (ms: number) => baseInterval('auto', ms);
    for (const [elapsed, low, high] of [
      [0, 2_000, 3_000],
      [29_999, 2_000, 3_000],
      [30_000, 5_000, 10_000],
      [119_999, 5_000, 10_000],
      [120_000, 15_000, 30_000],
      [3_600_000, 15_000, 30_000],
    ] as const) {
      expect(at(elapsed)).toBeGreaterThanOrEqual(low);
      expect(at(elapsed)).toBeLessThanOrEqual(high);
      // with ±20 % jitter the sleep stays inside the band
      expect(jittered(at(elapsed), 0.2, () => 0)).toBeGreaterThanOrEqual(low);
      expect(jittered(at(elapsed), 0.2, () => 0.999999)).toBeLessThanOrEqual(high);
    }
    expect(DEFAULT_CADENCE).toHaveLength(3);
  });

  it('supports a fixed interval and a custom ramp', () => {
    expect(baseInterval(5_000, 999_999)).toBe(5_000);
    const ramp = [
      { untilMs: 100, intervalMs: 10 },
      { untilMs: 200, intervalMs: 20 },
    ];
    expect(baseInterval(ramp, 50)).toBe(10);
    expect(baseInterval(ramp, 150)).toBe(20);
    expect(baseInterval(ramp, 10_000)).toBe(20); // past the last band: keep its interval
  });

  it('jitters symmetrically and never below zero', () => {
    expect(jittered(1000, 0.2, () => 0)).toBe(800);
    expect(jittered(1000, 0.2, () => 0.5)).toBe(1000);
    expect(jittered(1000, 0, () => 0.9)).toBe(1000);
    expect(jittered(1000, 5, () => 0)).toBe(0);
  });
});

describe('task age (what the ramp is indexed by)', () => {
  const now = Date.parse('2026-12-01T12:00:00Z');
  it('is now − createTime, so a task re-attached 5 minutes after creation starts in the slow band', () => {
    const age = taskAgeMs(new Date(now - 5 * 60_000), now, 0);
    expect(age).toBe(5 * 60_000);
    expect(baseInterval('auto', age)).toBe(22_500);
  });

  it('is never less than the time waited, nor negative', () => {
    expect(taskAgeMs(new Date(now - 1_000), now, 4_000)).toBe(4_000);
    expect(taskAgeMs(null, now, -5)).toBe(0);
  });

  it('falls back to the time waited without a createTime, or with one in the future or absurdly old', () => {
    expect(taskAgeMs(null, now, 1_234)).toBe(1_234);
    expect(taskAgeMs(new Date(now + 2_000), now, 1_234)).toBe(1_234);
    expect(taskAgeMs(new Date(Date.parse('2001-01-01T00:00:00Z')), now, 1_234)).toBe(1_234);
    expect(taskAgeMs(new Date(Number.NaN), now, 1_234)).toBe(1_234);
  });
});

describe('retry backoff', () => {
  const policy = resolveRetry({ baseDelayMs: 100, maxDelayMs: 1_000 });

  it('grows exponentially between half the ceiling and the ceiling, capped', () => {
    expect(backoffDelay(1, policy, null, () => 0)).toBe(50);
    expect(backoffDelay(1, policy, null, () => 1)).toBe(100);
    expect(backoffDelay(3, policy, null, () => 1)).toBe(400);
    expect(backoffDelay(10, policy, null, () => 1)).toBe(1_000);
    expect(backoffDelay(10, policy, null, () => 0)).toBe(500);
  });

  it('waits at least Retry-After', () => {
    expect(backoffDelay(1, policy, 2_000, () => 0)).toBe(2_000);
  });

  it('parses Retry-After seconds and HTTP dates', () => {
    expect(parseRetryAfter('2')).toBe(2_000);
    expect(parseRetryAfter('0.5')).toBe(500);
    expect(parseRetryAfter(null)).toBeNull();
    expect(parseRetryAfter('soon')).toBeNull();
    const now = Date.parse('2026-01-01T00:00:00Z');
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:03 GMT', now)).toBe(3_000);
    expect(parseRetryAfter('Thu, 01 Jan 2025 00:00:03 GMT', now)).toBe(0);
  });

  it('has documented defaults', () => {
    expect(resolveRetry()).toEqual({ maxRetries: 8, baseDelayMs: 1_000, maxDelayMs: 30_000 });
  });
});
