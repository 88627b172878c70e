/**
 * One scheduler shared by every request of a wait (or of many waits): a concurrency limit, a request-rate limit
 * and a shared cool-down after a 429. Requests are granted strictly first-come first-served, so no task starves
 * while others are polled. The rate limit spaces starts evenly (`windowMs / maxRequests` apart) rather than
 * allowing a burst per window: bursts arrive skewed and trip the server's own window.
 */
import { abortError } from './errors.js';

/** Scheduler limits. */
export interface SchedulerOptions {
  /** Requests in flight at once. Default 8. */
  concurrency?: number;
  /** At most this many requests start per `windowMs`, evenly spaced. Default: no limit. */
  maxRequests?: number;
  /** The rate window. Default 1000 ms. */
  windowMs?: number;
}

const MAX_TIMER_MS = 2_147_483_647;

interface Waiter {
  grant: () => void;
  signal: AbortSignal | undefined;
  onAbort: () => void;
}

/** Shares request capacity fairly between tasks. */
export class Scheduler {
  private readonly concurrency: number;
  private readonly spacingMs: number;
  private active = 0;
  private readonly queue: Waiter[] = [];
  private lastStart = Number.NEGATIVE_INFINITY;
  private coolDownUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: SchedulerOptions = {}) {
    this.concurrency = Math.max(1, options.concurrency ?? 8);
    const maxRequests = Math.max(1, options.maxRequests ?? Number.POSITIVE_INFINITY);
    this.spacingMs = Math.max(1, options.windowMs ?? 1_000) / maxRequests;
  }

  /** Runs `fn` when a slot is free, the rate allows and no cool-down is in force. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    await this.acquire(signal);
    try {
      return await fn();
    } finally {
      this.release();
    }
  }

  /** Pauses every request (queued or future) for `ms`, e.g. after a 429. Never shortens a cool-down in force. */
  coolDown(ms: number): void {
    this.coolDownUntil = Math.max(this.coolDownUntil, Date.now() + ms);
    this.pump();
  }

  private acquire(signal: AbortSignal | undefined): Promise<void> {
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        signal,
        grant: () => {
          signal?.removeEventListener('abort', waiter.onAbort);
          resolve();
        },
        onAbort: () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          this.pump();
          reject(abortError(signal?.reason));
        },
      };
      signal?.addEventListener('abort', waiter.onAbort, { once: true });
      this.queue.push(waiter);
      this.pump();
    });
  }

  private release(): void {
    this.active -= 1;
    this.pump();
  }

  // Grants as many queued requests as the limits allow; otherwise arms one timer for the earliest change.
  private pump(): void {
    this.clearTimer();
    while (this.queue.length > 0 && this.active < this.concurrency) {
      const now = Date.now();
      const wait = this.delayBeforeNextStart(now);
      if (wait > 0) {
        // Capped: longer timers fire at once in Node (a huge Retry-After would spin); pump() re-arms if needed.
        this.timer = setTimeout(() => this.pump(), Math.min(wait, MAX_TIMER_MS));
        return;
      }
      const waiter = this.queue.shift()!;
      this.active += 1;
      this.lastStart = now;
      waiter.grant();
    }
  }

  private delayBeforeNextStart(now: number): number {
    return Math.max(this.lastStart + this.spacingMs - now, this.coolDownUntil - now, 0);
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}
