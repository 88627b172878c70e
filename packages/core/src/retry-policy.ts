/** The retry policy for one request: capped exponential backoff with full jitter, and Retry-After. */

/** Retry settings; every delay is clipped to the time left before the wait's deadline. */
export interface RetryOptions {
  /** Retries after the first attempt, per request. Default 8. */
  maxRetries?: number;
  /** First backoff ceiling. Default 1000 ms. */
  baseDelayMs?: number;
  /** Largest backoff ceiling. Default 30 000 ms. */
  maxDelayMs?: number;
}

/** Retry settings with defaults applied. */
export type ResolvedRetry = Required<RetryOptions>;

/** Applies the defaults. */
export function resolveRetry(options: RetryOptions = {}): ResolvedRetry {
  return {
    maxRetries: options.maxRetries ?? 8,
    baseDelayMs: options.baseDelayMs ?? 1_000,
    maxDelayMs: options.maxDelayMs ?? 30_000,
  };
}

/**
 * Delay before retry number `retry` (1-based). Full jitter (AWS architecture blog, "Exponential Backoff and
 * Jitter") between half the ceiling and the ceiling, so retries never collapse to zero; at least `retryAfterMs`.
 */
export function backoffDelay(
  retry: number,
  policy: ResolvedRetry,
  retryAfterMs: number | null = null,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  const delay = ceiling / 2 + (ceiling / 2) * random();
  return Math.max(delay, retryAfterMs ?? 0);
}

/** Parses `Retry-After` (delta-seconds or an HTTP date) into milliseconds; null when absent or unreadable. */
export function parseRetryAfter(header: string | null, now: number = Date.now()): number | null {
  if (header === null || header.trim() === '') return null;
  const value = header.trim();
  if (/^\d+(\.\d+)?$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  if (Number.isNaN(date)) return null;
  return Math.max(0, date - now);
}
