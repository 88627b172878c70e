// The scenario format: what a fake task does over time. Plain JSON so it can live in a file
// (`kie-fake-server --scenario`) as well as in test code.
import { TIME_FORMATS } from './render/common.js';
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
import type { MarketShape, TimeFormat, TimelineStep } from './types.js';

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
  /**
   * API family, which decides the status path, the raw states and the record shape. Default `'market'`
   * (`/api/v1/jobs/recordInfo`). A task is visible only on its own family's status path.
   */
  family?: string;
  /** Default `'test-model'`. */
  model?: string;
  /**
   * The createTask (or family generate) body; an object is sent as its JSON string, as the real API does
   * (`param` / `paramJson`). Default `{"model":<model>,"input":{}}` for market, `{"prompt":"test prompt"}` else.
   */
  param?: string | Record<string, unknown>;
  /**
   * States are the family's RAW values (`'1'`, `'SUCCESS'`, `'queueing'`, …). Default: the family's success
   * state at once (`[{ state: 'success' }]` for market). With no step holding yet, the first step's state is shown.
   */
  timeline?: TimelineStep[];
  /**
   * Market only. Shown once the state is `success`. An object is sent as its JSON string; a string is sent
   * verbatim (so tests can send broken JSON). `{{url}}` anywhere in it is replaced by the server's URL. Default
   * `{"resultUrls":["<url>/files/<taskId>-0.png"]}`.
   */
  resultJson?: string | Record<string, unknown> | null;
  /**
   * Dedicated families only: the family's result payload (`response`, Runway's `videoInfo`, Midjourney's
   * `resultInfoJson`, MIDI's `midiData`), sent verbatim once the state is success-like; `null` sends null.
   * `{{url}}` in its strings becomes the server's URL. Default: generated, with URLs under `<url>/files/`.
   */
  response?: Record<string, unknown> | null;
  /** `4o-image` only: the key of the URL list in `response`. Default `'resultUrls'`. */
  resultUrlsKey?: 'resultUrls' | 'result_urls';
  /** How timestamps are sent; default per family (market epoch ms, Veo `2025-06-06 10:30:00`, …). */
  timeFormat?: TimeFormat;
  /**
   * Per-task limit on status queries: excess queries get HTTP 200 with envelope 429 and do not count as polls.
   * `true` is Suno's documented 3 queries per second. Default: the server's `perTaskRateLimit` (off).
   */
  perTaskRateLimit?: PerTaskRateLimit;
  /**
   * Shown once the state is failed (the dedicated families' `errorCode`, a number when numeric; Runway's
   * `failCode`). Default `'500'`.
   */
  failCode?: string | null;
  /** Shown once the state is failed (`errorMessage`, Runway's `failMsg`). Default `'Generation failed'`. */
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
  /**
   * Market only: which shape the record takes. `'live'` (default): like bodies logged from the live API
   * (kie-api.md §13): `param.input` double-encoded, `costTime` in seconds, `creditsConsumed`, `updateTime` =
   * `createTime`, `resultJson: ""` while pending, plus `operationType`, `successFlag`, `paramJson`, `response`.
   * `'docs'`: the older documented shape this fake used to send (input as an object, `costTime` in ms, no
   * credits, `updateTime` at the last state change, none of the extra fields). The options below override
   * single aspects of either preset.
   */
  marketShape?: MarketShape;
  /**
   * Market only: how `input` is written inside the `param` JSON string when `param` is an object (or the
   * default): `'string'` (live default) is `{"input":"{\"prompt\":…}",…}` with top-level keys sorted as the
   * live API sends them; `'object'` (docs default) stringifies `param` as given. A string `param` is sent verbatim.
   */
  paramInput?: 'string' | 'object';
  /** Market only: unit of `costTime`: `'seconds'` (live default, rounded) or `'ms'` (docs default). */
  costTimeUnit?: 'seconds' | 'ms';
  /**
   * Market only: credit fields. `'creditsConsumed'` (live default), `'consumeCredits'` (older callback naming:
   * `consumeCredits` + `remainedCredits`), or `'none'` (docs default).
   */
  creditFields?: 'creditsConsumed' | 'consumeCredits' | 'none';
  /** Market only: credits shown once `success` (default 0.8); failed tasks show 0, pending ones null. */
  creditsConsumed?: number;
  /** Market only, with `creditFields: 'consumeCredits'`: `remainedCredits` once terminal (null before). Default 100. */
  remainedCredits?: number;
  /**
   * Market only: `updateTime` is `'createTime'` (live default: a real success callback has updateTime =
   * createTime) or the time of the last `'stateChange'` (docs default).
   */
  updateTimeFrom?: 'createTime' | 'stateChange';
  /**
   * Market only: the default `resultJson` also holds `firstFrameUrl` and `lastFrameUrl` as arrays (the 2026
   * frame variant), and `resultUrls` is a video. Ignored when `resultJson` is given.
   */
  frameUrls?: boolean;
  /**
   * Veo only: the default `response` also holds `fullResultUrls` (the stitched video after `/veo/extend`):
   * `true` for `[<url>/files/<taskId>-full-0.mp4]`, or the URLs to send (`{{url}}` replaced). Not with `response`.
   */
  fullResultUrls?: boolean | string[];
  /** Runway only: leave out `data.taskId` (an older docs example has only `videoInfo.taskId`). */
  omitTaskId?: boolean;
}

/** A per-task limit on status queries: `true` (3 per 1000 ms), `false` (none), or an explicit window. */
export type PerTaskRateLimit = boolean | { maxRequests: number; windowMs: number };

/** Suno's documented limit: at most 3 status queries per second per task. */
const SUNO_QUERY_LIMIT = { maxRequests: 3, windowMs: 1000 } as const;

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
  'response',
  'resultUrlsKey',
  'timeFormat',
  'perTaskRateLimit',
  'marketShape',
  'paramInput',
  'costTimeUnit',
  'creditFields',
  'creditsConsumed',
  'remainedCredits',
  'updateTimeFrom',
  'frameUrls',
  'fullResultUrls',
  'omitTaskId',
] as const;

/** Scenario fields that only the market family reads. */
const MARKET_ONLY = [
  'marketShape',
  'paramInput',
  'costTimeUnit',
  'creditFields',
  'creditsConsumed',
  'remainedCredits',
  'updateTimeFrom',
  'frameUrls',
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
  const family = familyOf(o);
  if (has('model')) expectString(o['model'], at('model'), true);
  if (has('param') && typeof o['param'] !== 'string' && !isPlainObject(o['param'])) {
    throw new ScenarioError(at('param'), 'must be a string or an object', o['param']);
  }
  if (has('timeline')) checkTimeline(o['timeline'], at('timeline'), family);
  checkShapeFields(o, at, family);
  if (has('resultJson') && family !== 'market') {
    throw new ScenarioError(at('resultJson'), `is for the market family; use response for ${family}`);
  }
  if (has('response')) {
    if (family === 'market') {
      throw new ScenarioError(at('response'), 'is for the dedicated families; use resultJson for market');
    }
    if (o['response'] !== null && !isPlainObject(o['response'])) {
      throw new ScenarioError(at('response'), 'must be an object or null', o['response']);
    }
  }
  if (has('resultUrlsKey')) {
    if (family !== '4o-image')
      throw new ScenarioError(at('resultUrlsKey'), 'is for the 4o-image family only');
    expectOneOf(o['resultUrlsKey'], at('resultUrlsKey'), ['resultUrls', 'result_urls']);
  }
  if (has('timeFormat')) expectOneOf(o['timeFormat'], at('timeFormat'), TIME_FORMATS);
  if (has('perTaskRateLimit')) checkPerTaskRateLimit(o['perTaskRateLimit'], at('perTaskRateLimit'));
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

/**
 * Validates a `perTaskRateLimit` value (scenario or server option).
 * @internal
 */
export function checkPerTaskRateLimit(value: unknown, field: string): void {
  if (value === true || value === false) return;
  if (!isPlainObject(value)) {
    throw new ScenarioError(field, 'must be true, false or {maxRequests, windowMs}', value);
  }
  const o = expectObject(value, field, ['maxRequests', 'windowMs']);
  expectNumber(o['maxRequests'], join(field, 'maxRequests'), { min: 1, integer: true });
  expectNumber(o['windowMs'], join(field, 'windowMs'), { min: 1 });
}

/** The window a `perTaskRateLimit` value stands for, or undefined when off. */
export function perTaskLimitOf(
  value: PerTaskRateLimit | undefined,
): { maxRequests: number; windowMs: number } | undefined {
  if (value === undefined || value === false) return undefined;
  return value === true ? SUNO_QUERY_LIMIT : value;
}

function checkTimeline(value: unknown, field: string, family: string): void {
  const steps = expectArray(value, field);
  if (steps.length === 0) throw new ScenarioError(field, 'must have at least one step');
  steps.forEach((step, i) => {
    const at = join(field, i);
    const o = expectObject(step, at, ['state', 'afterMs', 'afterPolls', 'progress']);
    expectString(o['state'], join(at, 'state'), true);
    if (o['afterMs'] !== undefined) expectNumber(o['afterMs'], join(at, 'afterMs'));
    if (o['afterPolls'] !== undefined)
      expectNumber(o['afterPolls'], join(at, 'afterPolls'), { integer: true });
    if (o['progress'] !== undefined) {
      if (family !== 'market') throw new ScenarioError(join(at, 'progress'), 'is for the market family only');
      expectNumber(o['progress'], join(at, 'progress'), { max: 100 });
    }
  });
}

/** The market / Veo / Runway rendering options (see {@link TaskScenario.marketShape}). */
function checkShapeFields(o: Record<string, unknown>, at: (key: string) => string, family: string): void {
  const has = (key: string): boolean => o[key] !== undefined;
  for (const key of MARKET_ONLY) {
    if (has(key) && family !== 'market') throw new ScenarioError(at(key), 'is for the market family only');
  }
  if (has('marketShape')) expectOneOf(o['marketShape'], at('marketShape'), ['live', 'docs']);
  if (has('paramInput')) expectOneOf(o['paramInput'], at('paramInput'), ['string', 'object']);
  if (has('costTimeUnit')) expectOneOf(o['costTimeUnit'], at('costTimeUnit'), ['seconds', 'ms']);
  if (has('creditFields')) {
    expectOneOf(o['creditFields'], at('creditFields'), ['creditsConsumed', 'consumeCredits', 'none']);
  }
  if (has('creditsConsumed')) expectNumber(o['creditsConsumed'], at('creditsConsumed'));
  if (has('remainedCredits')) {
    expectNumber(o['remainedCredits'], at('remainedCredits'), { min: Number.MIN_SAFE_INTEGER });
  }
  if (has('updateTimeFrom')) {
    expectOneOf(o['updateTimeFrom'], at('updateTimeFrom'), ['createTime', 'stateChange']);
  }
  if (has('frameUrls')) expectOneOf(o['frameUrls'], at('frameUrls'), [true, false]);
  if (has('fullResultUrls')) {
    if (family !== 'veo') throw new ScenarioError(at('fullResultUrls'), 'is for the veo family only');
    if (has('response')) {
      throw new ScenarioError(at('fullResultUrls'), 'cannot be combined with response (put it in response)');
    }
    const v = o['fullResultUrls'];
    if (Array.isArray(v)) v.forEach((u, i) => expectString(u, join(at('fullResultUrls'), i), true));
    else expectOneOf(v, at('fullResultUrls'), [true, false]);
  }
  if (has('omitTaskId')) {
    if (family !== 'runway') throw new ScenarioError(at('omitTaskId'), 'is for the runway family only');
    expectOneOf(o['omitTaskId'], at('omitTaskId'), [true, false]);
  }
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

/**
 * Validates a fault's `on`.
 * @internal
 */
export function checkWhen(value: unknown, field: string): void {
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
