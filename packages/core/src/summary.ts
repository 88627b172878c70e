/**
 * One plain, JSON-ready object per task: what the Action's `tasks` output and the CLI's `--json` print, so both
 * speak the same shape.
 */
import type { WaitResult } from './client.js';
import { WaitTimeoutError } from './errors.js';
import { toMarketState } from './families/market-state.js';
import type { TaskRecord } from './record.js';

/** A task's outcome, flattened for JSON. */
export interface TaskSummary {
  taskId: string;
  family: string;
  model: string | null;
  /** The state in kie.ai's market vocabulary (`success`, `fail`, `waiting`, `queuing`, `generating`, …). */
  state: string | null;
  /** The family's own state value (`3`, `GENERATE_AUDIO_FAILED`, …); equals `state` for market tasks. */
  rawState: string | null;
  resultUrls: string[];
  failCode: string | null;
  failMsg: string | null;
  /** ISO 8601 times, or null. */
  createTime: string | null;
  completeTime: string | null;
  /** completeTime − createTime, or null. */
  durationMs: number | null;
  /** True when the deadline passed before this task finished. */
  timedOut: boolean;
  /** Why no final state is known (timeout, API or network error), or null. */
  error: string | null;
}

/** Flattens a record. */
export function summarizeRecord(record: TaskRecord): TaskSummary {
  const created = record.createTime?.getTime();
  const completed = record.completeTime?.getTime();
  return {
    taskId: record.taskId,
    family: record.family,
    model: record.model,
    state: toMarketState(record),
    rawState: record.state,
    resultUrls: record.resultUrls,
    failCode: record.failCode,
    failMsg: record.failMsg,
    createTime: record.createTime?.toISOString() ?? null,
    completeTime: record.completeTime?.toISOString() ?? null,
    durationMs: created !== undefined && completed !== undefined ? completed - created : null,
    timedOut: false,
    error: null,
  };
}

/** Flattens one entry of waitForTasks; a timed-out task keeps the last record it was seen with. */
export function summarizeResult(result: WaitResult, family = 'market'): TaskSummary {
  if (result.ok) return summarizeRecord(result.record);
  const error = result.error;
  const timedOut = error instanceof WaitTimeoutError;
  const last = timedOut ? error.lastRecord : null;
  const base: TaskSummary = last
    ? summarizeRecord(last)
    : {
        taskId: result.taskId,
        family,
        model: null,
        state: null,
        rawState: null,
        resultUrls: [],
        failCode: null,
        failMsg: null,
        createTime: null,
        completeTime: null,
        durationMs: null,
        timedOut: false,
        error: null,
      };
  return { ...base, timedOut, error: error.message };
}
