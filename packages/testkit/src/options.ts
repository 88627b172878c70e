// Server options, and loading them from a JSON scenario file (the bin's `--scenario`).
import { readFileSync } from 'node:fs';
import type { RecordedRequest } from './recorded.js';
import { checkScenario } from './scenario.js';
import type { TaskScenario } from './scenario.js';
import {
  ScenarioError,
  expectArray,
  expectNumber,
  expectObject,
  expectOneOf,
  expectString,
  join,
} from './validate.js';

/** A sliding-window limit over all authenticated API requests (everything but `/files/`). */
export interface RateLimitOptions {
  /** Requests allowed within any window of `windowMs`. */
  maxRequests: number;
  windowMs: number;
  /** `Retry-After` value sent with the 429. Default: seconds until the oldest request leaves the window. */
  retryAfterSeconds?: number;
}

/** Options of {@link startFakeKie}. All but `onRequest` are JSON, so a scenario file can hold them. */
export interface FakeKieOptions {
  /** Requests must send `Authorization: Bearer <apiKey>`. Default `'test-key'`. */
  apiKey?: string;
  /** Default `'127.0.0.1'`. */
  host?: string;
  /** Default 0 (an ephemeral port). */
  port?: number;
  /** Tasks known from the start; their clocks start when the server starts listening. */
  tasks?: TaskScenario[];
  /** Excess requests get HTTP 429, a `Retry-After` header and `{code:429,msg:'rate limited',data:null}`. */
  rateLimit?: RateLimitOptions;
  /** `data` of `GET /api/v1/chat/credit`. Default 100. */
  credits?: number;
  /**
   * Answer for task ids the server does not know, both HTTP 200: envelope `{code:422,msg:'recordInfo is null'}`
   * (`'record-null-422'`, the default) or `{code:404,msg:'Task not found'}` (`'not-found-404'`).
   */
  unknownTask?: 'not-found-404' | 'record-null-422';
  /** Lifecycle of tasks created through `POST /api/v1/jobs/createTask`. */
  createdTaskScenario?: Omit<TaskScenario, 'taskId'>;
  /** Called once per request when it is settled (answered, reset, or abandoned); e.g. for logging. */
  onRequest?: (request: RecordedRequest) => void;
}

const OPTION_KEYS = [
  'apiKey',
  'host',
  'port',
  'tasks',
  'rateLimit',
  'credits',
  'unknownTask',
  'createdTaskScenario',
  'onRequest',
] as const;

/**
 * Checks that `x` is valid {@link FakeKieOptions} (as read from a scenario file) and returns it, typed.
 * @throws {ScenarioError} naming the first bad field, e.g. `tasks[2].faults[0].on`.
 */
export function validateOptions(x: unknown): FakeKieOptions {
  const o = expectObject(x, '', OPTION_KEYS);
  const has = (key: string): boolean => o[key] !== undefined;
  if (has('apiKey')) expectString(o['apiKey'], 'apiKey', true);
  if (has('host')) expectString(o['host'], 'host', true);
  if (has('port')) expectNumber(o['port'], 'port', { max: 65535, integer: true });
  if (has('tasks')) {
    const seen = new Set<string>();
    expectArray(o['tasks'], 'tasks').forEach((task, i) => {
      const field = join('tasks', i);
      const { taskId } = checkScenario(task, field, true) as TaskScenario;
      if (seen.has(taskId))
        throw new ScenarioError(join(field, 'taskId'), 'is used by an earlier task', taskId);
      seen.add(taskId);
    });
  }
  if (has('rateLimit')) {
    const r = expectObject(o['rateLimit'], 'rateLimit', ['maxRequests', 'windowMs', 'retryAfterSeconds']);
    expectNumber(r['maxRequests'], 'rateLimit.maxRequests', { min: 1, integer: true });
    expectNumber(r['windowMs'], 'rateLimit.windowMs', { min: 1 });
    if (r['retryAfterSeconds'] !== undefined) {
      expectNumber(r['retryAfterSeconds'], 'rateLimit.retryAfterSeconds', { integer: true });
    }
  }
  if (has('credits')) expectNumber(o['credits'], 'credits', { min: Number.MIN_SAFE_INTEGER });
  if (has('unknownTask')) expectOneOf(o['unknownTask'], 'unknownTask', ['not-found-404', 'record-null-422']);
  if (has('createdTaskScenario')) checkScenario(o['createdTaskScenario'], 'createdTaskScenario', false);
  if (has('onRequest') && typeof o['onRequest'] !== 'function') {
    throw new ScenarioError('onRequest', 'must be a function', o['onRequest']);
  }
  return o;
}

/**
 * Reads and validates a scenario file: JSON holding {@link FakeKieOptions}, e.g. `{ "tasks": [ … ] }`.
 * @throws {ScenarioError} naming the bad field (the message starts with the file name), or a read/parse error.
 */
export function loadScenarioFile(path: string): FakeKieOptions {
  const text = readFileSync(path, 'utf8');
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new Error(`Scenario file ${path} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  try {
    return validateOptions(json);
  } catch (error) {
    if (error instanceof ScenarioError) error.message = `${path}: ${error.message}`;
    throw error;
  }
}
