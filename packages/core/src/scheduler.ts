/**
 * One scheduler shared by every request of a wait (or of many waits): it decides which request starts next and when.
 *
 * - Order: the request whose poll has been due longest goes first (ties: arrival order), so a retry keeps its place
 *   and no task starves.
 * - Rate: starts are spaced evenly (`1 / rate` apart) and never exceed `rate` within any window, because kie.ai
 *   answers 429 beyond a sliding-window limit it does not publish. The rate adapts like the AWS SDK's adaptive retry
 *   mode (a CUBIC congestion controller, RFC 8312): it doubles quickly while the demand exceeds it and nothing was
 *   rejected (a batch lasts seconds, additive increase would be too slow); on a 429 it drops to a fraction of the
 *   *measured* admitted rate (the starts the server accepted in the window before the rejected one), then grows back
 *   along a cubic curve that flattens near that rate, so probing above it — the only source of 429s — is rare.
 *   The rate only ever caps the demand: it grows only while requests wait on it, so it never creates traffic, and
 *   only while the tasks' cadence or a backlog asks for more, not for one burst (see {@link BACKLOG_MS}): a small
 *   batch's first polls go out at the starting rate (5 a second) instead of probing above it for a 429.
 * - Slots sit on a grid `1 / rate` apart (a timer that fires late does not push every later start back). The count
 *   per window takes each request from the latest moment the server can have seen it, over a window a little longer
 *   than the server's: the way to the server varies.
 * - Concurrency follows latency (enough in flight to sustain the rate), so it never becomes the cap.
 */
import { abortError, onAbort } from './abort.js';
import { MAX_TIMER_MS } from './timer-limit.js';

/** Scheduler limits. Every field is optional: the defaults adapt to the server. */
export interface SchedulerOptions {
  /** Requests in flight at once, a fixed cap. Default: follows latency (enough to sustain the rate, 4 to 256). */
  concurrency?: number;
  /**
   * At most this many requests start per `windowMs`, evenly spaced: a ceiling the adaptive rate stays under.
   * Default: 100 per second.
   */
  maxRequests?: number;
  /** The window of `maxRequests` and of the rate measurements. Default 1000 ms. */
  windowMs?: number;
  /** Adapt the rate to 429s (see the module comment). Default true; false runs at `maxRequests` (default: no limit). */
  adaptive?: boolean;
  /** Requests per second before anything is known. Default 5. */
  initialRate?: number;
  /** Time source and timers, for simulations and tests. Default: `Date.now` and the global timers. */
  clock?: SchedulerClock;
}

/** What the scheduler needs of time; an opaque timer handle. */
export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const REAL_CLOCK: SchedulerClock = {
  now: () => Date.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Per-request options of {@link Scheduler.run}. */
export interface RunOptions {
  /** Aborting removes the request from the queue and rejects with an AbortError. */
  signal?: AbortSignal | undefined;
  /** When this request became due (epoch ms); earlier goes first. Default: now. */
  dueAt?: number | undefined;
  /**
   * The stream of requests this one belongs to (a task's polls) and how often it asks (ms until its next request):
   * the streams' cadences add up to the demand the rate grows for (see {@link BACKLOG_MS}).
   */
  stream?: { key: string; intervalMs: number } | undefined;
}

/** Handed to the function a slot runs: tells the scheduler how the request went. */
export interface RequestSlot {
  /** When the request started (epoch ms). */
  readonly startedAt: number;
  /** The server rejected this request for the rate (429): lowers the shared rate (at most once per round trip). */
  throttled(): void;
}

// The default ceiling, per second: above what 200 tasks on kie.ai's fastest band ask for (80/s), low enough that a
// tiny interval cannot flood. The start rate is low because slow start finds a higher limit within a second.
const DEFAULT_MAX_RATE = 100;
const INITIAL_RATE = 5;
/**
 * The rate grows only for demand: the tasks' own cadence asking for more than it allows (the sum of each task's
 * requests a second, from the gap it will leave before its next poll), or a backlog — a queue that stays busy longer than this, counting the
 * time it has been busy and the time what waits in it will take at the current rate. A shorter one is a burst — the
 * first polls of a batch, all due at once — that drains before any task polls again (kie.ai's ramp polls a young task
 * every 2.5 s), so speeding it up would buy nothing and probing the limit for it would cost a 429: the first polls of
 * a dozen tasks on the ramp (4.8 a second) go out at the starting rate.
 */
const BACKLOG_MS = 2_500;
// The way to the server and back need not take the same time (estimates of when the server saw a request can be a
// little early): requests are counted over a window this much longer than the server's, so requests spaced exactly at
// its limit do not arrive a hair too close together.
const WINDOW_GUARD_MS = 20;

// After a 429 the rate drops to BETA × the measured admitted rate (AWS SDK uses 0.7; the measurement is good, so
// less margin is needed), and the cubic curve takes K seconds of waiting demand to climb back to it: at least
// CUBIC_K_S, and at least PROBE_EVERY requests' worth, since each climb past the limit costs about one 429
// (so a low limit is probed less often in time, and rejections stay near 1 in PROBE_EVERY).
const BETA = 0.9;
const CUBIC_K_S = 8;
const PROBE_EVERY = 75;
// …but a tiny measured rate must not take minutes to climb back.
const MAX_K_S = 20;
// Slow start: the rate doubles every this many ms of waiting demand, or every two round trips if longer (TCP
// doubles per round trip; waiting for two lets the first 429 arrive before the rate has overshot far).
const DOUBLING_MS = 250;
const MIN_RATE = 0.1;

interface Waiter {
  dueAt: number;
  seq: number;
  stream: Stream | undefined;
  grant: (slot: Start) => void;
  unsubscribe: (() => void) | undefined;
}

/** One task's polls, as far as the rate is concerned: how often it asks, and whether it is still asking. */
interface Stream {
  intervalMs: number;
  /** Its requests in the queue now. */
  waiting: number;
  /** When its last request left the queue (or joined it, before any has left). */
  lastAt: number;
}

interface Start {
  at: number;
  rejected: boolean;
  /** When the answer came (undefined while in flight). */
  answeredAt?: number;
}

/** Shares request capacity between tasks, adapting the request rate to the server's limit. */
export class Scheduler {
  private readonly fixedConcurrency: number | undefined;
  private readonly ceiling: number;
  private readonly windowMs: number;
  private readonly adaptive: boolean;
  private rate: number;
  private slowStart = true;
  // Cubic state: the rate at the last decrease, and seconds of waiting demand since.
  private wMax = 0;
  private cubicS = 0;
  private cubicK = CUBIC_K_S;
  // Requests the server admitted in the window before its last 429.
  private windowAdmitted = 0;
  private lastDecreaseAt = Number.NEGATIVE_INFINITY;
  private latencyMs: number | undefined;
  // The quickest round trip seen: an answer comes at least half of it after the server counted the request.
  private minLatencyMs = Number.POSITIVE_INFINITY;
  private active = 0;
  private seq = 0;
  private readonly queue: Waiter[] = [];
  private readonly starts: Start[] = [];
  // The slot the last start took on the grid of 1 / rate (not when it happened: a late timer is not carried forward).
  private lastSlot = Number.NEGATIVE_INFINITY;
  // What the tasks ask for, by stream key.
  private readonly streams = new Map<string, Stream>();
  // Set while the head of the queue waits for the rate (not for a slot or a cool-down): growth is measured then.
  private rateBoundSince: number | undefined;
  // Since when the queue has not been empty: how long a backlog has lasted.
  private backlogSince: number | undefined;
  private timer: unknown;
  private readonly clock: SchedulerClock;

  constructor(options: SchedulerOptions = {}) {
    this.fixedConcurrency = options.concurrency === undefined ? undefined : Math.max(1, options.concurrency);
    this.windowMs = Math.max(1, options.windowMs ?? 1_000);
    this.adaptive = options.adaptive ?? true;
    this.clock = options.clock ?? REAL_CLOCK;
    this.ceiling =
      options.maxRequests === undefined
        ? this.adaptive
          ? DEFAULT_MAX_RATE
          : Number.POSITIVE_INFINITY
        : Math.max(MIN_RATE, (options.maxRequests * 1_000) / this.windowMs);
    this.rate = this.adaptive
      ? Math.min(this.ceiling, Math.max(MIN_RATE, options.initialRate ?? INITIAL_RATE))
      : this.ceiling;
  }

  /** The current request rate, per second. */
  get requestsPerSecond(): number {
    return this.rate;
  }

  /** Requests allowed in flight now. */
  get concurrency(): number {
    if (this.fixedConcurrency !== undefined) return this.fixedConcurrency;
    // Little's law: rate × latency are in flight on average; twice that leaves room for slow answers.
    const latency = this.latencyMs ?? 100;
    return Math.min(256, Math.max(4, Math.ceil((2 * this.rate * latency) / 1_000) + 1));
  }

  /**
   * Runs `fn` when its turn comes: a free slot, the rate allows, no cool-down. `fn` gets a {@link RequestSlot} to
   * report a 429 with. Accepts a signal as the second argument, for compatibility.
   */
  async run<T>(fn: (slot: RequestSlot) => Promise<T>, options?: RunOptions | AbortSignal): Promise<T> {
    const opts: RunOptions = options instanceof AbortSignal ? { signal: options } : (options ?? {});
    const start = await this.acquire(opts);
    const slot: RequestSlot = { startedAt: start.at, throttled: () => this.throttled(start) };
    try {
      return await fn(slot);
    } finally {
      start.answeredAt = this.clock.now();
      this.observeLatency(start.answeredAt - start.at);
      this.active -= 1;
      this.pump();
    }
  }

  private acquire(options: RunOptions): Promise<Start> {
    const { signal } = options;
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        dueAt: options.dueAt ?? this.clock.now(),
        seq: this.seq++,
        stream: options.stream && this.joinStream(options.stream.key, options.stream.intervalMs),
        unsubscribe: undefined,
        grant: (start) => {
          waiter.unsubscribe?.();
          resolve(start);
        },
      };
      if (signal) {
        waiter.unsubscribe = onAbort(signal, () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          if (waiter.stream) this.leaveStream(waiter.stream);
          this.pump();
          reject(abortError(signal.reason));
        });
      }
      this.enqueue(waiter);
      this.pump();
    });
  }

  // Sorted by (dueAt, seq); binary search, since most arrivals are due now and land near the end.
  private enqueue(waiter: Waiter): void {
    let low = 0;
    let high = this.queue.length;
    while (low < high) {
      const mid = (low + high) >>> 1;
      const other = this.queue[mid]!;
      if (other.dueAt < waiter.dueAt || (other.dueAt === waiter.dueAt && other.seq < waiter.seq))
        low = mid + 1;
      else high = mid;
    }
    this.queue.splice(low, 0, waiter);
  }

  // Grants as many queued requests as the limits allow; otherwise arms one timer for the earliest change.
  private pump(): void {
    this.clearTimer();
    while (this.queue.length > 0 && this.active < this.concurrency) {
      const now = this.clock.now();
      const rateWait = this.rateDelay(now);
      if (rateWait > 0) {
        this.rateBoundSince ??= now;
        this.backlogSince ??= now;
        // Capped: longer timers fire at once in Node (a tiny rate would spin); pump() re-arms if needed.
        this.timer = this.clock.setTimeout(() => this.pump(), Math.min(rateWait, MAX_TIMER_MS));
        return;
      }
      this.grow(now);
      const waiter = this.queue.shift()!;
      if (waiter.stream) this.leaveStream(waiter.stream);
      const start: Start = { at: now, rejected: false };
      this.starts.push(start);
      this.prune(now);
      this.active += 1;
      // On the grid while the queue keeps the rate busy; a start after a pause longer than a slot begins a new grid.
      const slot = this.lastSlot + 1_000 / this.rate;
      this.lastSlot = now - slot < 1_000 / this.rate ? slot : now;
      waiter.grant(start);
    }
    if (this.queue.length === 0) this.backlogSince = undefined;
  }

  // How long until the rate allows a start: even spacing at the rate, and never more admitted starts in one window
  // than the server admitted before its last 429 (its window is still full of them: a start now would be rejected
  // too). So a 429 holds the others back only until one admitted request leaves the window, not for a Retry-After.
  // The window counts each request from the latest moment the server can have seen it, not from its start: a first
  // request slowed by opening the connection reaches the server late, and the sixth of five a second sent 1 s after
  // it would reach the server less than 1 s after it.
  private rateDelay(now: number): number {
    const spacing = Math.max(0, this.lastSlot + 1_000 / this.rate - now);
    const cap = Math.max(1, Math.ceil((this.rate * this.windowMs) / 1_000 - 1e-9), this.windowAdmitted);
    const admitted: number[] = [];
    // Rejected starts count too: some servers count every arrival, and then a retry into a window full of
    // rejections would be rejected again (and again).
    const span = this.windowMs + WINDOW_GUARD_MS;
    // A request started now reaches the server half the quickest round trip from now, at the earliest.
    const arrives = now + this.halfTripMs();
    for (const start of this.starts) {
      const seenBy = this.seenBy(start, now);
      if (seenBy > arrives - span) admitted.push(seenBy);
    }
    if (admitted.length < cap) return spacing;
    admitted.sort((a, b) => b - a);
    // admitted is newest first: once the cap-th newest leaves, there is room for one more.
    return Math.max(spacing, admitted[cap - 1]! + span - arrives);
  }

  private joinStream(key: string, intervalMs: number): Stream {
    let stream = this.streams.get(key);
    if (!stream) {
      stream = { intervalMs, waiting: 0, lastAt: this.clock.now() };
      this.streams.set(key, stream);
    }
    stream.intervalMs = Math.max(1, intervalMs);
    stream.waiting += 1;
    return stream;
  }

  private leaveStream(stream: Stream): void {
    stream.waiting -= 1;
    stream.lastAt = this.clock.now();
  }

  // Requests a second the streams ask for, each at its cadence while it keeps to it (one neither waiting nor back
  // within two of its intervals has finished, and is forgotten).
  private demand(now: number): number {
    let perSecond = 0;
    for (const [key, stream] of this.streams) {
      if (stream.waiting === 0 && now - stream.lastAt > 2 * stream.intervalMs) this.streams.delete(key);
      else perSecond += 1_000 / stream.intervalMs;
    }
    return perSecond;
  }

  // The latest the server can have counted a request: half the quickest round trip before its answer, or before now
  // while it is in flight (now itself before any answer has come: nothing is known of the way yet).
  private seenBy(start: Start, now: number): number {
    return Math.max(start.at, (start.answeredAt ?? now) - this.halfTripMs());
  }

  private halfTripMs(): number {
    return Number.isFinite(this.minLatencyMs) ? this.minLatencyMs / 2 : 0;
  }

  // Grows the rate by the time the queue waited on it since the last start.
  private grow(now: number): void {
    const since = this.rateBoundSince;
    this.rateBoundSince = undefined;
    if (!this.adaptive || since === undefined || this.rate >= this.ceiling) return;
    // A burst that drains before anyone polls again is no reason to probe for more (see BACKLOG_MS): the backlog is
    // how long the queue has been busy plus how long the requests behind this one will take at the current rate.
    const backlogMs = now - (this.backlogSince ?? since) + ((this.queue.length - 1) * 1_000) / this.rate;
    if (backlogMs <= BACKLOG_MS && this.demand(now) <= this.rate) return;
    const dtMs = Math.min(now - since, 1_000);
    if (this.slowStart) {
      const doubling = Math.max(DOUBLING_MS, 2 * (this.latencyMs ?? 0));
      this.rate *= 2 ** (dtMs / doubling);
    } else {
      this.cubicS += dtMs / 1_000;
      // Relative CUBIC (C scaled by wMax): the same shape, in seconds, whatever the limit.
      const t = this.cubicS - this.cubicK;
      this.rate = Math.max(this.rate, this.wMax * (1 + ((1 - BETA) * t ** 3) / this.cubicK ** 3));
    }
    this.rate = Math.min(this.rate, this.ceiling);
  }

  private throttled(start: Start): void {
    if (start.rejected) return;
    start.rejected = true;
    // Requests that started before the last decrease were sent at the old rate: one decrease per congestion event.
    if (!this.adaptive || start.at < this.lastDecreaseAt) return;
    const now = this.clock.now();
    // The admitted rate: what the server accepted in the window before it rejected this one.
    let admitted = 0;
    for (const s of this.starts)
      if (!s.rejected && s.at >= start.at - this.windowMs && s.at < start.at) admitted++;
    const measured = (admitted * 1_000) / this.windowMs;
    if (now - this.lastDecreaseAt < this.windowMs) {
      // The same congestion event (the server's window has not turned over): refine, do not compound. Each 429
      // in it bounds the limit by what was admitted before it.
      this.windowAdmitted = Math.min(this.windowAdmitted, admitted);
      this.wMax = Math.max(MIN_RATE, Math.min(this.wMax, measured));
      this.rate = Math.max(MIN_RATE, Math.min(this.rate, this.wMax * BETA));
    } else {
      this.windowAdmitted = admitted;
      this.wMax = Math.min(this.ceiling, measured > 0 ? Math.min(measured, this.rate) : this.rate);
      this.rate = Math.max(MIN_RATE, this.wMax * BETA);
      this.lastDecreaseAt = now;
    }
    this.slowStart = false;
    this.cubicS = 0;
    this.cubicK = Math.max(CUBIC_K_S, Math.min(PROBE_EVERY / this.wMax, MAX_K_S));
    this.pump();
  }

  private observeLatency(ms: number): void {
    this.minLatencyMs = Math.min(this.minLatencyMs, ms);
    this.latencyMs = this.latencyMs === undefined ? ms : this.latencyMs * 0.8 + ms * 0.2;
  }

  // Keeps two windows of starts: the admitted-rate measurement looks back one window from a start up to a round trip old.
  private prune(now: number): void {
    const keepFrom = now - 2 * this.windowMs - (this.latencyMs ?? 0);
    let drop = 0;
    while (drop < this.starts.length - 1 && (this.starts[drop]!.answeredAt ?? now) < keepFrom) drop++;
    if (drop > 0) this.starts.splice(0, drop);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }
}
