// The testkit's shared types, on the ground floor: a scenario's timeline steps, the family renderers' seam and the
// snapshot the lifecycle hands them. Types only; importing nothing but the leaf validate.ts, so the scenario, the
// lifecycle and the renderers can all use them without importing each other in a circle.
import type { PlainObject } from './validate.js';

/**
 * One step of a task's lifecycle. The task's current state is the state of the LAST step whose
 * conditions all hold (see {@link TaskScenario.timeline}).
 */
export interface TimelineStep {
  /** Any string: `waiting`, `queuing`, `generating`, `success`, `fail`, or an unknown one such as `paused`. */
  state: string;
  /** Holds once this many ms have passed since the task was added (server start for initial tasks). */
  afterMs?: number;
  /** Holds once this many status queries for the task have been received before the current one. */
  afterPolls?: number;
  /**
   * Market only: `data.progress` (0–100, as documented for sora2) while this step is current. Once any step
   * gives one, every answer of the task carries `progress`: the latest value given so far (0 before the
   * first), and 100 once the state is `success`.
   */
  progress?: number;
}

/** Presets of the market record shape: see {@link TaskScenario.marketShape}. */
export type MarketShape = 'live' | 'docs';

/**
 * Which raw states of a family mean what. States in no list are shown as they are and treated as pending.
 * `callbackFail` states are terminal and show BOTH the results and the error fields (the generation worked,
 * delivering the callback did not): Luma's `successFlag: 4`, Suno's `CALLBACK_EXCEPTION`.
 */
export interface StateTable {
  readonly pending: readonly string[];
  readonly success: readonly string[];
  readonly fail: readonly string[];
  readonly callbackFail?: readonly string[];
}

/** How timestamps are sent: epoch ms (number), `2024-03-20T10:30:00Z`, or `2025-06-06 10:30:00` (UTC, no zone). */
export type TimeFormat = 'epoch-ms' | 'iso' | 'sql';

/**
 * Coarse phase of a raw state, decided by the family's renderer. Everything but `pending` is terminal;
 * `callback-fail` shows results AND error fields (Luma `successFlag: 4`, Suno `CALLBACK_EXCEPTION`).
 */
export type Phase = 'pending' | 'success' | 'fail' | 'callback-fail';

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
  /** Once `fail` or `callback-fail`, else null. */
  failCode: string | null;
  /** Once `fail` or `callback-fail`, else null. */
  failMsg: string | null;
  /** The server's URL (no trailing slash), for default result URLs. */
  serverUrl: string;
  /** Status queries for this task received before the one being answered. */
  pollsBefore: number;
  /** The scenario's `response` with `{{url}}` replaced (undefined: the family's default payload). */
  response: PlainObject | null | undefined;
  /** Timestamp format: the scenario's `timeFormat`, else the family's. */
  timeFormat: TimeFormat;
  /** 4o-image only: key of the URL list in `response`. */
  resultUrlsKey: 'resultUrls' | 'result_urls';
  /** What a renderer shows for a field that does not apply: null, or '' when `nullsWhilePending` is false. */
  blank: null | '';
  /** Envelope message key. */
  messageKey: 'msg' | 'message';
  /** Market: the record's shape choices (live API or older docs, with the scenario's overrides). */
  market: ResolvedMarketShape;
  /** Market: credits consumed (the scenario's or 0.8 once success, 0 once failed, null while pending). */
  creditsConsumed: number | null;
  /** Market, `consumeCredits` naming: remaining credits once terminal, else null. */
  remainedCredits: number | null;
  /** Market: `progress` 0–100, or undefined when the scenario's timeline gives none. */
  progress: number | undefined;
  /** Veo: `response.fullResultUrls` of the default payload, or undefined for none. */
  fullResultUrls: string[] | undefined;
  /** Runway: leave out `data.taskId`. */
  omitTaskId: boolean;
}

/** Every market rendering choice, resolved from a scenario's preset and overrides. */
export interface ResolvedMarketShape {
  /** `operationType`, `successFlag`, `paramJson`, `response` (the live API's extra fields). */
  liveFields: boolean;
  paramInput: 'string' | 'object';
  costTimeUnit: 'seconds' | 'ms';
  creditFields: 'creditsConsumed' | 'consumeCredits' | 'none';
  updateTimeFrom: 'createTime' | 'stateChange';
  /** `resultJson` before success: '' in live bodies, the scenario's blank in the docs shape. */
  resultJsonBlank: null | '';
}

/** How one API family exposes its task records. */
export interface FamilyRenderer {
  /** Name used in `TaskScenario.family`. */
  readonly family: string;
  /** Path of the family's status endpoint (queried with `?taskId=`). */
  readonly statusPath: string;
  /** The family's raw states (timeline `state` strings) by meaning; other states are pending. */
  readonly states: StateTable;
  /** Timeline of scenarios that give none: the family's first success state at once. */
  readonly defaultTimeline: readonly TimelineStep[];
  /** How the family sends timestamps unless the scenario says otherwise. */
  readonly timeFormat: TimeFormat;
  /** The `data` object of a successful status answer. */
  render(snapshot: TaskSnapshot): Record<string, unknown>;
}
