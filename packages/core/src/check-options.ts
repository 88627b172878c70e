/**
 * The one check for every numeric option the core takes (timeouts, intervals, rates, caps, the webhook's window).
 * A comparison with NaN is always false, so an unchecked NaN silently turns a limit off (a NaN replay window accepts
 * an hour-old callback); an option that makes no sense is refused at once, with a TypeError naming it.
 */
import type { RetryOptions } from './retry-policy.js';
import type { CadenceStep, PollInterval } from './cadence.js';
import type { CreateRateLimit } from './create-limiter.js';
import { MAX_TIMER_MS } from './timer-limit.js';

/** What a numeric option may be. Every rule refuses NaN, non-numbers and (unless `infinity`) ±Infinity. */
export interface NumberRule {
  /** Smallest value allowed; default: none (any finite number). */
  min?: number;
  /** `min` itself is refused (a timeout of 0 ms means nothing). Default false. */
  aboveMin?: boolean;
  /** Largest value allowed; default: none. */
  max?: number;
  /** Whole numbers only (counts). Default false. */
  integer?: boolean;
  /** `+Infinity` is allowed and means "no limit". Default false. */
  infinity?: boolean;
  /** Said after the number in the message: `milliseconds`, `seconds`. */
  unit?: string;
}

/**
 * Returns `value` when it is a number that `rule` allows.
 * @throws {TypeError} naming the option, what it must be and what it was.
 */
export function checkNumber(value: unknown, name: string, rule: NumberRule = {}): number {
  if (typeof value === 'number' && allowed(value, rule)) return value;
  const shown = typeof value === 'number' ? String(value) : typeof value;
  throw new TypeError(`${name} must be ${describe(rule)}, got ${shown}.`);
}

function allowed(value: number, rule: NumberRule): boolean {
  if (Number.isNaN(value)) return false;
  if (value === Number.POSITIVE_INFINITY) return rule.infinity === true;
  if (!Number.isFinite(value)) return false;
  if (rule.integer && !Number.isInteger(value)) return false;
  if (rule.min !== undefined && (rule.aboveMin ? value <= rule.min : value < rule.min)) return false;
  return rule.max === undefined || value <= rule.max;
}

function describe(rule: NumberRule): string {
  const parts = [rule.integer ? 'a whole number' : 'a finite number'];
  if (rule.min !== undefined) parts.push(rule.aboveMin ? `greater than ${rule.min}` : `at least ${rule.min}`);
  if (rule.max !== undefined) parts.push(`${rule.min === undefined ? '' : 'and '}at most ${rule.max}`);
  if (rule.unit) parts.push(`(${rule.unit})`);
  return parts.join(' ') + (rule.infinity ? ', or Infinity' : '');
}

/** Checks an optional value: `undefined` passes. */
function checkOptional(value: unknown, name: string, rule: NumberRule): void {
  if (value !== undefined) checkNumber(value, name, rule);
}

const POSITIVE_MS: NumberRule = { min: 0, aboveMin: true, unit: 'milliseconds' };
const NON_NEGATIVE_MS: NumberRule = { min: 0, unit: 'milliseconds' };

/** The numeric options of KieClient's constructor. @throws {TypeError} naming the first bad one. */
export function checkClientNumbers(options: {
  requestTimeoutMs?: number | undefined;
  maxResponseBytes?: number | undefined;
  retry?: RetryOptions | undefined;
  createRateLimit?: CreateRateLimit | undefined;
}): void {
  checkOptional(options.requestTimeoutMs, 'requestTimeoutMs', { ...POSITIVE_MS, max: MAX_TIMER_MS });
  checkOptional(options.maxResponseBytes, 'maxResponseBytes', { min: 0, aboveMin: true, unit: 'bytes' });
  checkRetryNumbers(options.retry);
  checkOptional(options.createRateLimit?.maxRequests, 'createRateLimit.maxRequests', {
    min: 1,
    integer: true,
  });
  checkOptional(options.createRateLimit?.windowMs, 'createRateLimit.windowMs', {
    ...POSITIVE_MS,
    max: MAX_TIMER_MS,
  });
}

/** The numeric options of a wait (`waitForTask`, `waitForTasks`, `generate`). @throws {TypeError} naming the first bad one. */
export function checkWaitNumbers(options: {
  timeoutMs?: number | undefined;
  interval?: PollInterval | undefined;
  jitter?: number | undefined;
  notVisibleGraceMs?: number | undefined;
  retry?: RetryOptions | undefined;
  concurrency?: number | undefined;
  maxRequestsPerSecond?: number | undefined;
}): void {
  // Timers cannot run longer than 2^31-1 ms: a longer finite deadline would silently be none.
  checkOptional(options.timeoutMs, 'timeoutMs', { ...POSITIVE_MS, max: MAX_TIMER_MS, infinity: true });
  const { interval } = options;
  if (typeof interval === 'number') checkNumber(interval, 'interval', { ...POSITIVE_MS, max: MAX_TIMER_MS });
  else if (Array.isArray(interval)) {
    (interval as readonly (Partial<CadenceStep> | null)[]).forEach((step, i) => {
      checkNumber(step?.untilMs, `interval[${i}].untilMs`, { ...NON_NEGATIVE_MS, infinity: true });
      checkNumber(step?.intervalMs, `interval[${i}].intervalMs`, { ...POSITIVE_MS, max: MAX_TIMER_MS });
    });
  } else if (interval !== undefined && interval !== 'auto') {
    throw new TypeError(
      `interval must be 'auto', a number of milliseconds or a ramp, got ${typeof interval}.`,
    );
  }
  checkOptional(options.jitter, 'jitter', { min: 0, max: 1 });
  checkOptional(options.notVisibleGraceMs, 'notVisibleGraceMs', { ...NON_NEGATIVE_MS, infinity: true });
  checkRetryNumbers(options.retry);
  checkOptional(options.concurrency, 'concurrency', { min: 1, integer: true });
  checkOptional(options.maxRequestsPerSecond, 'maxRequestsPerSecond', {
    min: 0,
    aboveMin: true,
    unit: 'requests per second',
  });
}

function checkRetryNumbers(retry: RetryOptions | undefined): void {
  if (retry === undefined) return;
  checkOptional(retry.maxRetries, 'retry.maxRetries', { min: 0, integer: true });
  checkOptional(retry.baseDelayMs, 'retry.baseDelayMs', { ...NON_NEGATIVE_MS, max: MAX_TIMER_MS });
  checkOptional(retry.maxDelayMs, 'retry.maxDelayMs', { ...NON_NEGATIVE_MS, max: MAX_TIMER_MS });
}
