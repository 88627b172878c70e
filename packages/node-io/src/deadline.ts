/**
 * A run's one deadline (`@kie-task/node-io/deadline`): the time limit (the Action's `timeout`, the CLI's `--timeout`)
 * and the cancel (SIGINT/SIGTERM, Ctrl-C) as one AbortSignal, created once at the entry point and passed down.
 * I/O without a clock of its own — the proxy's CONNECT and TLS handshake, the GitHub client with its retries and
 * rate-limit sleeps — takes the signal and stops with it. The wait and the downloads, which report a timeout
 * differently from a cancel, read the same deadline's `at`. The signal's reason tells which it was: core's
 * `DeadlineReached` for the time limit, the cancel's own reason otherwise.
 */
import { DeadlineReached, linkSignals } from '@kie-task/core/internal';

/** One run's deadline; see {@link startDeadline}. */
export interface Deadline {
  /** Aborts when the time is up (reason: a DeadlineReached) or when the cancel signal aborts (its reason). */
  readonly signal: AbortSignal;
  /** Epoch milliseconds when the time is up; Infinity for no limit. */
  readonly at: number;
  /** Milliseconds left, never negative; 0 once the signal aborted. */
  remainingMs(): number;
  /** True when the signal aborted because the time was up (not because of a cancel). */
  readonly timedOut: boolean;
  /** Clears the timer and the listener on the cancel signal. The signal keeps its state. */
  dispose(): void;
}

/**
 * Starts the clock: the deadline is `timeoutMs` from now (Infinity, or more than a timer can wait, for none), and
 * it also ends when `cancel` aborts.
 */
export function startDeadline(timeoutMs: number, cancel?: AbortSignal): Deadline {
  if (!(timeoutMs > 0)) throw new RangeError(`timeoutMs must be a positive number, got ${timeoutMs}.`);
  const at = Date.now() + timeoutMs;
  const linked = linkSignals([cancel], timeoutMs);
  return {
    signal: linked.signal,
    at,
    remainingMs: () => (linked.signal.aborted ? 0 : Math.max(0, at - Date.now())),
    get timedOut(): boolean {
      return linked.signal.reason instanceof DeadlineReached;
    },
    dispose: () => linked.dispose(),
  };
}
