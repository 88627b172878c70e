// Where a task is in its lifecycle at a given moment: pure functions of the scenario, the time the task
// was added, the times of the status queries received so far, and "now".
import { rendererForFamily } from './render/index.js';
import { phaseIn } from './render/common.js';
import { encodeParam, marketShapeOf } from './market-shape.js';
import { DEFAULT_TIMELINE, familyOf } from './scenario.js';
import type { TaskScenario } from './scenario.js';
import type { PlainObject } from './validate.js';
import type { FamilyRenderer, Phase, ResolvedMarketShape, TaskSnapshot, TimelineStep } from './types.js';

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

/** Maps a market state to its phase: only `success` and `fail` are terminal; unknown states are pending. */
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
 * The snapshot of a task at `clock.now`.
 * @param serverUrl replaces `{{url}}` in resultJson/response and prefixes the default result URLs
 * @param renderer the family's renderer (default: the one named by `scenario.family`)
 */
export function snapshotOf(
  scenario: TaskScenario,
  clock: TaskClock,
  serverUrl: string,
  renderer: FamilyRenderer = rendererForFamily(familyOf(scenario)),
): TaskSnapshot {
  const model = scenario.model ?? 'test-model';
  const timeline = scenario.timeline ?? renderer.defaultTimeline;
  const step = currentStep(timeline, clock);
  const market = marketShapeOf(scenario);
  const phase = phaseIn(renderer.states, step.state);
  const terminal = phase !== 'pending';
  const failing = phase === 'fail' || phase === 'callback-fail';
  const completeTime = terminal ? step.since : null;
  const defaultMsg = phase === 'callback-fail' ? 'Callback failed' : 'Generation failed';
  return {
    taskId: scenario.taskId,
    family: renderer.family,
    model,
    param: paramOf(scenario, model, renderer.family, market),
    state: step.state,
    phase,
    createTime: clock.addedAt,
    updateTime: step.since,
    completeTime,
    costTime: completeTime === null ? null : (scenario.costTimeMs ?? completeTime - clock.addedAt),
    resultJson: phase === 'success' ? resultJsonOf(scenario, serverUrl) : null,
    failCode: failing ? (scenario.failCode === undefined ? '500' : scenario.failCode) : null,
    failMsg: failing ? (scenario.failMsg === undefined ? defaultMsg : scenario.failMsg) : null,
    blank: scenario.nullsWhilePending === false ? '' : null,
    messageKey: scenario.messageKey ?? 'msg',
    serverUrl,
    pollsBefore: clock.earlierPolls.length,
    response:
      scenario.response === undefined || scenario.response === null
        ? scenario.response
        : withUrl(scenario.response, serverUrl),
    timeFormat: scenario.timeFormat ?? renderer.timeFormat,
    resultUrlsKey: scenario.resultUrlsKey ?? 'resultUrls',
    market,
    creditsConsumed:
      phase === 'success' ? (scenario.creditsConsumed ?? DEFAULT_CREDITS_CONSUMED) : terminal ? 0 : null,
    remainedCredits: terminal ? (scenario.remainedCredits ?? DEFAULT_REMAINED_CREDITS) : null,
    progress: progressOf(timeline, step.index, phase),
    fullResultUrls: fullResultUrlsOf(scenario, serverUrl),
    omitTaskId: scenario.omitTaskId === true,
  };
}

/** Credits a successful market task reports by default (a z-image task's price in captured bodies). */
const DEFAULT_CREDITS_CONSUMED = 0.8;
/** `remainedCredits` by default: the server's default balance. */
const DEFAULT_REMAINED_CREDITS = 100;

/** The latest `progress` given up to the current step (0 before the first), 100 on success; undefined if none. */
function progressOf(timeline: readonly TimelineStep[], index: number, phase: Phase): number | undefined {
  if (!timeline.some((step) => step.progress !== undefined)) return undefined;
  if (phase === 'success') return 100;
  let progress = 0;
  timeline.slice(0, index + 1).forEach((step) => {
    if (step.progress !== undefined) progress = step.progress;
  });
  return progress;
}

function fullResultUrlsOf(scenario: TaskScenario, serverUrl: string): string[] | undefined {
  const { fullResultUrls } = scenario;
  if (fullResultUrls === undefined || fullResultUrls === false) return undefined;
  const urls =
    fullResultUrls === true
      ? [`{{url}}/files/${encodeURIComponent(scenario.taskId)}-full-0.mp4`]
      : fullResultUrls;
  return urls.map((u) => u.replaceAll('{{url}}', serverUrl));
}

function paramOf(scenario: TaskScenario, model: string, family: string, market: ResolvedMarketShape): string {
  const { param } = scenario;
  if (typeof param === 'string') return param;
  // Market's param is the whole createTask body; the dedicated families keep their generate body.
  if (family !== 'market') return JSON.stringify(param ?? { prompt: 'test prompt' });
  return encodeParam(param ?? { model, input: {} }, market.paramInput);
}

/** A deep copy of `value` with `{{url}}` replaced in every string. */
function withUrl(value: PlainObject, serverUrl: string): PlainObject {
  const walk = (v: unknown): unknown => {
    if (typeof v === 'string') return v.replaceAll('{{url}}', serverUrl);
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v === 'object' && v !== null) {
      return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, walk(x)]));
    }
    return v;
  };
  return walk(value) as PlainObject;
}

function resultJsonOf(scenario: TaskScenario, serverUrl: string): string | null {
  const { resultJson } = scenario;
  if (resultJson === null) return null;
  const base = `{{url}}/files/${encodeURIComponent(scenario.taskId)}`;
  const frames = { firstFrameUrl: [`${base}-first-frame.png`], lastFrameUrl: [`${base}-last-frame.png`] };
  const text =
    resultJson === undefined
      ? JSON.stringify(
          scenario.frameUrls === true
            ? { resultUrls: [`${base}-0.mp4`], ...frames }
            : { resultUrls: [`${base}-0.png`] },
        )
      : typeof resultJson === 'string'
        ? resultJson
        : JSON.stringify(resultJson);
  return text.replaceAll('{{url}}', serverUrl);
}
