/**
 * How a wait ended, for every task: the one model `waitForTask` and `waitForTasks` resolve with, like
 * `Promise.allSettled`. A task succeeded, failed (kie.ai's `fail`), timed out, was stopped by an API error, or was
 * cancelled — always with the last record seen, the polls made and the time waited. Presenters (the Action's log,
 * outputs, summary and comment; the CLI's progress, `--json` and exit codes) all read this, so they cannot disagree.
 */
import { isAbortError } from './abort.js';
import { WaitTimeoutError } from './errors.js';
import type { TaskRecord } from './types.js';

/** How a task's wait ended: `success`, `fail` (kie.ai's own fail state), `timeout`, `error` (an API error), `cancelled`. */
export type OutcomeKind = 'success' | 'fail' | 'timeout' | 'error' | 'cancelled';

/** What every outcome carries. */
interface OutcomeBase {
  taskId: string;
  /** Status polls started for this task (retries of one poll count once), as WaitTimeoutError's `polls`. */
  attempts: number;
  /** Milliseconds from the start of the wait until this task's outcome was known. */
  waitedMs: number;
}

/** kie.ai says the task succeeded: `record.status === 'success'`. */
export interface SucceededOutcome extends OutcomeBase {
  kind: 'success';
  record: TaskRecord;
  error: null;
}

/** kie.ai says the generation failed: `record.status === 'failed'`, with `failCode` and `failMsg`. */
export interface FailedOutcome extends OutcomeBase {
  kind: 'fail';
  record: TaskRecord;
  error: null;
}

/** The deadline (`timeoutMs`) passed first; `record` is the last one seen, or null. */
export interface TimedOutOutcome extends OutcomeBase {
  kind: 'timeout';
  record: TaskRecord | null;
  error: WaitTimeoutError;
}

/**
 * The wait stopped on an error: a `KieApiError` (rejected key, no credits, not visible after the grace window, …), a
 * `KieNetworkError` or `KieParseError` once retries ran out, a `KieResponseError`. An account error seen by one task
 * stops them all.
 */
export interface ErrorOutcome extends OutcomeBase {
  kind: 'error';
  record: TaskRecord | null;
  error: Error;
}

/** `signal` aborted first: `error` is an AbortError whose `cause` is the signal's reason. */
export interface CancelledOutcome extends OutcomeBase {
  kind: 'cancelled';
  record: TaskRecord | null;
  error: Error;
}

/** How one task's wait ended; switch on `kind`. */
export type TaskOutcome =
  SucceededOutcome | FailedOutcome | TimedOutOutcome | ErrorOutcome | CancelledOutcome;

/**
 * For callers who want an exception: the record kie.ai finished the task with (`success` or `failed` — a failed
 * generation is kie.ai's answer, not an error), or the outcome's error thrown: WaitTimeoutError, the API error, or
 * the AbortError.
 * @example
 * const record = recordOrThrow(await kie.waitForTask(taskId));
 */
export function recordOrThrow(outcome: TaskOutcome): TaskRecord {
  if (outcome.kind === 'success' || outcome.kind === 'fail') return outcome.record;
  throw outcome.error;
}

/** What a wait knew of a task when it ended. */
export interface WaitEnd {
  taskId: string;
  attempts: number;
  waitedMs: number;
  /** The last record seen (the terminal one when the task finished), or null. */
  record: TaskRecord | null;
  /** Why the wait ended without a terminal record, or null. */
  error: Error | null;
}

/** Turns how a wait ended into its outcome: by the record's status, or by the error's kind. */
export function settleOutcome(end: WaitEnd): TaskOutcome {
  const { taskId, attempts, waitedMs, record, error } = end;
  const base = { taskId, attempts, waitedMs };
  if (error === null && record && record.status !== 'pending') {
    return record.status === 'success'
      ? { ...base, kind: 'success', record, error: null }
      : { ...base, kind: 'fail', record, error: null };
  }
  const why = error ?? new Error(`The wait for task ${taskId} ended without a final state`);
  if (why instanceof WaitTimeoutError)
    return { ...base, kind: 'timeout', record: why.lastRecord ?? record, error: why };
  if (isAbortError(why)) return { ...base, kind: 'cancelled', record, error: why };
  return { ...base, kind: 'error', record, error: why };
}
