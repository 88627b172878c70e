/** Signal plumbing: one signal that aborts on the caller's signal, a group stop, or the wait's deadline. */
import { MAX_TIMER_MS } from './sleep.js';

/** The reason a deadline's signal aborts with (the core turns it into a WaitTimeoutError). */
export class DeadlineReached extends Error {
  override readonly name = 'DeadlineReached';
}

// Callers reject finite deadlines longer than a timer can wait.

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
    const onAbort = (): void => controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => parent.removeEventListener('abort', onAbort));
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

/** True when `error` is the AbortError of a signal aborted by a deadline. */
export function isDeadlineAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError' && error.cause instanceof DeadlineReached;
}
