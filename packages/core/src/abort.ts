/**
 * Everything about aborting, in one module: the AbortError every aborted operation rejects with, one listener per
 * signal however many wait on it, a signal linked to parents and a deadline, and the abortable sleep. Every timer
 * and listener is cleared on every path.
 */
import { MAX_TIMER_MS } from './timer-limit.js';

/** Creates the error an aborted operation rejects with: `name === 'AbortError'`, the signal's reason as `cause`. */
export function abortError(reason: unknown): Error {
  const error = new Error(
    reason instanceof Error && reason.message ? `Aborted: ${reason.message}` : 'The operation was aborted',
    { cause: reason },
  );
  error.name = 'AbortError';
  return error;
}

/** The reason a deadline's signal aborts with (the core turns it into a WaitTimeoutError). */
export class DeadlineReached extends Error {
  override readonly name = 'DeadlineReached';
}

// One real listener per signal, fanning out to every subscriber: a batch of 500 tasks shares one signal, and 500
// listeners on it would print MaxListenersExceededWarning in Node (the limit is 10; raising it needs node:events).
interface Hub {
  callbacks: Set<() => void>;
  fire: () => void;
}
const hubs = new WeakMap<AbortSignal, Hub>();

/**
 * Calls `callback` once when `signal` aborts (not if it has already aborted: check `aborted` first); returns the
 * unsubscribe. However many subscribe, the signal carries one listener, removed when the last subscriber leaves.
 */
export function onAbort(signal: AbortSignal, callback: () => void): () => void {
  let hub = hubs.get(signal);
  if (!hub) {
    const callbacks = new Set<() => void>();
    const fire = (): void => {
      hubs.delete(signal);
      for (const cb of [...callbacks]) cb();
      callbacks.clear();
    };
    hub = { callbacks, fire };
    hubs.set(signal, hub);
    signal.addEventListener('abort', fire, { once: true });
  }
  const own = hub;
  // A fresh function per subscription, so the same callback can subscribe twice.
  const entry = (): void => callback();
  own.callbacks.add(entry);
  return () => {
    if (!own.callbacks.delete(entry) || own.callbacks.size > 0) return;
    signal.removeEventListener('abort', own.fire);
    if (hubs.get(signal) === own) hubs.delete(signal);
  };
}

/** A signal derived from parents, with an optional deadline; `dispose()` removes every listener and timer. */
export interface LinkedSignal {
  signal: AbortSignal;
  /** Aborts the linked signal (not the parents). */
  abort(reason: unknown): void;
  dispose(): void;
}

/** Links to `parents` and, when `timeoutMs` is finite, aborts with DeadlineReached after it. */
export function linkSignals(parents: readonly (AbortSignal | undefined)[], timeoutMs?: number): LinkedSignal {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  for (const parent of parents) {
    if (!parent) continue;
    if (parent.aborted) {
      controller.abort(parent.reason);
      break;
    }
    // Through the hub: many waits sharing the caller's signal add one listener to it, not one each.
    cleanups.push(onAbort(parent, () => controller.abort(parent.reason)));
  }
  if (
    timeoutMs !== undefined &&
    Number.isFinite(timeoutMs) &&
    timeoutMs <= MAX_TIMER_MS &&
    !controller.signal.aborted
  ) {
    const timer = setTimeout(() => controller.abort(new DeadlineReached()), Math.max(0, timeoutMs));
    cleanups.push(() => clearTimeout(timer));
  }
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => cleanups.splice(0).forEach((cleanup) => cleanup()),
  };
}

/** True for an AbortError, ours or the runtime's. */
export function isAbortError(error: unknown): error is Error {
  return error instanceof Error && error.name === 'AbortError';
}

/** True when `error` is the AbortError of a signal aborted by a deadline. */
export function isDeadlineAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError' && error.cause instanceof DeadlineReached;
}

/** Resolves after `ms` (at most ~24.8 days); rejects with an AbortError as soon as `signal` aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.reject(abortError(signal.reason));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => {
        unsubscribe?.();
        resolve();
      },
      Math.min(Math.max(0, ms), MAX_TIMER_MS),
    );
    const unsubscribe = signal
      ? onAbort(signal, () => {
          clearTimeout(timer);
          reject(abortError(signal.reason));
        })
      : undefined;
  });
}
