/**
 * The learned poll cadence (`interval: 'auto'`): poll densely where a task is likely to finish and sparsely where
 * it is not, spending no more requests than kie.ai's ramp would.
 *
 * What is known about a task becomes a belief about its duration (log-normal, from its creation): the progress
 * kie.ai reports (extrapolated where it moves), else what finished siblings of the same model took in this batch,
 * combined with the built-in table of typical durations (typical-durations.ts). Given a belief, polls are spread
 * with density ∝ √hazard — the optimal inspection schedule for a detection delay paid per second and a cost per
 * request (Keller, "Optimum checking schedules", 1974) — scaled so the expected number of requests matches what
 * kie.ai's ramp would make. Guard rails, whatever the belief:
 * - never two polls of one task closer than {@link MIN_POLL_GAP_MS};
 * - a budget: the n-th poll waits until kie.ai's ramp would have made n polls (on average) by that age, so at every
 *   moment of a task's life the requests made are at most the ramp's;
 * - no gap longer than a few ramp intervals, in case the belief is wrong;
 * - no belief (an unknown model and nothing learned yet), or a task that has outlived its belief: the ramp itself.
 * Runtime-free and a pure function of the observations and the task's age, so it is tested without timers.
 */
import { baseInterval, DEFAULT_CADENCE } from './cadence.js';
import type { TaskRecord } from './types.js';
import { typicalDuration, type DurationBelief } from './typical-durations.js';

/** The per-task floor: no two polls of one task closer than this. */
export const MIN_POLL_GAP_MS = 2_000;
// No gap longer than this many ramp intervals at the task's age: a wrong belief costs at most this much lag.
const MAX_GAP_RAMP_INTERVALS = 3;
// A belief the task has outlived (less than this chance it is still running) is dropped.
const EXHAUSTED = 0.02;
const OVERDUE_FACTOR = 1.3;
const OVERDUE_SPREAD = 0.4;
// Siblings of one model in one batch usually differ by ±20 % (ln-spread) before their own spread is measured.
const SIBLING_SPREAD = 0.2;
const GRID = 96;

/** How many polls kie.ai's ramp makes (on average, after the first) by the time a task is `ageMs` old. */
export function guidanceBudget(ageMs: number): number {
  let polls = 0;
  let from = 0;
  for (const step of DEFAULT_CADENCE) {
    const until = Math.min(ageMs, step.untilMs);
    if (until > from) polls += (until - from) / step.intervalMs;
    if (ageMs <= step.untilMs) break;
    from = step.untilMs;
  }
  return polls;
}

/** The age at which kie.ai's ramp has made `polls` polls after the first: the inverse of {@link guidanceBudget}. */
export function guidanceAge(polls: number): number {
  let left = Math.max(0, polls);
  let from = 0;
  for (const step of DEFAULT_CADENCE) {
    const span = step.untilMs - from;
    const inBand = span / step.intervalMs;
    if (left <= inBand) return from + left * step.intervalMs;
    left -= inBand;
    from = step.untilMs;
  }
  return Number.POSITIVE_INFINITY;
}

/** The next poll: when, and whether a belief planned it (false: kie.ai's ramp, which the caller jitters). */
export interface PollPlan {
  delayMs: number;
  planned: boolean;
}

/**
 * When to poll next, for a task `ageMs` old that has been polled `polls` times, given a belief about its duration
 * (null: none). Pure: the same inputs give the same plan.
 */
export function planNextPoll(ageMs: number, polls: number, belief: DurationBelief | null): PollPlan {
  const age = Math.max(0, ageMs);
  const ramp = { delayMs: baseInterval('auto', age), planned: false };
  if (!belief || !(belief.medianMs > 0) || !(belief.spread > 0)) return ramp;
  let mu = Math.log(belief.medianMs);
  let sigma = belief.spread;
  const survivalAt = (t: number): number => (t <= 0 ? 1 : 1 - normalCdf((Math.log(t) - mu) / sigma));
  let alive = survivalAt(age);
  if (alive < EXHAUSTED) {
    // The task has outlived its belief: it is late, not lost. Expect it within the next half of its age or so.
    mu = Math.log(age * OVERDUE_FACTOR);
    sigma = Math.max(sigma, OVERDUE_SPREAD);
    alive = survivalAt(age);
  }
  // Plan up to where the task is all but surely done.
  const end = Math.exp(mu + sigma * normalQuantile(1 - 0.01 * alive));
  const step = (end - age) / GRID;
  if (!(step > 0)) return ramp;
  // Requests the ramp would make (beyond those made) if the task ends as believed — the first poll, one every
  // interval, and on average half an interval's worth past the end — and √hazard on a grid.
  let budget = 1.5 - polls;
  let weight = 0;
  const root: number[] = [];
  const survival: number[] = [];
  for (let i = 0; i < GRID; i++) {
    const t = age + (i + 0.5) * step;
    const s = survivalAt(t) / alive;
    const f = lognormalDensity(t, mu, sigma) / alive;
    budget += guidanceBudget(t) * f * step;
    const h = s > 1e-9 ? f / s : 0;
    root.push(Math.sqrt(h));
    survival.push(s);
    weight += Math.sqrt(h) * s * step;
  }
  budget += guidanceBudget(end) * 0.01;
  // Density c·√h spends c·weight requests while the task runs, plus the one that sees it done. Where the floor
  // caps the density, the requests saved go to the rest of the window (a few rounds of water-filling).
  const spend = Math.max(0, budget - 1);
  let scale = weight > 0 ? spend / weight : 0;
  for (let round = 0; round < 4 && scale > 0; round++) {
    let capped = 0;
    let free = 0;
    for (let i = 0; i < GRID; i++) {
      const d = scale * root[i]!;
      if (d >= 1 / MIN_POLL_GAP_MS) capped += (survival[i]! * step) / MIN_POLL_GAP_MS;
      else free += root[i]! * survival[i]! * step;
    }
    if (free <= 0 || capped >= spend) break;
    scale = (spend - capped) / free;
  }
  let next = end;
  let spent = 0;
  for (let i = 0; i < GRID; i++) {
    const density = Math.min(scale * root[i]!, 1 / MIN_POLL_GAP_MS);
    if (spent + density * step >= 1) {
      next = age + i * step + (1 - spent) / density;
      break;
    }
    spent += density * step;
  }
  next = Math.min(next, age + MAX_GAP_RAMP_INTERVALS * baseInterval('auto', age));
  next = Math.max(next, age + MIN_POLL_GAP_MS, guidanceAge(polls));
  return { delayMs: next - age, planned: true };
}

/** One progress reading: percent at an age. */
interface ProgressSample {
  ageMs: number;
  percent: number;
}

/**
 * Where moving progress says the task ends (its age then), or null: the last reading against an earlier, lower one
 * (or against 0 % at creation when there is only one).
 */
export function progressEnd(samples: readonly ProgressSample[]): number | null {
  const last = samples.at(-1);
  if (!last || !(last.percent > 0) || last.percent >= 100) return null;
  const first = samples.find((s) => s.percent < last.percent) ?? { ageMs: 0, percent: 0 };
  const rate = (last.percent - first.percent) / (last.ageMs - first.ageMs);
  if (!(rate > 0) || !Number.isFinite(rate)) return null;
  return last.ageMs + (100 - last.percent) / rate;
}

/**
 * Combines a prior (the table's, or none) with durations measured in this batch: a normal update of the log-mean,
 * with the siblings' own spread once there are enough of them to measure it. Siblings still running (`runningMs`:
 * their ages) are censored observations — the first to finish are the quick ones, and a belief from them alone would
 * expect every sibling too early — so each counts as its expected log-duration given that it is still running (and
 * that expectation's variance), refined over a few rounds (EM for a censored normal).
 */
function beliefFromSiblings(
  prior: DurationBelief | null,
  durationsMs: readonly number[],
  runningMs: readonly number[] = [],
): DurationBelief | null {
  const logs = durationsMs.filter((d) => d > 0 && Number.isFinite(d)).map(Math.log);
  if (logs.length === 0) return prior;
  const censored = runningMs.filter((a) => a > 0 && Number.isFinite(a)).map(Math.log);
  let belief = fitLogNormal(prior, logs, []);
  for (let round = 0; round < 3 && censored.length > 0; round++) {
    const mu = Math.log(belief.medianMs);
    const sigma = belief.spread;
    const imputed = censored.map((c) => {
      // The normal's mean and variance above c: the inverse Mills ratio λ.
      const z = Math.min((c - mu) / sigma, 8);
      const tail = Math.max(1 - normalCdf(z), 1e-12);
      const lambda = Math.exp(-0.5 * z * z) / Math.sqrt(2 * Math.PI) / tail;
      return { mean: mu + sigma * lambda, variance: sigma ** 2 * Math.max(0, 1 + z * lambda - lambda ** 2) };
    });
    belief = fitLogNormal(prior, logs, imputed);
  }
  return belief;
}

function fitLogNormal(
  prior: DurationBelief | null,
  logs: readonly number[],
  imputed: readonly { mean: number; variance: number }[],
): DurationBelief {
  const k = logs.length + imputed.length;
  const mean = (logs.reduce((a, b) => a + b, 0) + imputed.reduce((a, b) => a + b.mean, 0)) / k;
  const squares =
    logs.reduce((a, x) => a + (x - mean) ** 2, 0) +
    imputed.reduce((a, x) => a + (x.mean - mean) ** 2 + x.variance, 0);
  // Shrunk towards the usual spread: two measurements do not make a spread.
  const within = Math.min(1, Math.max(0.05, Math.sqrt((2 * SIBLING_SPREAD ** 2 + squares) / (2 + k - 1))));
  let mu = mean;
  let variance = within ** 2 / k;
  if (prior) {
    const priorPrecision = 1 / prior.spread ** 2;
    const precision = priorPrecision + k / within ** 2;
    mu = (Math.log(prior.medianMs) * priorPrecision + (mean * k) / within ** 2) / precision;
    variance = 1 / precision;
  }
  return { medianMs: Math.exp(mu), spread: Math.sqrt(variance + within ** 2) };
}

/** What is known about a task before its first record: its model (from the create call) and family. */
export interface TaskHint {
  family: string;
  model?: string | null | undefined;
}

/** What one wait (one task or a batch) learns as its tasks finish: the durations of each model. */
export class PaceBook {
  readonly #finished = new Map<string, number[]>();
  // Tasks still running, with their model key and the age they were last seen at.
  readonly #running = new Map<TaskPace, { key: string; ageMs: number }>();

  /** Starts pacing one task of this batch. */
  track(hint: TaskHint): TaskPace {
    return new TaskPace(this, hint);
  }

  /** Durations measured so far for a model key. */
  durations(key: string): readonly number[] {
    return this.#finished.get(key) ?? [];
  }

  /** The ages of the other tasks of a model key still running, when last seen. */
  running(key: string, except: TaskPace): number[] {
    const ages: number[] = [];
    for (const [pace, seen] of this.#running) if (pace !== except && seen.key === key) ages.push(seen.ageMs);
    return ages;
  }

  /** Notes that a task of `key` was still running at `ageMs` (null: it is not running any more). */
  seen(pace: TaskPace, key: string, ageMs: number | null): void {
    if (ageMs === null) this.#running.delete(pace);
    else this.#running.set(pace, { key, ageMs });
  }

  /** Records one finished task's duration. */
  learn(key: string, durationMs: number): void {
    if (!(durationMs > 0) || !Number.isFinite(durationMs)) return;
    const list = this.#finished.get(key) ?? [];
    list.push(durationMs);
    this.#finished.set(key, list);
  }
}

// Model IDs are untrusted: a bounded key.
const MAX_KEY_CHARS = 200;

/** The pace of one task: what it has reported, turned into its next poll. */
export class TaskPace {
  readonly #book: PaceBook;
  #family: string;
  #model: string | null;
  readonly #progress: ProgressSample[] = [];
  #finished = false;

  constructor(book: PaceBook, hint: TaskHint) {
    this.#book = book;
    this.#family = hint.family;
    this.#model = hint.model ?? null;
  }

  get #key(): string {
    return `${this.#family}:${this.#model ?? ''}`.slice(0, MAX_KEY_CHARS);
  }

  /** Takes in one record, seen when the task was `ageMs` old; a success teaches its siblings. */
  observe(record: TaskRecord, ageMs: number): void {
    this.#family = record.family;
    if (record.model) this.#model = record.model;
    if (record.progress !== null && Number.isFinite(record.progress)) {
      const last = this.#progress.at(-1);
      // Only changes carry information about the rate.
      if (!last || last.percent !== record.progress) this.#progress.push({ ageMs, percent: record.progress });
    }
    if (record.status === 'success' && !this.#finished) {
      this.#finished = true;
      const created = record.createTime?.getTime();
      const completed = record.completeTime?.getTime();
      const measured =
        created !== undefined && completed !== undefined && completed > created ? completed - created : ageMs;
      this.#book.learn(this.#key, measured);
    }
    this.#book.seen(this, this.#key, record.status === 'pending' ? ageMs : null);
  }

  /** The belief the next poll is planned from, or null (the ramp). */
  belief(ageMs: number): DurationBelief | null {
    const end = progressEnd(this.#progress);
    const last = this.#progress.at(-1);
    if (end !== null && last && end > ageMs) {
      // Extrapolation sharpens as the task nears its end.
      return { medianMs: end, spread: 0.08 + 0.2 * (1 - last.percent / 100) };
    }
    const prior = typicalDuration(this.#model, this.#family);
    return beliefFromSiblings(prior, this.#book.durations(this.#key), this.#book.running(this.#key, this));
  }

  /** When to poll next: the task is `ageMs` old and has been polled `polls` times. */
  next(ageMs: number, polls: number): PollPlan {
    return planNextPoll(ageMs, polls, this.belief(ageMs));
  }
}

function lognormalDensity(t: number, mu: number, sigma: number): number {
  if (t <= 0) return 0;
  const z = (Math.log(t) - mu) / sigma;
  return Math.exp(-0.5 * z * z) / (t * sigma * Math.sqrt(2 * Math.PI));
}

/** Φ(z), the standard normal CDF (Abramowitz & Stegun 7.1.26, error < 1.5e-7). */
function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * x);
  const poly =
    t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-x * x);
  return z >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Φ⁻¹(p) by bisection on {@link normalCdf}: 60 halvings of [-9, 9] are exact to double precision. */
function normalQuantile(p: number): number {
  let low = -9;
  let high = 9;
  for (let i = 0; i < 60; i++) {
    const mid = (low + high) / 2;
    if (normalCdf(mid) < p) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}
