/** How each task's wait ended, whatever the reason: the one model outputs, summary and messages are built from. */
import {
  MARKET_PENDING_ORDER,
  WaitTimeoutError,
  toMarketState,
  type TaskRecord,
  type WaitResult,
} from '@kie-task/core';

/** How a task's wait ended. */
export type OutcomeKind = 'success' | 'fail' | 'timeout' | 'error' | 'cancelled';

/** One task's outcome. */
export interface TaskOutcome {
  taskId: string;
  kind: OutcomeKind;
  /** The terminal record, or the last one seen (null if kie.ai never answered with one). */
  record: TaskRecord | null;
  /** Why the wait ended without a terminal record (timeout, API error, cancel); null otherwise. */
  error: Error | null;
}

/** Turns waitForTasks results into outcomes; `lastSeen` fills in the record for tasks that ended in an error. */
export function outcomesOf(
  results: readonly WaitResult[],
  lastSeen: (taskId: string) => TaskRecord | null,
): TaskOutcome[] {
  return results.map((result): TaskOutcome => {
    if (result.ok) {
      const { record } = result;
      return {
        taskId: result.taskId,
        kind: record.status === 'success' ? 'success' : 'fail',
        record,
        error: null,
      };
    }
    const { error } = result;
    if (error instanceof WaitTimeoutError) {
      return {
        taskId: result.taskId,
        kind: 'timeout',
        record: error.lastRecord ?? lastSeen(result.taskId),
        error,
      };
    }
    const kind = error.name === 'AbortError' ? 'cancelled' : 'error';
    return { taskId: result.taskId, kind, record: lastSeen(result.taskId), error };
  });
}

/** Outcomes when the wait was cancelled as a whole: finished tasks keep their result, the rest are cancelled. */
export function cancelledOutcomes(
  taskIds: readonly string[],
  lastSeen: (taskId: string) => TaskRecord | null,
  reason: Error,
): TaskOutcome[] {
  return taskIds.map((taskId): TaskOutcome => {
    const record = lastSeen(taskId);
    if (record?.status === 'success') return { taskId, kind: 'success', record, error: null };
    if (record?.status === 'failed') return { taskId, kind: 'fail', record, error: null };
    return { taskId, kind: 'cancelled', record, error: reason };
  });
}

/**
 * A record's state for people: the state itself for market tasks; for other families the market word with the
 * family's own value, `fail (3)` or `generating (PENDING)`, unless they read the same (`success`).
 */
export function stateLabel(record: TaskRecord): string {
  const market = toMarketState(record);
  return market.toLowerCase() === record.state.toLowerCase() ? market : `${market} (${record.state})`;
}

/** A failed record's state and code: `fail (400)` for market tasks, `fail (3), code 400` for other families. */
export function failLabel(record: TaskRecord): string {
  const code = record.failCode ?? 'no code';
  return record.family === 'market' ? `${record.state} (${code})` : `${stateLabel(record)}, code ${code}`;
}

/** A task's state in kie.ai's market vocabulary (other families map to success, fail or generating); '' if unseen. */
function marketState(outcome: TaskOutcome): string {
  return outcome.record ? toMarketState(outcome.record) : '';
}

/**
 * The combined state of several tasks: `success` only if all succeeded, `fail` if any failed, else the least
 * advanced state seen (`waiting` < `queuing` < `generating`). An unknown state ranks as `generating` (the task exists
 * and is not finished) but keeps its own name; a task never seen counts as least advanced, `''`. Ties go to the
 * first task in input order.
 */
export function combinedState(outcomes: readonly TaskOutcome[]): string {
  if (outcomes.length > 0 && outcomes.every((o) => o.kind === 'success')) return 'success';
  if (outcomes.some((o) => o.kind === 'fail')) return 'fail';
  const order: readonly string[] = MARKET_PENDING_ORDER;
  let least: { state: string; rank: number } | null = null;
  for (const outcome of outcomes) {
    if (outcome.kind === 'success') continue;
    const state = marketState(outcome);
    const known = order.indexOf(state);
    const rank = state === '' ? -1 : known >= 0 ? known : order.indexOf('generating');
    if (least === null || rank < least.rank) least = { state, rank };
  }
  return least?.state ?? '';
}
