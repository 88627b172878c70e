/** Polling one task until it is done: cadence, the not-visible grace window, the deadline and aborts. */
import { baseInterval, jittered, taskAgeMs, type PollInterval } from './cadence.js';
import { WaitTimeoutError, type KieApiError } from './errors.js';
import { getFamily } from './families/index.js';
import type { PaceBook } from './pacing.js';
import { probeRound } from './auto-family.js';
import { queryTask, type QueryContext, type RetryEvent } from './query.js';
import type { TaskFamily, TaskRecord } from './types.js';
import { isDeadlineAbort, sleep } from './abort.js';

/** Told after every poll. */
export interface WaitProgress {
  taskId: string;
  /** 1-based poll number. */
  attempt: number;
  /** Time since the wait started. */
  elapsedMs: number;
  /** The record this poll returned, or the last one seen when the task was not visible this time (or null). */
  record: TaskRecord | null;
  /** Set when kie.ai answered 404/422 (task not visible yet) and the grace window is still open. */
  notVisible?: KieApiError;
}

/** How one wait paces itself. */
export interface PollSettings {
  interval: PollInterval;
  jitter: number;
  notVisibleGraceMs: number;
  onProgress?: ((progress: WaitProgress) => void) | undefined;
  /** For `family: 'auto'`: the families to probe, in order, until one returns a record. */
  probe?: readonly TaskFamily[] | undefined;
  /**
   * The learned cadence (`interval: 'auto'`): what the batch has learned, and the model when the create call told
   * it. Without it, `interval` is followed as given.
   */
  pacing?: { book: PaceBook; model?: string | undefined } | undefined;
}

/** What a wait has seen of its task so far: read it when the wait throws, to settle the outcome. */
export interface PollState {
  /** Polls made. */
  attempts: number;
  /** The last record seen, or null. */
  record: TaskRecord | null;
}

/**
 * Polls until the task is terminal and resolves with the terminal record. Every sleep and request ends when
 * `query.signal` aborts; an abort caused by the deadline becomes a WaitTimeoutError carrying the last record, the
 * elapsed time and the poll count. `seen` is kept up to date as it goes.
 */
export async function pollUntilDone(
  taskId: string,
  query: QueryContext,
  settings: PollSettings,
  startedAt: number = Date.now(),
  seen: PollState = { attempts: 0, record: null },
): Promise<TaskRecord> {
  let polls = 0;
  let lastRecord: TaskRecord | null = null;
  let lastError: Error | undefined;
  let candidates = settings.probe ? [...settings.probe] : null;
  const context: QueryContext = {
    ...query,
    onRetry: (event: RetryEvent) => {
      lastError = event.error;
      query.onRetry?.(event);
    },
  };
  // When each poll became due: the shared scheduler serves the most overdue poll first.
  let dueAt = Date.now();
  // The gap before the next poll, told to the scheduler as this task's demand: the ramp's first until one is chosen.
  let cadenceMs = Math.max(baseInterval(settings.interval, 0), context.family.minPollIntervalMs ?? 0);
  const pace = settings.pacing?.book.track({ family: context.family.name, model: settings.pacing.model });
  try {
    // A model known from the create call: no need to ask before it can be done.
    const first = settings.pacing?.model ? pace?.next(Date.now() - startedAt, 0) : undefined;
    if (first?.planned) {
      dueAt += first.delayMs;
      await sleep(first.delayMs, query.signal);
    }
    for (;;) {
      polls += 1;
      seen.attempts = polls;
      const pollContext: QueryContext = { ...context, dueAt, cadenceMs };
      // Until a probe finds the family, each poll is a round over the candidates.
      const outcome = candidates
        ? await probeRound(taskId, pollContext, candidates)
        : await queryTask(taskId, pollContext);
      const polledAt = Date.now();
      const elapsedMs = polledAt - startedAt;
      lastError = undefined;
      if (outcome.kind === 'record') {
        lastRecord = outcome.record;
        seen.record = lastRecord;
        pace?.observe(lastRecord, taskAgeMs(lastRecord.createTime, polledAt, elapsedMs));
        if (candidates) {
          context.family = getFamily(lastRecord.family);
          candidates = null;
        }
        settings.onProgress?.({ taskId, attempt: polls, elapsedMs, record: lastRecord });
        if (lastRecord.status !== 'pending') return lastRecord;
      } else {
        // Right after createTask the record may not exist yet; the grace window starts at the first poll.
        if (elapsedMs >= settings.notVisibleGraceMs) throw outcome.error;
        lastError = outcome.error;
        settings.onProgress?.({
          taskId,
          attempt: polls,
          elapsedMs,
          record: lastRecord,
          notVisible: outcome.error,
        });
      }
      // The ramp follows the task's age, not the wait's: a task re-attached long after creation is in the slow band.
      const now = Date.now();
      const age = taskAgeMs(lastRecord?.createTime ?? null, now, now - startedAt);
      const plan = pace?.next(age, polls) ?? {
        delayMs: baseInterval(settings.interval, age),
        planned: false,
      };
      // A planned poll is placed where the task is likely to end: jitter would only add lag.
      const interval = plan.planned ? plan.delayMs : jittered(plan.delayMs, settings.jitter, query.random);
      const delay = Math.max(interval, context.family.minPollIntervalMs ?? 0);
      cadenceMs = delay;
      dueAt = now + delay;
      await sleep(delay, query.signal);
    }
  } catch (error) {
    if (isDeadlineAbort(error)) {
      throw new WaitTimeoutError({ taskId, lastRecord, elapsedMs: Date.now() - startedAt, polls, lastError });
    }
    throw error;
  }
}
