// HTTP wiring: record each request, check auth and rate limit, route, and carry out the chosen Answer.
import { createServer } from 'node:http';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Answer } from './answer.js';
import { jsonAnswer } from './answer.js';
import { envelope } from './envelope.js';
import { downloadUrl, file } from './files.js';
import { DEFAULT_CREATE_WINDOW, createTask } from './create.js';
import { familyCreateAt } from './family-create.js';
import type { CreatedTask } from './create.js';
import { checkRateLimit, validateOptions } from './options.js';
import type { FakeKieOptions, RateLimitOptions } from './options.js';
import { SlidingWindowLimiter } from './rate-limit.js';
import type { RecordedRequest } from './recorded.js';
import { isStatusPath, rendererForPath } from './render/index.js';
import {
  DEFAULT_CREATED_SCENARIO,
  credit,
  missingTaskId,
  notFound,
  rateLimited,
  tooLarge,
  unauthorized,
} from './routes.js';
import { familyOf, perTaskLimitOf, validateScenario } from './scenario.js';
import type { TaskScenario } from './scenario.js';
import { answerStatusQuery, unknownTaskAnswer } from './status.js';
import { TaskStore } from './tasks.js';

/** A running fake kie.ai server. */
export interface FakeKie {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:43123`. */
  readonly url: string;
  /** The key requests must send as `Authorization: Bearer <apiKey>`. */
  readonly apiKey: string;
  /**
   * (Re)defines a task; its clock and poll count start now.
   * @throws {ScenarioError} if the scenario is malformed
   */
  addTask(scenario: TaskScenario): void;
  /** Every request received, in arrival order. A live array: it grows as requests arrive. */
  readonly requests: RecordedRequest[];
  /** The status queries for `taskId` (including ones refused by auth or the rate limit), in order. */
  requestsFor(taskId: string): RecordedRequest[];
  /**
   * Every task really created through createTask or a family's create endpoint (`/api/v1/veo/generate`, …), in
   * order (a live array): the proof that a client created a
   * task exactly once. Requests refused before creating (validation, limits, `reset-before-read`, …) add nothing;
   * `…-after-create` faults do add their task.
   */
  readonly createdTasks: CreatedTask[];
  /**
   * Replaces the server-wide rate limit while the server runs (`null` turns it off and forgets its history).
   * The log of recent requests is kept, so a lower limit applies to the traffic of the current window at once.
   * @throws {ScenarioError} if the options are malformed
   */
  setRateLimit(options: RateLimitOptions | null): void;
  /** How many status queries and createTask requests passed or were refused by a rate limit, so far. */
  counts(): RequestCounts;
  /** Forgets all tasks, recorded requests, created tasks, counts and rate-limit history. */
  reset(): void;
  /** Stops the server promptly: open sockets are destroyed, hung and delayed requests included. Idempotent. */
  close(): Promise<void>;
}

/** Counts of requests that got past auth, by outcome against the rate limits ({@link FakeKie.counts}). */
export interface RequestCounts {
  /** Status queries (any family's status path) that passed the server-wide and per-task limits. */
  statusAccepted: number;
  /** Status queries refused by the server-wide `rateLimit` or a `perTaskRateLimit`. */
  statusRejected: number;
  /** Create requests (createTask and the families' create endpoints) that passed the server-wide limit and the create window. */
  createAccepted: number;
  /** Create requests refused by the server-wide `rateLimit` or the create window (no task made). */
  createRejected: number;
}

/** Bodies beyond this are refused: the fake only ever needs small JSON. */
const MAX_BODY_BYTES = 1024 * 1024;
const CREATE_TASK_PATH = '/api/v1/jobs/createTask';
const CREDIT_PATH = '/api/v1/chat/credit';
const DOWNLOAD_URL_PATH = '/api/v1/common/download-url';
/** Chunk size when streaming configured files. */
const STREAM_CHUNK = 64 * 1024;
const FILES_PREFIX = '/files/';
/** On every answer when `cors` is on: any origin may read it (the fake holds no one's data). */
const CORS_HEADERS = { 'access-control-allow-origin': '*', 'access-control-expose-headers': 'Retry-After' };
/** The answer to a preflight: the methods and headers kie-task's clients send. */
const PREFLIGHT_HEADERS = {
  ...CORS_HEADERS,
  'access-control-allow-methods': 'GET, POST, HEAD, OPTIONS',
  'access-control-allow-headers': 'Authorization, Content-Type',
  'access-control-max-age': '600',
};

/**
 * Starts a fake kie.ai server on loopback.
 * @throws {ScenarioError} if the options or a task scenario are malformed; listen errors (e.g. EADDRINUSE)
 */
export async function startFakeKie(given: FakeKieOptions = {}): Promise<FakeKie> {
  validateOptions(given);
  // A private copy: later edits to the caller's object must not change a running server.
  const { onRequest, ...data } = given;
  const options: Omit<FakeKieOptions, 'onRequest'> = structuredClone(data);
  const apiKey = options.apiKey ?? 'test-key';
  const host = options.host ?? '127.0.0.1';
  const store = new TaskStore();
  let rateLimit = options.rateLimit;
  let limiter = rateLimit ? new SlidingWindowLimiter(rateLimit) : undefined;
  const createOptions = options.createTask ?? {};
  const createWindow = createOptions.window === undefined ? DEFAULT_CREATE_WINDOW : createOptions.window;
  const createLimiter = createWindow ? new SlidingWindowLimiter(createWindow) : undefined;
  const createdTasks: CreatedTask[] = [];
  const counts: RequestCounts = {
    statusAccepted: 0,
    statusRejected: 0,
    createAccepted: 0,
    createRejected: 0,
  };
  let createAttempts = 0;
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();
  const fileTable = { files: options.files ?? {}, expired: options.expiredFiles ?? [] };
  let url = '';
  let closing: Promise<void> | undefined;
  const cors = options.cors ?? true;

  const route = (req: IncomingMessage, record: RecordedRequest): Answer => {
    const { path, method } = record;
    // A browser's preflight carries no Authorization header: answered before the key is checked.
    if (cors && method === 'OPTIONS')
      return { type: 'send', status: 204, headers: PREFLIGHT_HEADERS, body: '' };
    if (path.startsWith(FILES_PREFIX) && (method === 'GET' || method === 'HEAD')) {
      // Result files are public on the real CDN; clients must not send the API key there.
      return file(path.slice(FILES_PREFIX.length), record.query, fileTable, Date.now());
    }
    if (!authorized(req.headers.authorization, apiKey)) return unauthorized();
    const renderer = rendererForPath(path);
    // createTask and every family's create endpoint share the create window, the faults and the log.
    const familyCreate = method === 'POST' ? familyCreateAt(path) : undefined;
    const isCreate = (path === CREATE_TASK_PATH && method === 'POST') || familyCreate !== undefined;
    const decision = limiter?.take(Date.now());
    if (decision && !decision.allowed) {
      record.limitedBy = 'rate-limit';
      if (renderer) counts.statusRejected += 1;
      if (isCreate) counts.createRejected += 1;
      return rateLimited(rateLimit?.retryAfterHeader === false ? undefined : decision.retryAfterSeconds);
    }

    if (renderer && method === 'GET') {
      const taskId = record.taskId;
      if (!taskId) {
        counts.statusAccepted += 1;
        return missingTaskId();
      }
      const task = store.get(taskId);
      // A task is visible only on its own family's path (clients probing families rely on this).
      if (!task || familyOf(task.scenario) !== renderer.family) {
        counts.statusAccepted += 1;
        return unknownTaskAnswer(options.unknownTask ?? 'record-null-422');
      }
      const limit = perTaskLimitOf(task.scenario.perTaskRateLimit ?? options.perTaskRateLimit);
      if (limit) {
        task.queryLimiter ??= new SlidingWindowLimiter(limit);
        if (!task.queryLimiter.take(record.at).allowed) {
          record.limitedBy = 'per-task';
          counts.statusRejected += 1;
          const message = `Too many requests: at most ${limit.maxRequests} queries per ${limit.windowMs} ms per task`;
          return jsonAnswer(200, envelope(429, message, null, task.scenario.messageKey ?? 'msg'));
        }
      }
      counts.statusAccepted += 1;
      // Every status query that reaches the task counts as a poll, whatever it is answered with.
      const earlierPolls = task.polls.slice();
      task.polls.push(record.at);
      record.poll = task.polls.length;
      return answerStatusQuery(task, renderer, earlierPolls, url, Date.now);
    }
    if (isCreate) {
      const window = createLimiter?.take(Date.now());
      if (window && !window.allowed) {
        // Dropped, not queued (kie-api.md §13): no task is made.
        record.limitedBy = 'create-window';
        counts.createRejected += 1;
        if (createWindow && createWindow.answer === 'envelope') {
          return jsonAnswer(200, envelope(429, 'rate limited', null));
        }
        return rateLimited(window.retryAfterSeconds);
      }
      counts.createAccepted += 1;
      createAttempts += 1;
      record.createAttempt = createAttempts;
      const created = createTask(
        record.body,
        createAttempts,
        createOptions,
        store,
        options.createdTaskScenario ?? DEFAULT_CREATED_SCENARIO,
        createdTasks,
        Date.now(),
        familyCreate,
      );
      record.taskId = created.taskId;
      return created.answer;
    }
    if (path === CREDIT_PATH && method === 'GET') return credit(options.credits ?? 100);
    if (path === DOWNLOAD_URL_PATH && method === 'POST') return downloadUrl(record.body, url, Date.now());
    return notFound();
  };

  const carryOut = (answer: Answer, res: ServerResponse, record: RecordedRequest): void => {
    if (closing || res.destroyed) return;
    switch (answer.type) {
      case 'send': {
        record.status = answer.status;
        const body = typeof answer.body === 'string' ? Buffer.from(answer.body) : answer.body;
        res.writeHead(answer.status, {
          ...answer.headers,
          ...(cors ? CORS_HEADERS : {}),
          'content-length': String(body.length),
        });
        res.end(record.method === 'HEAD' ? undefined : body);
        return;
      }
      case 'stream': {
        record.status = answer.status;
        res.writeHead(answer.status, { ...answer.headers, ...(cors ? CORS_HEADERS : {}) });
        if (record.method === 'HEAD') {
          res.end();
          return;
        }
        streamBody(res, answer.body, Math.min(answer.length, answer.stallAfter ?? answer.length), () =>
          answer.stallAfter === undefined ? res.end() : undefined,
        );
        return;
      }
      case 'reset': {
        // resetAndDestroy sends a TCP RST, so the client sees ECONNRESET rather than a clean close.
        const socket = res.socket;
        if (socket && typeof socket.resetAndDestroy === 'function') socket.resetAndDestroy();
        else socket?.destroy();
        return;
      }
      case 'hang':
        return;
      case 'delay': {
        const timer = setTimeout(() => {
          timers.delete(timer);
          carryOut(answer.then(), res, record);
        }, answer.ms);
        timers.add(timer);
        res.once('close', () => {
          clearTimeout(timer);
          timers.delete(timer);
        });
        return;
      }
    }
  };

  const handle = (req: IncomingMessage, res: ServerResponse): void => {
    const parsed = new URL(req.url ?? '/', 'http://fake.invalid');
    const query: Record<string, string> = {};
    for (const [key, value] of parsed.searchParams) if (!(key in query)) query[key] = value;
    const record: RecordedRequest = {
      method: req.method ?? 'GET',
      path: parsed.pathname,
      query,
      taskId: query['taskId'] ?? null,
      authorization: req.headers.authorization ?? null,
      body: '',
      at: Date.now(),
      status: 0,
      poll: null,
      createAttempt: null,
      limitedBy: null,
    };
    requests.push(record);
    res.once('close', () => onRequest?.(record));
    readBody(req).then(
      (body) => {
        if (body === undefined) return carryOut(tooLarge(), res, record);
        record.body = body;
        carryOut(route(req, record), res, record);
      },
      () => res.destroy(),
    );
  };

  const server = createServer(handle);
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  const startedAt = Date.now();
  for (const task of options.tasks ?? []) store.add(task, startedAt);

  return {
    url,
    apiKey,
    requests,
    createdTasks,
    setRateLimit(next: RateLimitOptions | null): void {
      if (next === null) {
        rateLimit = undefined;
        limiter = undefined;
        return;
      }
      rateLimit = structuredClone(checkRateLimit(next, 'rateLimit'));
      if (limiter) limiter.setLimit(rateLimit);
      else limiter = new SlidingWindowLimiter(rateLimit);
    },
    counts(): RequestCounts {
      return { ...counts };
    },
    addTask(scenario: TaskScenario): void {
      store.add(validateScenario(scenario), Date.now());
    },
    requestsFor(taskId: string): RecordedRequest[] {
      return requests.filter((r) => r.taskId === taskId && isStatusPath(r.path));
    },
    reset(): void {
      store.clear();
      limiter?.clear();
      createLimiter?.clear();
      requests.length = 0;
      createdTasks.length = 0;
      createAttempts = 0;
      counts.statusAccepted = counts.statusRejected = counts.createAccepted = counts.createRejected = 0;
    },
    close(): Promise<void> {
      closing ??= new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        timers.clear();
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
      });
      return closing;
    },
  };
}

/**
 * Writes `count` bytes of `body` (zeros when null) in chunks, waiting for 'drain' when the socket is full,
 * then calls `done`. Stops quietly if the response is destroyed first.
 */
function streamBody(res: ServerResponse, body: Buffer | null, count: number, done: () => void): void {
  let sent = 0;
  const zeros = body === null ? Buffer.alloc(Math.min(STREAM_CHUNK, count)) : undefined;
  const pump = (): void => {
    while (sent < count) {
      if (res.destroyed) return;
      const size = Math.min(STREAM_CHUNK, count - sent);
      const chunk = body ? body.subarray(sent, sent + size) : (zeros ?? Buffer.alloc(0)).subarray(0, size);
      sent += size;
      if (!res.write(chunk)) {
        res.once('drain', pump);
        return;
      }
    }
    done();
  };
  pump();
}

/** True if the header is `Bearer <apiKey>` (scheme case-insensitive, as RFC 7235 says). */
function authorized(header: string | undefined, apiKey: string): boolean {
  const match = /^Bearer\s+(.+)$/i.exec(header?.trim() ?? '');
  return match?.[1] === apiKey;
}

/** The body as text, or undefined if it exceeds MAX_BODY_BYTES. */
async function readBody(req: IncomingMessage): Promise<string | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}
