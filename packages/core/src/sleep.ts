/** An abortable sleep that never outlives its purpose: the timer and the listener are always cleared. */
import { abortError } from './errors.js';
import { onAbort } from './signals.js';

/** The longest delay a timer can wait (2^31-1 ms, ~24.8 days): Node fires longer ones at once, with a warning. */
export const MAX_TIMER_MS = 2_147_483_647;

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
