/**
 * The one model of how a wait ended, for every task: succeeded, failed, timed out, stopped by an API error, or
 * cancelled — with the last record seen. The Action's log, outputs, job summary and comment and the CLI's progress,
 * `--json` and exit codes all read it, so they cannot disagree.
 */
import type { WaitResult } from './client.js';
import { WaitTimeoutError } from './errors.js';
import { MARKET_PENDING_ORDER, toMarketState } from './families/market-state.js';
import type { TaskRecord } from './types.js';
import type { WaitProgress } from './wait.js';

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

/**
 * Follows a wait (feed it every {@link WaitProgress}) and turns its end into outcomes: from `waitForTasks`'
 * results, or — when the whole wait was cancelled — from the last record seen of each task.
 */
export class OutcomeTracker {
  readonly #taskIds: readonly string[];
  readonly #last = new Map<string, TaskRecord>();

  constructor(taskIds: readonly string[]) {
    this.#taskIds = taskIds;
  }

  /** Remembers the record of a poll. */
  observe(progress: WaitProgress): void {
    if (progress.record) this.#last.set(progress.taskId, progress.record);
  }

  /** The last record seen of a task, or null. */
  lastSeen(taskId: string): TaskRecord | null {
    return this.#last.get(taskId) ?? null;
  }

  /**
   * The outcome of every task, in input order. `results` null means the wait as a whole was cancelled (`reason`):
   * tasks already finished keep their result, the others are cancelled with their last state.
   */
  settle(results: readonly WaitResult[] | null, reason?: Error): TaskOutcome[] {
    if (results) return results.map((result) => this.#outcomeOf(result));
    const why = reason ?? new Error('the wait was cancelled');
    return this.#taskIds.map((taskId): TaskOutcome => {
      const record = this.lastSeen(taskId);
      if (record?.status === 'success') return { taskId, kind: 'success', record, error: null };
      if (record?.status === 'failed') return { taskId, kind: 'fail', record, error: null };
      return { taskId, kind: 'cancelled', record, error: why };
    });
  }

  #outcomeOf(result: WaitResult): TaskOutcome {
    const { taskId } = result;
    if (result.ok) {
      const { record } = result;
      return { taskId, kind: record.status === 'success' ? 'success' : 'fail', record, error: null };
    }
    const { error } = result;
    if (error instanceof WaitTimeoutError) {
      return { taskId, kind: 'timeout', record: error.lastRecord ?? this.lastSeen(taskId), error };
    }
    const kind = error.name === 'AbortError' ? 'cancelled' : 'error';
    return { taskId, kind, record: this.lastSeen(taskId), error };
  }
}

/** How long kie.ai took: completeTime − createTime in ms, or null when either is unknown. */
export function taskDurationMs(record: TaskRecord | null | undefined): number | null {
  const created = record?.createTime?.getTime();
  const completed = record?.completeTime?.getTime();
  if (created === undefined || completed === undefined || Number.isNaN(created) || Number.isNaN(completed)) {
    return null;
  }
  return Math.max(0, completed - created);
}

/** Credits for people: `0.8 credits`, `1 credit`. */
export function creditsLabel(credits: number): string {
  const rounded = Math.round(credits * 1000) / 1000;
  return `${rounded} ${rounded === 1 ? 'credit' : 'credits'}`;
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

/**
 * A pending state's rank in the order tasks pass through (`waiting` < `queuing` < `generating`). An unknown state
 * ranks as `generating` (the task exists and is not finished); no state at all (`''`) ranks lowest.
 */
function pendingRank(state: string): number {
  if (state === '') return -1;
  const order: readonly string[] = MARKET_PENDING_ORDER;
  const known = order.indexOf(state);
  return known >= 0 ? known : order.indexOf('generating');
}

/**
 * The combined state of several tasks: `success` only if all succeeded, `fail` if any failed, else the least
 * advanced state seen (see {@link pendingRank}), keeping an unknown state's own name; a task never seen counts as
 * least advanced, `''`. Ties go to the first task in input order.
 */
export function combinedState(outcomes: readonly TaskOutcome[]): string {
  if (outcomes.length > 0 && outcomes.every((o) => o.kind === 'success')) return 'success';
  if (outcomes.some((o) => o.kind === 'fail')) return 'fail';
  let least: { state: string; rank: number } | null = null;
  for (const outcome of outcomes) {
    if (outcome.kind === 'success') continue;
    const state = outcome.record ? toMarketState(outcome.record) : '';
    const rank = pendingRank(state);
    if (least === null || rank < least.rank) least = { state, rank };
  }
  return least?.state ?? '';
}

/** A task flattened for JSON: the Action's `tasks` output and the CLI's `--json` print exactly this. */
export interface TaskSummary {
  taskId: string;
  family: string;
  /** How the wait ended; `pending` only for a single query (`kie-task status`) of an unfinished task. */
  outcome: OutcomeKind | 'pending';
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
  /** {@link taskDurationMs}: how long kie.ai took, from its timestamps. */
  durationMs: number | null;
  /** `costTime` as kie.ai reports it, in seconds (not a second measure of the duration). */
  costTimeSeconds: number | null;
  /** Credits the task cost, when kie.ai says. */
  creditsConsumed: number | null;
  /** Progress in percent while generating, when the family reports it. */
  progress: number | null;
  /** True when the deadline passed before this task finished. */
  timedOut: boolean;
  /** Why no final state is known (timeout, API or network error, cancel), or null. */
  error: string | null;
}

/** Flattens an outcome; `family` names the family of a task never seen (the `family` option, e.g. `auto`). */
export function summarizeOutcome(outcome: TaskOutcome, family = 'market'): TaskSummary {
  const base = outcome.record ? summarizeRecord(outcome.record) : blankSummary(outcome.taskId, family);
  return {
    ...base,
    outcome: outcome.kind,
    timedOut: outcome.kind === 'timeout',
    error: outcome.error?.message ?? null,
  };
}

/** Flattens one record as a single query sees it (`pending` while the task runs). */
export function summarizeRecord(record: TaskRecord): TaskSummary {
  return {
    taskId: record.taskId,
    family: record.family,
    outcome: record.status === 'success' ? 'success' : record.status === 'failed' ? 'fail' : 'pending',
    model: record.model,
    state: toMarketState(record),
    rawState: record.state,
    resultUrls: record.resultUrls,
    failCode: record.failCode,
    failMsg: record.failMsg,
    createTime: isoTime(record.createTime),
    completeTime: isoTime(record.completeTime),
    durationMs: taskDurationMs(record),
    costTimeSeconds: record.costTimeSeconds,
    creditsConsumed: record.creditsConsumed,
    progress: record.progress,
    timedOut: false,
    error: null,
  };
}

function blankSummary(taskId: string, family: string): TaskSummary {
  return {
    taskId,
    family,
    outcome: 'pending',
    model: null,
    state: null,
    rawState: null,
    resultUrls: [],
    failCode: null,
    failMsg: null,
    createTime: null,
    completeTime: null,
    durationMs: null,
    costTimeSeconds: null,
    creditsConsumed: null,
    progress: null,
    timedOut: false,
    error: null,
  };
}

function isoTime(date: Date | null): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
