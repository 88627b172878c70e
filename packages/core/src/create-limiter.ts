/**
 * The create limiter: one per KieClient, shared by every createTask it sends. kie.ai allows 20 creates per 10 s per
 * key and answers 429 beyond that, dropping the request (kie-api.md §13), so creates wait here for a free slot in a
 * sliding window instead of being sent and refused. Waiting is first come, first served, and abortable.
 */
import { abortError, onAbort } from './abort.js';

/** The create window. */
export interface CreateRateLimit {
  /** Creates per window. Default 20 (kie.ai's documented limit). */
  maxRequests?: number;
  /** The window, in ms. Default 10 000. */
  windowMs?: number;
}

// Our times are not kie.ai's arrival times: a later request may travel faster than the one leaving the window,
// so a slot frees a little after the window says.
const MARGIN_MS = 250;

interface Waiter {
  grant: (settle: () => void) => void;
  unsubscribe: (() => void) | undefined;
}

/** One create counted in the window: from its start, then from its answer once that came back. */
interface Slot {
  at: number;
}

/**
 * A sliding-window limiter over creates, each counted from when its answer came back (from its start until then):
 * kie.ai received the request no later than it answered, so however slow the way there (a loaded machine, a slow
 * network), a slot never frees before kie.ai's own window does.
 */
export class CreateLimiter {
  readonly maxRequests: number;
  readonly windowMs: number;
  private readonly starts: Slot[] = [];
  private readonly queue: Waiter[] = [];
  private blockedUntil = 0;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(options: CreateRateLimit = {}) {
    this.maxRequests = Math.max(1, Math.floor(options.maxRequests ?? 20));
    this.windowMs = Math.max(1, options.windowMs ?? 10_000);
  }

  /**
   * Resolves when a create may start (and counts it) with `settle`, to call once its answer (or failure) is back;
   * rejects with an AbortError when `signal` aborts first.
   */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal.reason));
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        unsubscribe: undefined,
        grant: (settle) => {
          waiter.unsubscribe?.();
          resolve(settle);
        },
      };
      if (signal) {
        waiter.unsubscribe = onAbort(signal, () => {
          const index = this.queue.indexOf(waiter);
          if (index >= 0) this.queue.splice(index, 1);
          this.pump();
          reject(abortError(signal.reason));
        });
      }
      this.queue.push(waiter);
      this.pump();
    });
  }

  /**
   * kie.ai refused a create for the rate (another process may share the key): no create starts before
   * `retryAfterMs` (or, without one, before the oldest start leaves the window).
   */
  throttled(retryAfterMs: number | null): void {
    const now = Date.now();
    const until =
      retryAfterMs !== null
        ? now + retryAfterMs
        : this.starts.length > 0
          ? this.starts[0]!.at + this.windowMs + MARGIN_MS
          : now + MARGIN_MS;
    this.blockedUntil = Math.max(this.blockedUntil, until);
    this.pump();
  }

  /** The create's answer is back: its slot counts from now, and the window stays ordered by time. */
  private settle(slot: Slot): void {
    slot.at = Math.max(slot.at, Date.now());
    this.starts.sort((a, b) => a.at - b.at);
    this.pump();
  }

  private pump(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    while (this.queue.length > 0) {
      const now = Date.now();
      const window = this.windowMs + MARGIN_MS;
      while (this.starts.length > 0 && this.starts[0]!.at <= now - window) this.starts.shift();
      let wait = Math.max(0, this.blockedUntil - now);
      if (this.starts.length >= this.maxRequests) {
        wait = Math.max(wait, this.starts[this.starts.length - this.maxRequests]!.at + window - now);
      }
      if (wait > 0) {
        this.timer = setTimeout(() => this.pump(), wait);
        return;
      }
      const slot: Slot = { at: now };
      this.starts.push(slot);
      this.queue.shift()!.grant(() => this.settle(slot));
    }
  }
}
