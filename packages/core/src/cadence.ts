/**
 * The poll-interval ramp. kie.ai's guidance (Market "Get Task Details"): every 2–3 s for the first 30 s,
 * 5–10 s until 2 min, then 15–30 s. Our defaults sit in the middle of each band and jitter ±20 %.
 */

/** One band of the ramp: poll every `intervalMs` until the task is `untilMs` old (see {@link taskAgeMs}). */
export interface CadenceStep {
  untilMs: number;
  intervalMs: number;
}

/** How often to poll: `'auto'` (the ramp), a fixed interval in ms, or a custom ramp. */
export type PollInterval = 'auto' | number | readonly CadenceStep[];

/** kie.ai's recommended ramp. */
export const DEFAULT_CADENCE: readonly CadenceStep[] = [
  { untilMs: 30_000, intervalMs: 2_500 },
  { untilMs: 120_000, intervalMs: 7_500 },
  { untilMs: Number.POSITIVE_INFINITY, intervalMs: 22_500 },
];

/** Default jitter: each sleep is the interval ±20 %, so many waiters do not poll in lock-step. */
export const DEFAULT_JITTER = 0.2;

// Older than any record kie.ai keeps (14 days to 2 months): a createTime this far back is a parsing or clock error.
const MAX_PLAUSIBLE_AGE_MS = 366 * 24 * 3_600_000;

/**
 * The age the ramp is indexed by: now − `createTime` when the record carries a believable one, else the time since
 * the wait started. Never less than `elapsedMs` (a task is at least as old as our wait for it), never negative; a
 * `createTime` in the future (clock skew) or more than a year back is ignored.
 */
export function taskAgeMs(createTime: Date | null, now: number, elapsedMs: number): number {
  const elapsed = Math.max(0, elapsedMs);
  if (createTime === null) return elapsed;
  const age = now - createTime.getTime();
  if (!Number.isFinite(age) || age < 0 || age > MAX_PLAUSIBLE_AGE_MS) return elapsed;
  return Math.max(age, elapsed);
}

/** The base interval (before jitter) for a task `elapsedMs` old (or a wait that has run that long). */
export function baseInterval(interval: PollInterval, elapsedMs: number): number {
  if (typeof interval === 'number') return interval;
  const steps = interval === 'auto' ? DEFAULT_CADENCE : interval;
  const step = steps.find((s) => elapsedMs < s.untilMs) ?? steps[steps.length - 1];
  return step?.intervalMs ?? DEFAULT_CADENCE[0]!.intervalMs;
}

/** Spreads `ms` uniformly over ±`jitter` (a fraction); `random` is injectable for tests. */
export function jittered(ms: number, jitter: number, random: () => number = Math.random): number {
  const spread = Math.min(Math.max(jitter, 0), 1);
  return Math.max(0, ms * (1 - spread + 2 * spread * random()));
}
