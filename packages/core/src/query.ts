/** One status query of one task, with the per-request retry policy. */
import { backoffDelay, type ResolvedRetry } from './retry-policy.js';
import { isNotVisible } from './envelope.js';
import { abortError, sleep } from './abort.js';
import { KieApiError, KieNetworkError, KieParseError } from './errors.js';
import { send } from './http.js';
import { parseTaskResponse } from './record.js';
import type { TaskFamily, TaskRecord } from './types.js';
import type { Scheduler } from './scheduler.js';

/** Everything a status query needs. */
export interface QueryContext {
  fetch: typeof fetch;
  baseUrl: string;
  headers: Record<string, string>;
  family: TaskFamily;
  requestTimeoutMs: number;
  /** Largest answer read, in bytes. */
  maxResponseBytes: number;
  retry: ResolvedRetry;
  scheduler: Scheduler;
  signal: AbortSignal;
  /** When this poll became due (epoch ms): the scheduler serves the most overdue first. Default: when queued. */
  dueAt?: number | undefined;
  /** How long until this task's next poll, as far as the wait knows: the scheduler's measure of demand. */
  cadenceMs?: number | undefined;
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

/**
 * Queries a task's status, retrying transient failures with backoff. A 429 lowers the scheduler's shared rate but
 * pauses no other task; the rejected request keeps its place and is retried when the server's window frees.
 */
export async function queryTask(taskId: string, context: QueryContext): Promise<QueryOutcome> {
  const url = context.baseUrl + context.family.statusPath(taskId);
  const dueAt = context.dueAt ?? Date.now();
  let throttles = 0;
  for (let retry = 1; ; retry++) {
    try {
      const record = await context.scheduler.run(
        async (slot) => {
          const response = await send(context.fetch, {
            url,
            headers: context.headers,
            signal: context.signal,
            timeoutMs: context.requestTimeoutMs,
            maxResponseBytes: context.maxResponseBytes,
          });
          try {
            return parseTaskResponse(response.text, {
              httpStatus: response.status,
              family: context.family.name,
              taskId,
              retryAfterMs: response.retryAfterMs,
            });
          } catch (error) {
            if (isRateLimited(error)) slot.throttled();
            throw error;
          }
        },
        {
          signal: context.signal,
          dueAt,
          stream:
            context.cadenceMs === undefined ? undefined : { key: taskId, intervalMs: context.cadenceMs },
        },
      );
      return { kind: 'record', record };
    } catch (error) {
      if (isNotVisible(error)) return { kind: 'not-visible', error };
      if (!isTransient(error) || retry > context.retry.maxRetries) throw error;
      const retryAfterMs = error instanceof KieApiError ? error.retryAfterMs : null;
      let delayMs: number;
      if (isRateLimited(error)) {
        // Retry-After says when the server's window frees. Without it the scheduler's lowered rate is the backoff;
        // only a request rejected again and again backs off on its own as well.
        throttles += 1;
        delayMs =
          retryAfterMs ??
          (throttles === 1 ? 0 : backoffDelay(throttles - 1, context.retry, null, context.random));
        // A per-task limit (Suno: 3 queries a second) answers 429 too: never ask the same task faster than it allows.
        delayMs = Math.max(delayMs, context.family.minPollIntervalMs ?? 0);
      } else {
        delayMs = backoffDelay(retry, context.retry, retryAfterMs, context.random);
      }
      context.onRetry?.({ taskId, error, retry, delayMs });
      if (delayMs > 0) await sleep(delayMs, context.signal);
      else if (context.signal.aborted) throw abortError(context.signal.reason);
    }
  }
}

function isRateLimited(error: unknown): error is KieApiError {
  return error instanceof KieApiError && error.kind === 'rate-limited';
}

/** Worth sending again: network failures, retryable API codes, and bodies that were not JSON at all (truncated). */
function isTransient(error: unknown): error is Error {
  if (error instanceof KieNetworkError) return true;
  if (error instanceof KieApiError) return error.retryable;
  return error instanceof KieParseError && error.path === '$';
}
