// Where a task is in its lifecycle at a given moment: pure functions of the scenario, the time the task
// was added, the times of the status queries received so far, and "now".
import { DEFAULT_TIMELINE, familyOf } from './scenario.js';
import type { TaskScenario, TimelineStep } from './scenario.js';

/** The clock of one task when a status query is answered. */
export interface TaskClock {
  /** When the task was added (epoch ms). */
  addedAt: number;
  /** Arrival times of the status queries for this task received BEFORE the one being answered. */
  earlierPolls: readonly number[];
  /** Epoch ms at which the answer is computed. */
  now: number;
}

/** The timeline step in effect. */
export interface CurrentStep {
  /** Index into the timeline. */
  index: number;
  state: string;
  /** Epoch ms at which this step took effect (its conditions started to hold). */
  since: number;
}

/** Coarse phase of a state: only `success` and `fail` are terminal; unknown states are pending. */
export type Phase = 'pending' | 'success' | 'fail';

/** Maps a market state to its phase. */
export function phaseOf(state: string): Phase {
  return state === 'success' || state === 'fail' ? state : 'pending';
}

/**
 * The last step whose conditions hold (a step with no condition always holds). Before any step holds,
 * the first step applies, since the task has to be in some state.
 */
export function currentStep(timeline: readonly TimelineStep[], clock: TaskClock): CurrentStep {
  let found: CurrentStep | undefined;
  timeline.forEach((step, index) => {
    const since = holdsSince(step, clock);
    if (since !== undefined) found = { index, state: step.state, since };
  });
  const first = timeline[0] ?? DEFAULT_TIMELINE[0];
  return found ?? { index: 0, state: first?.state ?? 'success', since: clock.addedAt };
}

/** When the step's conditions began to hold, or undefined if they do not hold at `clock.now`. */
function holdsSince(step: TimelineStep, clock: TaskClock): number | undefined {
  const byTime = clock.addedAt + (step.afterMs ?? 0);
  if (byTime > clock.now) return undefined;
  const polls = step.afterPolls ?? 0;
  if (polls === 0) return byTime;
  // afterPolls: N holds once N queries arrived; take the N-th query's arrival as the moment.
  const nth = clock.earlierPolls[polls - 1];
  return nth === undefined ? undefined : Math.max(byTime, nth);
}

/** False while the task should answer "not visible yet" (`visibleAfterPolls` / `visibleAfterMs`). */
export function isVisible(scenario: TaskScenario, clock: TaskClock): boolean {
  const pollsOk = clock.earlierPolls.length >= (scenario.visibleAfterPolls ?? 0);
  const timeOk = clock.now - clock.addedAt >= (scenario.visibleAfterMs ?? 0);
  return pollsOk && timeOk;
}

/**
 * A family-neutral view of a task at one moment; each family's renderer turns it into its own record shape.
 * Fields that do not apply in the current phase are null here; renderers show them as {@link blank}.
 */
export interface TaskSnapshot {
  taskId: string;
  family: string;
  model: string;
  /** The createTask body as a JSON string. */
  param: string;
  state: string;
  phase: Phase;
  createTime: number;
  /** When the current step took effect. */
  updateTime: number;
  /** updateTime once terminal, else null. */
  completeTime: number | null;
  /** ms, once terminal, else null. */
  costTime: number | null;
  /** The result JSON string once `success`, else null. */
  resultJson: string | null;
  /** Once `fail`, else null. */
  failCode: string | null;
  /** Once `fail`, else null. */
  failMsg: string | null;
  /** What a renderer shows for a field that does not apply: null, or '' when `nullsWhilePending` is false. */
  blank: null | '';
  /** Envelope message key. */
  messageKey: 'msg' | 'message';
}

/**
 * The snapshot of a task at `clock.now`.
 * @param serverUrl replaces `{{url}}` in resultJson and prefixes the default result URL
 */
export function snapshotOf(scenario: TaskScenario, clock: TaskClock, serverUrl: string): TaskSnapshot {
  const model = scenario.model ?? 'test-model';
  const step = currentStep(scenario.timeline ?? DEFAULT_TIMELINE, clock);
  const phase = phaseOf(step.state);
  const terminal = phase !== 'pending';
  const completeTime = terminal ? step.since : null;
  return {
    taskId: scenario.taskId,
    family: familyOf(scenario),
    model,
    param: paramOf(scenario, model),
    state: step.state,
    phase,
    createTime: clock.addedAt,
    updateTime: step.since,
    completeTime,
    costTime: completeTime === null ? null : (scenario.costTimeMs ?? completeTime - clock.addedAt),
    resultJson: phase === 'success' ? resultJsonOf(scenario, serverUrl) : null,
    failCode: phase === 'fail' ? (scenario.failCode === undefined ? '500' : scenario.failCode) : null,
    failMsg:
      phase === 'fail' ? (scenario.failMsg === undefined ? 'Generation failed' : scenario.failMsg) : null,
    blank: scenario.nullsWhilePending === false ? '' : null,
    messageKey: scenario.messageKey ?? 'msg',
  };
}

function paramOf(scenario: TaskScenario, model: string): string {
  const { param } = scenario;
  if (typeof param === 'string') return param;
  return JSON.stringify(param ?? { model, input: {} });
}

function resultJsonOf(scenario: TaskScenario, serverUrl: string): string | null {
  const { resultJson } = scenario;
  if (resultJson === null) return null;
  const text =
    resultJson === undefined
      ? JSON.stringify({ resultUrls: [`{{url}}/files/${encodeURIComponent(scenario.taskId)}-0.png`] })
      : typeof resultJson === 'string'
        ? resultJson
        : JSON.stringify(resultJson);
  return text.replaceAll('{{url}}', serverUrl);
}
