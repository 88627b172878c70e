// POST /api/v1/jobs/createTask and the dedicated families' create endpoints (family-create.ts): kie.ai's
// validation, the documented create window, faults scripted per create request (shared by every create endpoint),
// and a log of the tasks really created (so tests can prove a client never pays twice).
import { jsonAnswer } from './answer.js';
import type { Answer } from './answer.js';
import { defaultMessage, envelope } from './envelope.js';
import { htmlErrorPage, matchesWhen } from './faults.js';
import type { FamilyCreateEndpoint } from './family-create.js';
import { marketShapeOf } from './market-shape.js';
import { rendererForFamily } from './render/index.js';
import type { FaultWhen, TaskScenario } from './scenario.js';
import { checkWhen } from './scenario.js';
import type { TaskStore } from './tasks.js';
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

/** What a create fault does; `…-after-create` kinds (and `delay`) create the task first, the others do not. */
export type CreateFaultAction =
  /** That HTTP status (e.g. a 429 burst), no task made. Body default `{code:<status>,msg,data:null}`. */
  | { kind: 'http'; status: number; retryAfter?: string; body?: string; contentType?: string }
  /** An nginx-style HTML error page (default 502), no task made. */
  | { kind: 'html'; status?: number }
  /** HTTP 200 with `{code, msg, data:null}`, no task made: 402 credits, 433 subkey limit, 455, 505, … */
  | { kind: 'envelope'; code: number; msg?: string }
  /** The socket is reset before the request is processed: no task made. */
  | { kind: 'reset-before-read' }
  /** The task IS created, then the socket is reset with no answer. */
  | { kind: 'reset-after-create' }
  /** The task IS created, then HTTP `status` (default 502) as an HTML page (default) or a JSON envelope. */
  | { kind: '5xx-after-create'; status?: number; format?: 'html' | 'json' }
  /** The task IS created, then HTTP 200 with `{code:500,msg,data:null}`. */
  | { kind: 'envelope-500-after-create'; msg?: string }
  /** The task IS created, then no answer ever (until the client aborts or the server closes). */
  | { kind: 'hang-after-create' }
  /** The task is created at once; the normal answer is sent after `ms`. */
  | { kind: 'delay'; ms: number };

/**
 * A fault for the createTask requests selected by `on`: 1-based numbers counting the createTask requests that
 * passed auth, the server-wide rate limit and the create window (see {@link RecordedRequest.createAttempt}).
 */
export type CreateFault = { on: FaultWhen } & CreateFaultAction;

/** The `kind` of every create fault. */
const CREATE_FAULT_KINDS = [
  'http',
  'html',
  'envelope',
  'reset-before-read',
  'reset-after-create',
  '5xx-after-create',
  'envelope-500-after-create',
  'hang-after-create',
  'delay',
] as const;

/** The create window: at most `maxRequests` createTask requests in any `windowMs`; excess is dropped. */
export interface CreateWindowOptions {
  maxRequests: number;
  windowMs: number;
  /**
   * How excess creates are refused: `'http'` (default) HTTP 429 + `Retry-After` + `{code:429}`, or `'envelope'`
   * HTTP 200 with `{code:429,msg:'rate limited',data:null}` (no header).
   */
  answer?: 'http' | 'envelope';
  /** Refused creates count against the window too (some servers do). Default false. */
  countRejected?: boolean;
}

/** The documented window: 20 creates per 10 s per key. */
export const DEFAULT_CREATE_WINDOW: CreateWindowOptions = { maxRequests: 20, windowMs: 10_000 };

/** Options of `POST /api/v1/jobs/createTask` ({@link FakeKieOptions.createTask}). */
export interface CreateTaskOptions {
  /**
   * Model ids createTask accepts; any other answers HTTP 200 with
   * `{code:422,msg:'The page does not exist or is not published',data:null}`. Default: every model.
   */
  models?: string[];
  /** The create window; default 20 per 10 s (kie.ai's documented limit); `false` turns it off. */
  window?: CreateWindowOptions | false;
  /** Faults by create request number; the first matching fault wins. */
  faults?: CreateFault[];
}

/** One task really created through createTask or a family's create endpoint, in {@link FakeKie.createdTasks}. */
export interface CreatedTask {
  taskId: string;
  /** `'market'` for createTask, else the family whose endpoint created it (`'veo'`, …). */
  family: string;
  /** The market model; for other families the body's `model` when it is a string, else the family name. */
  model: string;
  /** Market: the body's `input` as sent. Other families: the whole body (their body is the input). */
  input: Record<string, unknown>;
  /** The whole request body as sent. */
  body: Record<string, unknown>;
  /** The body's `callBackUrl`, or null. */
  callBackUrl: string | null;
  /** `Date.now()` when it was created. */
  at: number;
}

/** Envelope 500 is kie.ai's validation answer on createTask (kie-api.md §13). */
const REQUIRED = 'This field is required';
const UNKNOWN_MODEL = 'The page does not exist or is not published';

/**
 * Answers one create request (createTask, or a family's create endpoint) that got past auth and the limits.
 * @param attempt its 1-based create request number, across every create endpoint (what faults' `on` counts)
 * @param endpoint the family's create endpoint, or undefined for createTask
 * @param lifecycle of created market tasks (and of a family's when it names that family)
 * @param log receives every task created
 * @returns the answer and the created task's id (null if none was created)
 */
export function createTask(
  body: string,
  attempt: number,
  options: CreateTaskOptions,
  store: TaskStore,
  lifecycle: Omit<TaskScenario, 'taskId'>,
  log: CreatedTask[],
  now: number,
  endpoint?: FamilyCreateEndpoint,
): { answer: Answer; taskId: string | null } {
  const fault = options.faults?.find((f) => matchesWhen(f.on, attempt));
  const none = (answer: Answer): { answer: Answer; taskId: null } => ({ answer, taskId: null });
  switch (fault?.kind) {
    case 'http': {
      const headers: Record<string, string> = { 'content-type': fault.contentType ?? 'application/json' };
      if (fault.retryAfter !== undefined) headers['retry-after'] = fault.retryAfter;
      const text = fault.body ?? envelope(fault.status, defaultMessage(fault.status), null);
      return none({ type: 'send', status: fault.status, headers, body: text });
    }
    case 'html': {
      const status = fault.status ?? 502;
      return none({
        type: 'send',
        status,
        headers: { 'content-type': 'text/html' },
        body: htmlErrorPage(status),
      });
    }
    case 'envelope':
      return none(jsonAnswer(200, envelope(fault.code, fault.msg ?? defaultMessage(fault.code), null)));
    case 'reset-before-read':
      return none({ type: 'reset' });
    default:
      break;
  }

  let taskId: string;
  if (endpoint) {
    const parsed = parseFamilyBody(body, endpoint);
    if ('error' in parsed) return none(jsonAnswer(200, envelope(parsed.code, parsed.error, null)));
    const { json, model, callBackUrl } = parsed;
    taskId = store.nextId(endpoint.family);
    const family = endpoint.family;
    // The family's record keeps the request verbatim (paramJson); its lifecycle walks pending → success.
    const own = lifecycle.family === family ? lifecycle : familyLifecycle(family);
    store.add({ ...own, family, taskId, model, param: body }, now);
    log.push({
      taskId,
      family,
      model,
      input: structuredClone(json),
      body: structuredClone(json),
      callBackUrl,
      at: now,
    });
  } else {
    const parsed = parseBody(body);
    if ('error' in parsed) return none(jsonAnswer(200, envelope(parsed.code, parsed.error, null)));
    const { model, input, callBackUrl, json } = parsed;
    if (options.models && !options.models.includes(model)) {
      return none(jsonAnswer(200, envelope(422, UNKNOWN_MODEL, null)));
    }
    taskId = store.nextId(model);
    // The live shape re-encodes the body (input double-encoded); the docs shape keeps the body verbatim.
    const param = marketShapeOf(lifecycle).paramInput === 'string' ? json : body;
    store.add({ ...lifecycle, taskId, model, param }, now);
    const sent = structuredClone(json);
    log.push({
      taskId,
      family: 'market',
      model,
      input: structuredClone(input),
      body: sent,
      callBackUrl,
      at: now,
    });
  }
  const ok = (): Answer => jsonAnswer(200, envelope(200, 'success', { taskId }));
  const made = (answer: Answer): { answer: Answer; taskId: string } => ({ answer, taskId });
  switch (fault?.kind) {
    case 'reset-after-create':
      return made({ type: 'reset' });
    case '5xx-after-create': {
      const status = fault.status ?? 502;
      if (fault.format === 'json')
        return made(jsonAnswer(status, envelope(status, defaultMessage(status), null)));
      return made({
        type: 'send',
        status,
        headers: { 'content-type': 'text/html' },
        body: htmlErrorPage(status),
      });
    }
    case 'envelope-500-after-create':
      return made(jsonAnswer(200, envelope(500, fault.msg ?? defaultMessage(500), null)));
    case 'hang-after-create':
      return made({ type: 'hang' });
    case 'delay':
      return made({ type: 'delay', ms: fault.ms, then: ok });
    default:
      return made(ok());
  }
}

type ParsedBody =
  | {
      model: string;
      input: Record<string, unknown>;
      callBackUrl: string | null;
      json: Record<string, unknown>;
    }
  | { error: string; code: number };

/** A family's created task: its first pending state, then its success state a moment later. */
function familyLifecycle(family: string): Omit<TaskScenario, 'taskId'> {
  const renderer = rendererForFamily(family);
  const success = renderer.defaultTimeline[0]?.state ?? renderer.states.success[0] ?? 'success';
  const pending = renderer.states.pending[0];
  return {
    timeline:
      pending === undefined ? [{ state: success }] : [{ state: pending }, { state: success, afterMs: 400 }],
  };
}

type ParsedFamilyBody =
  | { json: Record<string, unknown>; model: string; callBackUrl: string | null }
  | { error: string; code: number };

/** A family's body: a JSON object that passes the family's documented required fields (else envelope 422). */
function parseFamilyBody(body: string, endpoint: FamilyCreateEndpoint): ParsedFamilyBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // 4o Image documents 400 "Format Error - the parameter is not in a valid JSON format".
    return { error: 'Format Error: the parameter is not in a valid JSON format', code: 400 };
  }
  if (!isPlainObject(json)) return { error: 'Format Error: the body must be a JSON object', code: 400 };
  const problem = endpoint.check(json);
  if (problem !== null) return { error: problem, code: 422 };
  const { model, callBackUrl } = json;
  if (callBackUrl !== undefined && callBackUrl !== null && typeof callBackUrl !== 'string') {
    return { error: 'callBackUrl must be a string', code: 422 };
  }
  return {
    json,
    model: typeof model === 'string' && model !== '' ? model : endpoint.family,
    callBackUrl: typeof callBackUrl === 'string' ? callBackUrl : null,
  };
}

/** kie.ai's checks: `model` a non-empty string, `input` an object, `callBackUrl` a string if present. */
function parseBody(body: string): ParsedBody {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { error: 'Invalid JSON body', code: 500 };
  }
  if (!isPlainObject(json)) return { error: REQUIRED, code: 500 };
  const { model, input, callBackUrl } = json;
  if (typeof model !== 'string' || model === '') return { error: REQUIRED, code: 500 };
  if (input === undefined || input === null) return { error: REQUIRED, code: 500 };
  if (!isPlainObject(input)) return { error: 'input must be an object', code: 500 };
  if (callBackUrl !== undefined && callBackUrl !== null && typeof callBackUrl !== 'string') {
    return { error: 'callBackUrl must be a string', code: 500 };
  }
  return { model, input, callBackUrl: typeof callBackUrl === 'string' ? callBackUrl : null, json };
}

/**
 * Validates `createTask` options.
 * @internal
 */
export function checkCreateTaskOptions(value: unknown, field: string): void {
  const o = expectObject(value, field, ['models', 'window', 'faults']);
  const at = (key: string): string => join(field, key);
  if (o['models'] !== undefined) {
    expectArray(o['models'], at('models')).forEach((m, i) => expectString(m, join(at('models'), i), true));
  }
  if (o['window'] !== undefined && o['window'] !== false) {
    const w = expectObject(o['window'], at('window'), ['maxRequests', 'windowMs', 'answer', 'countRejected']);
    expectNumber(w['maxRequests'], join(at('window'), 'maxRequests'), { min: 1, integer: true });
    expectNumber(w['windowMs'], join(at('window'), 'windowMs'), { min: 1 });
    if (w['answer'] !== undefined)
      expectOneOf(w['answer'], join(at('window'), 'answer'), ['http', 'envelope']);
    if (w['countRejected'] !== undefined) {
      expectOneOf(w['countRejected'], join(at('window'), 'countRejected'), [true, false]);
    }
  }
  if (o['faults'] !== undefined) {
    expectArray(o['faults'], at('faults')).forEach((f, i) => checkCreateFault(f, join(at('faults'), i)));
  }
}

const CREATE_FAULT_FIELDS: Record<(typeof CREATE_FAULT_KINDS)[number], readonly string[]> = {
  http: ['status', 'retryAfter', 'body', 'contentType'],
  html: ['status'],
  envelope: ['code', 'msg'],
  'reset-before-read': [],
  'reset-after-create': [],
  '5xx-after-create': ['status', 'format'],
  'envelope-500-after-create': ['msg'],
  'hang-after-create': [],
  delay: ['ms'],
};

function checkCreateFault(value: unknown, field: string): void {
  if (!isPlainObject(value)) throw new ScenarioError(field, 'must be an object', value);
  const kind = expectOneOf(value['kind'], join(field, 'kind'), CREATE_FAULT_KINDS);
  const o = expectObject(value, field, ['on', 'kind', ...CREATE_FAULT_FIELDS[kind]]);
  checkWhen(o['on'], join(field, 'on'));
  const at = (key: string): string => join(field, key);
  const status = { min: 100, max: 599, integer: true };
  if (kind === 'http') expectNumber(o['status'], at('status'), status);
  else if (o['status'] !== undefined) expectNumber(o['status'], at('status'), status);
  for (const key of ['retryAfter', 'body', 'contentType', 'msg']) {
    if (o[key] !== undefined) expectString(o[key], at(key));
  }
  if (kind === 'envelope') expectNumber(o['code'], at('code'), { min: -1e9, integer: true });
  if (kind === 'delay') expectNumber(o['ms'], at('ms'));
  if (o['format'] !== undefined) expectOneOf(o['format'], at('format'), ['html', 'json']);
}
