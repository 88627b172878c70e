/** One status query of one task, with the per-request retry policy. */
import { backoffDelay, type ResolvedRetry } from './backoff.js';
import { isNotVisible } from './envelope.js';
import { KieApiError, KieNetworkError, KieParseError } from './errors.js';
import type { TaskFamily } from './families/index.js';
import { send } from './http.js';
import { parseTaskResponse, type TaskRecord } from './record.js';
import type { Scheduler } from './scheduler.js';
import { sleep } from './sleep.js';

/** Everything a status query needs. */
export interface QueryContext {
  fetch: typeof fetch;
  baseUrl: string;
  headers: Record<string, string>;
  family: TaskFamily;
  requestTimeoutMs: number;
  retry: ResolvedRetry;
  scheduler: Scheduler;
  signal: AbortSignal;
  random: () => number;
  /** Told about each retry before its sleep. */
  onRetry?: ((retry: RetryEvent) => void) | undefined;
}

/** A transient failure about to be retried. */
export interface RetryEvent {
  taskId: string;
  error: Error;
  /** 1-based retry number within this poll. */
  retry: number;
  delayMs: number;
}

/** The answer to one poll: a record, or "not visible (yet)" (404/422). */
export type QueryOutcome =
  { kind: 'record'; record: TaskRecord } | { kind: 'not-visible'; error: KieApiError };

/** Queries a task's status, retrying transient failures with backoff; 429 pauses the whole scheduler. */
export async function queryTask(taskId: string, context: QueryContext): Promise<QueryOutcome> {
  const url = context.baseUrl + context.family.statusPath(taskId);
  for (let retry = 1; ; retry++) {
    try {
      const response = await context.scheduler.run(
        () =>
          send(context.fetch, {
            url,
            headers: context.headers,
            signal: context.signal,
            timeoutMs: context.requestTimeoutMs,
          }),
        context.signal,
      );
      const record = parseTaskResponse(response.text, {
        httpStatus: response.status,
        family: context.family.name,
        taskId,
        retryAfterMs: response.retryAfterMs,
      });
      return { kind: 'record', record };
    } catch (error) {
      if (isNotVisible(error)) return { kind: 'not-visible', error };
      if (!isTransient(error) || retry > context.retry.maxRetries) throw error;
      const retryAfterMs = error instanceof KieApiError ? error.retryAfterMs : null;
      const delayMs = backoffDelay(retry, context.retry, retryAfterMs, context.random);
      // A 429 is about the account, not this task: every request waits.
      if (error instanceof KieApiError && error.kind === 'rate-limited') context.scheduler.coolDown(delayMs);
      context.onRetry?.({ taskId, error, retry, delayMs });
      await sleep(delayMs, context.signal);
    }
  }
}

/** Worth sending again: network failures, retryable API codes, and bodies that were not JSON at all (truncated). */
function isTransient(error: unknown): error is Error {
  if (error instanceof KieNetworkError) return true;
  if (error instanceof KieApiError) return error.retryable;
  return error instanceof KieParseError && error.path === '$';
}
