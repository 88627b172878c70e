/**
 * How the Action and the CLI present outcomes, shared so they cannot disagree: a task flattened for JSON (the
 * Action's `tasks` output and the CLI's `--json` print exactly {@link TaskSummary}), state and failure labels for
 * people, the combined state of a batch, credits and durations. Presentation only: the outcome model itself is
 * outcome.ts. Shared through `@kie-task/core/internal`.
 */
import { MARKET_PENDING_ORDER, toMarketState } from './families/market-state.js';
import type { OutcomeKind, TaskOutcome } from './outcome.js';
import type { TaskRecord } from './types.js';

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
