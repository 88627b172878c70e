// The scenario format: what a fake task does over time. Plain JSON so it can live in a file
// (`kie-fake-server --scenario`) as well as in test code.
import { DEFAULT_FAMILY, familyNames } from './render/index.js';
import {
  ScenarioError,
  expectArray,
  expectNumber,
  expectObject,
  expectOneOf,
  expectString,
  isPlainObject,
  join,
} from './validate.js';

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
}

/**
 * Which status queries a fault applies to, by 1-based index among the status queries for THIS task:
 * one index, a list, an inclusive range (`to` omitted = open-ended), or `'always'`.
 */
export type FaultWhen = number | number[] | { from: number; to?: number } | 'always';

/** What a fault does instead of (or before) the normal answer. */
export type FaultAction =
  /** Plain HTTP error, e.g. 429 with `Retry-After: 1`, or 500/502/503 with a JSON or text body. */
  | { kind: 'http'; status: number; retryAfter?: string; body?: string; contentType?: string }
  /** An HTML error page (default status 502), as a reverse proxy would send. */
  | { kind: 'html'; status?: number }
  /** Destroy the socket without answering (the client sees a connection reset). */
  | { kind: 'reset' }
  /** Never answer, until the client gives up or the server closes. */
  | { kind: 'hang' }
  /** HTTP 200 whose JSON body is cut in half. */
  | { kind: 'truncated' }
  /** HTTP 200 with the envelope `{code, msg, data: null}` (401, 402, 404, 422, 455, 500, 501, 505, …). */
  | { kind: 'envelope'; code: number; msg?: string }
  /** Answer normally, but only after `ms` milliseconds. */
  | { kind: 'delay'; ms: number };

/** A fault injected into the status queries selected by `on`. */
export type Fault = { on: FaultWhen } & FaultAction;

/** The `kind` of every fault. */
export const FAULT_KINDS = ['http', 'html', 'reset', 'hang', 'truncated', 'envelope', 'delay'] as const;

/** A scripted fake task. Everything but `taskId` is optional. */
export interface TaskScenario {
  /** The id clients query. */
  taskId: string;
  /** API family, which decides the status path and record shape. Default `'market'` (`/api/v1/jobs/recordInfo`). */
  family?: string;
  /** Default `'test-model'`. */
  model?: string;
  /** The createTask body; an object is sent as its JSON string, as the real API does. Default `{"model":<model>,"input":{}}`. */
  param?: string | Record<string, unknown>;
  /** Default `[{ state: 'success' }]`. With no step holding yet, the first step's state is shown. */
  timeline?: TimelineStep[];
  /**
   * Shown once the state is `success`. An object is sent as its JSON string; a string is sent verbatim (so tests
   * can send broken JSON). `{{url}}` anywhere in it is replaced by the server's URL. Default
   * `{"resultUrls":["<url>/files/<taskId>-0.png"]}`.
   */
  resultJson?: string | Record<string, unknown> | null;
  /** Shown once the state is `fail`. Default `'500'`. */
  failCode?: string | null;
  /** Shown once the state is `fail`. Default `'Generation failed'`. */
  failMsg?: string | null;
  /** `costTime` once terminal. Default: completeTime − createTime. */
  costTimeMs?: number;
  /** The first N status queries answer "not visible yet" (like the real API right after createTask). */
  visibleAfterPolls?: number;
  /** Status queries answer "not visible yet" until this many ms after the task was added. */
  visibleAfterMs?: number;
  /** Envelope code of the "not visible yet" answer (HTTP 200 either way). Default 422. */
  notVisibleCode?: 404 | 422;
  /** Faults for chosen status queries; the first matching fault wins. */
  faults?: Fault[];
  /** Key of the envelope message (the real API uses both). Default `'msg'`. */
  messageKey?: 'msg' | 'message';
  /**
   * Default true: fields that do not apply (yet) — failCode/failMsg/completeTime/resultJson — are `null`, as on the
   * per-model doc pages; false sends `""` instead, as on the unified Query Task page.
   */
  nullsWhilePending?: boolean;
}

/** The default lifecycle: done at once. */
export const DEFAULT_TIMELINE: readonly TimelineStep[] = [{ state: 'success' }];

const SCENARIO_KEYS = [
  'taskId',
  'family',
  'model',
  'param',
  'timeline',
  'resultJson',
  'failCode',
  'failMsg',
  'costTimeMs',
  'visibleAfterPolls',
  'visibleAfterMs',
  'notVisibleCode',
  'faults',
  'messageKey',
  'nullsWhilePending',
] as const;

/**
 * Checks that `x` is a valid {@link TaskScenario} and returns it, typed.
 * @throws {ScenarioError} naming the first bad field, e.g. `timeline[1].afterMs`.
 */
export function validateScenario(x: unknown): TaskScenario {
  return checkScenario(x, '', true) as TaskScenario;
}

/**
 * Validates a scenario found at `field`. `needsTaskId` is false for `createdTaskScenario`, where the server
 * assigns the id (a `taskId` there is rejected, since it would be ignored).
 * @internal
 */
export function checkScenario(
  x: unknown,
  field: string,
  needsTaskId: boolean,
): TaskScenario | Omit<TaskScenario, 'taskId'> {
  const keys = needsTaskId ? SCENARIO_KEYS : SCENARIO_KEYS.filter((k) => k !== 'taskId');
  const o = expectObject(x, field, keys);
  const at = (key: string): string => join(field, key);
  // `undefined` counts as absent, so JS callers can spread optional values freely.
  const has = (key: string): boolean => o[key] !== undefined;

  if (needsTaskId) expectString(o['taskId'], at('taskId'), true);
  if (has('family')) expectOneOf(o['family'], at('family'), familyNames());
  if (has('model')) expectString(o['model'], at('model'), true);
  if (has('param') && typeof o['param'] !== 'string' && !isPlainObject(o['param'])) {
    throw new ScenarioError(at('param'), 'must be a string or an object', o['param']);
  }
  if (has('timeline')) checkTimeline(o['timeline'], at('timeline'));
  if (has('resultJson') && o['resultJson'] !== null) {
    if (typeof o['resultJson'] !== 'string' && !isPlainObject(o['resultJson'])) {
      throw new ScenarioError(at('resultJson'), 'must be a string, an object or null', o['resultJson']);
    }
  }
  for (const key of ['failCode', 'failMsg']) {
    if (has(key) && o[key] !== null) expectString(o[key], at(key));
  }
  if (has('costTimeMs')) expectNumber(o['costTimeMs'], at('costTimeMs'));
  if (has('visibleAfterPolls'))
    expectNumber(o['visibleAfterPolls'], at('visibleAfterPolls'), { integer: true });
  if (has('visibleAfterMs')) expectNumber(o['visibleAfterMs'], at('visibleAfterMs'));
  if (has('notVisibleCode')) expectOneOf(o['notVisibleCode'], at('notVisibleCode'), [404, 422]);
  if (has('faults')) {
    expectArray(o['faults'], at('faults')).forEach((f, i) => checkFault(f, join(at('faults'), i)));
  }
  if (has('messageKey')) expectOneOf(o['messageKey'], at('messageKey'), ['msg', 'message']);
  if (has('nullsWhilePending')) expectOneOf(o['nullsWhilePending'], at('nullsWhilePending'), [true, false]);
  return o;
}

/** The family of a scenario, defaulted. */
export function familyOf(scenario: Pick<TaskScenario, 'family'>): string {
  return scenario.family ?? DEFAULT_FAMILY;
}

function checkTimeline(value: unknown, field: string): void {
  const steps = expectArray(value, field);
  if (steps.length === 0) throw new ScenarioError(field, 'must have at least one step');
  steps.forEach((step, i) => {
    const at = join(field, i);
    const o = expectObject(step, at, ['state', 'afterMs', 'afterPolls']);
    expectString(o['state'], join(at, 'state'), true);
    if (o['afterMs'] !== undefined) expectNumber(o['afterMs'], join(at, 'afterMs'));
    if (o['afterPolls'] !== undefined)
      expectNumber(o['afterPolls'], join(at, 'afterPolls'), { integer: true });
  });
}

/** Fields each fault kind accepts besides `on` and `kind`. */
const FAULT_FIELDS: Record<(typeof FAULT_KINDS)[number], readonly string[]> = {
  http: ['status', 'retryAfter', 'body', 'contentType'],
  html: ['status'],
  reset: [],
  hang: [],
  truncated: [],
  envelope: ['code', 'msg'],
  delay: ['ms'],
};

function checkFault(value: unknown, field: string): void {
  if (!isPlainObject(value)) throw new ScenarioError(field, 'must be an object', value);
  const kind = expectOneOf(value['kind'], join(field, 'kind'), FAULT_KINDS);
  const o = expectObject(value, field, ['on', 'kind', ...FAULT_FIELDS[kind]]);
  checkWhen(o['on'], join(field, 'on'));
  const at = (key: string): string => join(field, key);
  const status = { min: 100, max: 599, integer: true };
  switch (kind) {
    case 'http':
      expectNumber(o['status'], at('status'), status);
      for (const key of ['retryAfter', 'body', 'contentType']) {
        if (o[key] !== undefined) expectString(o[key], at(key));
      }
      break;
    case 'html':
      if (o['status'] !== undefined) expectNumber(o['status'], at('status'), status);
      break;
    case 'envelope':
      expectNumber(o['code'], at('code'), { min: -1e9, integer: true });
      if (o['msg'] !== undefined) expectString(o['msg'], at('msg'));
      break;
    case 'delay':
      expectNumber(o['ms'], at('ms'));
      break;
    case 'reset':
    case 'hang':
    case 'truncated':
      break;
  }
}

function checkWhen(value: unknown, field: string): void {
  const index = { min: 1, integer: true };
  if (value === 'always') return;
  if (typeof value === 'number') {
    expectNumber(value, field, index);
  } else if (Array.isArray(value)) {
    if (value.length === 0) throw new ScenarioError(field, 'must not be an empty list');
    value.forEach((n, i) => expectNumber(n, join(field, i), index));
  } else if (isPlainObject(value)) {
    const o = expectObject(value, field, ['from', 'to']);
    const from = expectNumber(o['from'], join(field, 'from'), index);
    if (o['to'] !== undefined) expectNumber(o['to'], join(field, 'to'), { min: from, integer: true });
  } else {
    throw new ScenarioError(field, "must be a poll number, a list of them, {from, to?} or 'always'", value);
  }
}
