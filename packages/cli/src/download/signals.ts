/** Small timer and signal helpers for downloads; every timer and listener is cleared on every path. */
import { abortError } from '@kie-task/core';

/** The reason a deadline aborts with. */
export class DeadlineReached extends Error {
  override readonly name = 'DeadlineReached';
}

// setTimeout fires at once for delays above 2^31-1 ms (~24.8 days): treat longer deadlines as none.
const MAX_TIMER_MS = 2_147_483_647;

/** A signal that aborts with its parent, or with DeadlineReached at `deadline` (epoch ms). */
export interface Linked {
  signal: AbortSignal;
  abort(reason: unknown): void;
  dispose(): void;
}

/** Links to `parent` and an optional deadline; `dispose()` removes the listener and the timer. */
export function link(parent: AbortSignal | undefined, deadline?: number): Linked {
  const controller = new AbortController();
  const cleanups: (() => void)[] = [];
  if (parent?.aborted) controller.abort(parent.reason);
  else if (parent) {
    const onAbort = (): void => controller.abort(parent.reason);
    parent.addEventListener('abort', onAbort, { once: true });
    cleanups.push(() => parent.removeEventListener('abort', onAbort));
  }
  if (deadline !== undefined && Number.isFinite(deadline) && !controller.signal.aborted) {
    const ms = deadline - Date.now();
    if (ms <= 0) controller.abort(new DeadlineReached());
    else if (ms <= MAX_TIMER_MS) {
      const timer = setTimeout(() => controller.abort(new DeadlineReached()), ms);
      cleanups.push(() => clearTimeout(timer));
    }
  }
  return {
    signal: controller.signal,
    abort: (reason) => controller.abort(reason),
    dispose: () => cleanups.splice(0).forEach((cleanup) => cleanup()),
  };
}

/** Resolves after `ms`; rejects with an AbortError (cause: the signal's reason) as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.reject(abortError(signal.reason));
  return new Promise((resolve, reject) => {
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal.reason));
    };
    const timer = setTimeout(
      () => {
        signal.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.max(0, ms),
    );
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
