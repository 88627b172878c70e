// Server options, and loading them from a JSON scenario file (the bin's `--scenario`).
import { readFileSync } from 'node:fs';
import type { RecordedRequest } from './recorded.js';
import { checkCreateTaskOptions } from './create.js';
import type { CreateTaskOptions } from './create.js';
import { checkPerTaskRateLimit, checkScenario } from './scenario.js';
import type { PerTaskRateLimit, TaskScenario } from './scenario.js';
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
  /** `Retry-After` value sent with the 429. Default: seconds until a slot frees. */
  retryAfterSeconds?: number;
  /** Refused requests count against the window too (some servers do). Default false. */
  countRejected?: boolean;
  /** Send the `Retry-After` header with the 429. Default true; false sends a 429 without it. */
  retryAfterHeader?: boolean;
}

/** What `GET /files/<path>` serves for one path (see {@link FakeKieOptions.files}). */
export interface FileSpec {
  /** HTTP status. Default 200. */
  status?: number;
  /** Default from the extension (`image/png`, `video/mp4`, `audio/mpeg`, `audio/wav`, …), else `application/octet-stream`. */
  contentType?: string;
  /** The body: text, or bytes as `'base64:<data>'`. Default: the tiny PNG. Not with `sizeBytes`. */
  body?: string;
  /** Extra response headers; they override the defaults (even `content-length`). */
  headers?: Record<string, string>;
  /** Stream this many zero bytes instead of a body (with a matching `content-length`). */
  sizeBytes?: number;
  /** Send only this many bytes of the body, then stall (no more data, connection kept open) until the client gives up. */
  stallAfterBytes?: number;
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
  /**
   * Default per-task limit on status queries for every task (a scenario's own `perTaskRateLimit` wins):
   * excess queries get HTTP 200 with envelope 429. `true` is Suno's documented 3 per second. Default off.
   */
  perTaskRateLimit?: PerTaskRateLimit;
  /** What `GET /files/<path>` serves, by path under `/files/` (e.g. `'a.png'`); other paths get the tiny PNG. */
  files?: Record<string, FileSpec>;
  /**
   * Paths under `/files/` that answer 403 (an expired link); the same content stays reachable through a fresh
   * link from `POST /api/v1/common/download-url` (`/files/fresh/<path>`).
   */
  expiredFiles?: string[];
  /**
   * Lifecycle of tasks created through `POST /api/v1/jobs/createTask`; with `family` set, of the tasks that
   * family's create endpoint makes instead (those default to the family's first pending, then success, state).
   */
  createdTaskScenario?: Omit<TaskScenario, 'taskId'>;
  /**
   * createTask's accepted models; the create window (default 20 per 10 s) and faults, shared by every create
   * endpoint (createTask and the families' `…/generate`).
   */
  createTask?: CreateTaskOptions;
  /**
   * Send CORS headers (`Access-Control-Allow-Origin: *`) and answer preflight `OPTIONS` requests, so code running in
   * a browser page can call the fake (kie.ai's own API does not; a browser test of the core against it would fail
   * silently). Default true; `false` for a server that behaves like kie.ai here too.
   */
  cors?: boolean;
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
  'createTask',
  'perTaskRateLimit',
  'files',
  'cors',
  'expiredFiles',
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
  if (has('rateLimit')) checkRateLimit(o['rateLimit'], 'rateLimit');
  if (has('credits')) expectNumber(o['credits'], 'credits', { min: Number.MIN_SAFE_INTEGER });
  if (has('unknownTask')) expectOneOf(o['unknownTask'], 'unknownTask', ['not-found-404', 'record-null-422']);
  if (has('perTaskRateLimit')) checkPerTaskRateLimit(o['perTaskRateLimit'], 'perTaskRateLimit');
  if (has('cors')) expectOneOf(o['cors'], 'cors', [true, false]);
  if (has('files')) {
    const files = expectObject(o['files'], 'files', Object.keys(o['files'] ?? {}));
    for (const [path, spec] of Object.entries(files)) checkFileSpec(path, spec, join('files', path));
  }
  if (has('expiredFiles')) {
    expectArray(o['expiredFiles'], 'expiredFiles').forEach((path, i) => {
      checkFilePath(expectString(path, join('expiredFiles', i), true), join('expiredFiles', i));
    });
  }
  if (has('createdTaskScenario')) checkScenario(o['createdTaskScenario'], 'createdTaskScenario', false);
  if (has('createTask')) checkCreateTaskOptions(o['createTask'], 'createTask');
  if (has('onRequest') && typeof o['onRequest'] !== 'function') {
    throw new ScenarioError('onRequest', 'must be a function', o['onRequest']);
  }
  return o;
}

/**
 * Validates {@link RateLimitOptions} (the `rateLimit` option, or `setRateLimit`'s argument).
 * @internal
 */
export function checkRateLimit(value: unknown, field: string): RateLimitOptions {
  const keys = ['maxRequests', 'windowMs', 'retryAfterSeconds', 'countRejected', 'retryAfterHeader'];
  const r = expectObject(value, field, keys);
  expectNumber(r['maxRequests'], join(field, 'maxRequests'), { min: 1, integer: true });
  expectNumber(r['windowMs'], join(field, 'windowMs'), { min: 1 });
  if (r['retryAfterSeconds'] !== undefined) {
    expectNumber(r['retryAfterSeconds'], join(field, 'retryAfterSeconds'), { integer: true });
  }
  for (const key of ['countRejected', 'retryAfterHeader']) {
    if (r[key] !== undefined) expectOneOf(r[key], join(field, key), [true, false]);
  }
  return r as unknown as RateLimitOptions;
}

const FILE_SPEC_KEYS = ['status', 'contentType', 'body', 'headers', 'sizeBytes', 'stallAfterBytes'];

function checkFilePath(path: string, field: string): void {
  if (path === '' || path.startsWith('/') || path.split('/').includes('..') || path.startsWith('fresh/')) {
    throw new ScenarioError(
      field,
      'must be a path under /files/ without a leading "/", ".." or "fresh/"',
      path,
    );
  }
}

function checkFileSpec(path: string, value: unknown, field: string): void {
  checkFilePath(path, field);
  const o = expectObject(value, field, FILE_SPEC_KEYS);
  const at = (key: string): string => join(field, key);
  if (o['status'] !== undefined)
    expectNumber(o['status'], at('status'), { min: 100, max: 599, integer: true });
  if (o['contentType'] !== undefined) expectString(o['contentType'], at('contentType'), true);
  if (o['body'] !== undefined) expectString(o['body'], at('body'));
  if (o['headers'] !== undefined) {
    const headers = expectObject(o['headers'], at('headers'), Object.keys(o['headers'] ?? {}));
    for (const [name, v] of Object.entries(headers)) expectString(v, join(at('headers'), name));
  }
  if (o['sizeBytes'] !== undefined) {
    expectNumber(o['sizeBytes'], at('sizeBytes'), { integer: true });
    if (o['body'] !== undefined) throw new ScenarioError(at('sizeBytes'), 'cannot be combined with body');
  }
  if (o['stallAfterBytes'] !== undefined) {
    expectNumber(o['stallAfterBytes'], at('stallAfterBytes'), { integer: true });
  }
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
