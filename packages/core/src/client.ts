/** KieClient: the public entry point for querying and waiting. */
import { resolveRetry, type ResolvedRetry, type RetryOptions } from './retry-policy.js';
import { DEFAULT_JITTER, type PollInterval } from './cadence.js';
import { createTask, prepareCreate, type CreateTaskOptions, type CreateTaskRequest } from './create.js';
import { CreateLimiter, type CreateRateLimit } from './create-limiter.js';
import { checkClientNumbers, checkWaitNumbers } from './check-options.js';
import { openEnvelope } from './envelope.js';
import { KieApiError, KieParseError } from './errors.js';
import { allFamilies, getFamily } from './families/index.js';
import { send } from './http.js';
import { AUTO_FAMILY, probeRound } from './auto-family.js';
import { queryTask, type QueryContext, type RetryEvent } from './query.js';
import { PaceBook } from './pacing.js';
import type { TaskRecord } from './types.js';
import { Scheduler } from './scheduler.js';
import { DEFAULT_MAX_RESPONSE_BYTES } from './http.js';
import { Redactor } from './redact.js';
import { apiKeyProblem, checkBaseUrl } from './client-settings.js';
import { DeadlineReached, linkSignals } from './abort.js';
import { formatMs } from './duration.js';
import { settleOutcome, type TaskOutcome } from './outcome.js';
import { pollUntilDone, type PollState, type WaitProgress } from './wait.js';

/** Options for {@link KieClient}. */
export interface KieClientOptions {
  /** The kie.ai API key, sent as `Authorization: Bearer …`. Never logged or put in an error. */
  apiKey: string;
  /** Default `https://api.kie.ai`. Must be https, except loopback hosts (for fakes like @kie-task/testkit). */
  baseUrl?: string;
  /** A fetch implementation, e.g. a proxy-aware one. Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Gives up on one request after this long, and retries it. Default 30 000 ms. */
  requestTimeoutMs?: number;
  /** Per-request retry policy. */
  retry?: RetryOptions;
  /** Sent as `User-Agent` where the runtime allows it. */
  userAgent?: string;
  /**
   * Largest answer read, in bytes, counted after decompression; a larger one fails with a KieResponseError instead
   * of filling memory. Default 4 MiB (kie.ai's answers are a few KiB).
   */
  maxResponseBytes?: number;
  /**
   * The window every createTask of this client shares. Default kie.ai's limit, 20 per 10 s; lower it when several
   * processes create with one key.
   */
  createRateLimit?: CreateRateLimit;
}

/** Options of {@link KieClient.generate}: those of waiting, plus the create's. */
export interface GenerateOptions extends WaitOptions {
  /** Called before each retry of a create that cannot have created anything (429, connection never made). */
  onCreateRetry?: CreateTaskOptions['onRetry'];
  /** Called once the task exists, before waiting. */
  onCreated?: (taskId: string) => void;
}

/** Options for a single query. */
export interface GetTaskOptions {
  /** Task family; default `'market'`. `'auto'` asks each family once, in FAMILY_NAMES order. */
  family?: string;
  signal?: AbortSignal;
}

/** Options for waiting. Every delay is an option, so tests can run in milliseconds. */
export interface WaitOptions {
  /**
   * Task family; default `'market'`. `'auto'` probes: each poll asks every family not yet ruled out, in
   * FAMILY_NAMES order, until one returns a record (up to 15 requests a poll until then; 404/422 are retried
   * within the grace window, since a fresh market task answers 422 for a while).
   */
  family?: string;
  /** Deadline for the whole wait: then every unfinished task's outcome is `timeout`. Default 30 minutes. `Infinity` waits forever. */
  timeoutMs?: number;
  /** Aborting ends the wait at once: every unfinished task's outcome is `cancelled` (an AbortError whose `cause` is the signal's reason). */
  signal?: AbortSignal;
  /** `'auto'` (kie.ai's ramp, default), a fixed interval in ms, or a custom ramp. */
  interval?: PollInterval;
  /** Fraction by which each poll sleep varies, ±. Default 0.2. */
  jitter?: number;
  /** How long 404/422 ("not visible yet") is tolerated, counted from the first poll. Default 90 000 ms. */
  notVisibleGraceMs?: number;
  /** Overrides the client's retry policy for this wait. */
  retry?: RetryOptions;
  /** Called after every poll. */
  onProgress?: (progress: WaitProgress) => void;
  /** Called before each retry of a transient failure. */
  onRetry?: (event: RetryEvent) => void;
}

/** Options for waiting on several tasks through one shared scheduler. */
export interface WaitManyOptions extends WaitOptions {
  /** Requests in flight at once, a fixed cap. Default: follows latency, so it never limits the rate. */
  concurrency?: number;
  /**
   * A ceiling on status requests started per second, across all tasks. Default: none set; the rate adapts to the
   * server's limit (it finds it from kie.ai's 429s) under a built-in ceiling of 100 per second. Set it when several
   * processes share one key, e.g. CI matrix legs: divide the key's budget by the number of legs.
   */
  maxRequestsPerSecond?: number;
}

const DEFAULT_BASE_URL = 'https://api.kie.ai';
const DEFAULT_TIMEOUT_MS = 30 * 60_000;
// Account-level failures: once one task sees them, every other task would too.
const STOPS_EVERYONE = new Set(['auth', 'credits', 'usage-limit', 'forbidden', 'disabled']);

/** A kie.ai API client. Holds no timers or connections between calls. */
export class KieClient {
  /** The API origin requests go to (no trailing slash). */
  readonly baseUrl: string;
  // A private field: the key stays out of console.log, JSON.stringify and error objects.
  readonly #headers: Record<string, string>;
  readonly #fetch: typeof fetch;
  readonly #requestTimeoutMs: number;
  readonly #retry: ResolvedRetry;
  readonly #maxResponseBytes: number;
  // Removes the key from every API-derived string the client puts into an error (a server may echo it back).
  readonly #redactor: Redactor;
  readonly #createLimiter: CreateLimiter;

  constructor(options: KieClientOptions) {
    const problem = apiKeyProblem(options.apiKey);
    if (problem) throw new TypeError(`KieClient: apiKey ${problem}`);
    checkClientNumbers(options);
    this.#redactor = new Redactor([options.apiKey.trim()]);
    this.baseUrl = checkBaseUrl(options.baseUrl ?? DEFAULT_BASE_URL);
    const fetchImpl = options.fetch ?? globalThis.fetch;
    if (typeof fetchImpl !== 'function')
      throw new TypeError('KieClient: no fetch available; pass options.fetch.');
    this.#fetch = fetchImpl;
    this.#headers = { authorization: `Bearer ${options.apiKey.trim()}`, accept: 'application/json' };
    if (options.userAgent) this.#headers['user-agent'] = options.userAgent;
    this.#requestTimeoutMs = options.requestTimeoutMs ?? 30_000;
    this.#retry = resolveRetry(options.retry);
    this.#createLimiter = new CreateLimiter(options.createRateLimit);
    this.#maxResponseBytes = options.maxResponseBytes ?? DEFAULT_MAX_RESPONSE_BYTES;
  }

  // Every public method's errors leave through here, so none carries the key whatever kie.ai echoed.
  async #guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      throw this.#redactor.redactError(error);
    }
  }

  // The caller's callbacks see redacted errors too.
  #redactedCallbacks(
    options: Pick<WaitOptions, 'onRetry' | 'onProgress'>,
  ): Pick<WaitOptions, 'onRetry' | 'onProgress'> {
    const { onRetry, onProgress } = options;
    const redactor = this.#redactor;
    return {
      ...(onRetry
        ? { onRetry: (event: RetryEvent) => onRetry({ ...event, error: redactor.redactError(event.error) }) }
        : {}),
      ...(onProgress
        ? {
            onProgress: (event: WaitProgress) =>
              onProgress(
                event.notVisible ? { ...event, notVisible: redactor.redactError(event.notVisible) } : event,
              ),
          }
        : {}),
    };
  }

  /**
   * Creates a task and resolves with its ID: a market model's (`POST /api/v1/jobs/createTask`, `{ model, input }`)
   * or a dedicated family's (`{ family: 'veo', input }`, POSTed to the family's create endpoint with the input as the
   * body). Never sends the same create twice unless nothing can exist: only a 429 (kie.ai dropped it) and a
   * connection that was never established are retried. Every create of this client, whatever the family, waits for
   * a slot in one shared window (20 per 10 s by default).
   * @throws {CreateOutcomeUnknownError} when the request may have reached kie.ai but no task ID came back.
   * @throws {KieApiError} when kie.ai refused it (422 unknown model or validation, 401, 402 credits, 433, 455, 505, …).
   * @throws {TypeError} for a bad request, before anything is sent.
   * @throws AbortError when `options.signal` aborts before the request is sent.
   */
  async createTask(request: CreateTaskRequest, options: CreateTaskOptions = {}): Promise<string> {
    const redactor = this.#redactor;
    const onRetry = options.onRetry;
    return this.#guard(() =>
      createTask(
        request,
        {
          fetch: this.#fetch,
          baseUrl: this.baseUrl,
          headers: this.#headers,
          requestTimeoutMs: this.#requestTimeoutMs,
          maxResponseBytes: this.#maxResponseBytes,
          retry: this.#retry,
          limiter: this.#createLimiter,
          redact: (text) => redactor.redact(text),
        },
        {
          ...options,
          ...(onRetry
            ? { onRetry: (event) => onRetry({ ...event, error: redactor.redactError(event.error) }) }
            : {}),
        },
      ),
    );
  }

  /**
   * Creates a task and waits for it on its family's status endpoint: {@link createTask}, then {@link waitForTask},
   * under one deadline (`timeoutMs` counts from the call). The family is `request.family` (default market). Resolves
   * with the task's outcome, as waitForTask does (`taskId` is the new task's ID).
   * @throws what createTask throws: no task exists then. A deadline or abort before the create was sent rejects
   *   with an `Error` saying nothing was created.
   */
  async generate(request: CreateTaskRequest, options: GenerateOptions = {}): Promise<TaskOutcome> {
    const prepared = prepareCreate(request);
    const family = prepared.family.name;
    if (options.family !== undefined && options.family !== family) {
      throw new TypeError(
        `generate: options.family "${options.family}" differs from the request's family "${family}"; ` +
          'set the family on the request.',
      );
    }
    // Before the create: a wait that cannot start must not pay for a task.
    checkWaitNumbers(options);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const startedAt = Date.now();
    const deadline = linkSignals([options.signal], timeoutMs);
    let taskId: string;
    try {
      taskId = await this.createTask(request, { signal: deadline.signal, onRetry: options.onCreateRetry });
    } catch (error) {
      if (error instanceof Error && error.name === 'AbortError' && error.cause instanceof DeadlineReached) {
        throw new Error(
          `Timed out after ${formatMs(timeoutMs)} before the createTask request could be sent: nothing was created.`,
        );
      }
      throw error;
    } finally {
      deadline.dispose();
    }
    options.onCreated?.(taskId);
    const left = Number.isFinite(timeoutMs) ? Math.max(1, timeoutMs - (Date.now() - startedAt)) : timeoutMs;
    // A fresh task answers "not visible" for a while; waitForTask's grace window covers it. The model paces it.
    return this.#waitForOne(taskId, { ...options, family, timeoutMs: left }, prepared.model);
  }

  /**
   * Queries a task once (retrying transient failures). A generation failure (envelope 501/408/451) resolves with
   * a failed record.
   * @throws {KieApiError} for request and account problems, including 404/422 (no grace window here).
   */
  async getTask(taskId: string, options: GetTaskOptions = {}): Promise<TaskRecord> {
    checkTaskId(taskId);
    return this.#guard(async () => {
      const context = this.#queryContext(options.family, new Scheduler(), options.signal, {});
      const outcome =
        options.family === AUTO_FAMILY
          ? await probeRound(taskId, context, [...allFamilies()])
          : await queryTask(taskId, context);
      if (outcome.kind === 'not-visible') throw outcome.error;
      return outcome.record;
    });
  }

  /**
   * Waits until the task is settled and resolves with its outcome: `success` or `fail` with the terminal record;
   * `timeout` (a WaitTimeoutError) when `timeoutMs` passes first; `error` for request and account problems (401,
   * 402, 404/422 after the grace window, …); `cancelled` when `options.signal` aborts. Every outcome carries the
   * last record seen, the polls made and the time waited. Use {@link recordOrThrow} to get an exception instead.
   * @throws {TypeError | RangeError} only for invalid arguments (an empty task ID, a bad `timeoutMs`).
   */
  async waitForTask(taskId: string, options: WaitOptions = {}): Promise<TaskOutcome> {
    return this.#waitForOne(taskId, options, undefined);
  }

  async #waitForOne(taskId: string, options: WaitOptions, model: string | undefined): Promise<TaskOutcome> {
    const [outcome] = await this.#waitAll([taskId], options, new Scheduler({ concurrency: 1 }), model);
    return outcome!;
  }

  /**
   * Waits for several tasks through one shared scheduler: the most overdue poll goes first, and the request rate
   * adapts to the server's limit (a 429 lowers it for everyone and pauses no one). Resolves with one outcome per
   * task, in input order, like `Promise.allSettled`: a failed task, the deadline or an abort of `options.signal`
   * settle the tasks still waiting, they never reject. An authentication or account error stops every task.
   * @throws {TypeError | RangeError} only for invalid arguments.
   */
  async waitForTasks(taskIds: readonly string[], options: WaitManyOptions = {}): Promise<TaskOutcome[]> {
    checkWaitNumbers(options);
    const scheduler = new Scheduler({
      ...(options.concurrency === undefined ? {} : { concurrency: options.concurrency }),
      ...(options.maxRequestsPerSecond === undefined ? {} : { maxRequests: options.maxRequestsPerSecond }),
      windowMs: 1_000,
    });
    return this.#waitAll(taskIds, options, scheduler);
  }

  /**
   * Reads the account's remaining credits (`GET /api/v1/chat/credit`); also a cheap check of the key.
   * @throws {KieApiError} on a rejected key or any other API error.
   */
  async getCredits(options: { signal?: AbortSignal } = {}): Promise<number> {
    return this.#guard(() => this.#readCredits(options.signal));
  }

  async #readCredits(signal: AbortSignal | undefined): Promise<number> {
    const response = await send(this.#fetch, {
      url: `${this.baseUrl}/api/v1/chat/credit`,
      headers: this.#headers,
      signal,
      timeoutMs: this.#requestTimeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
    });
    const envelope = openEnvelope(response.text, { httpStatus: response.status });
    if (envelope.disposition !== 'ok' || typeof envelope.data !== 'number') {
      throw new KieParseError('data', 'expected the number of credits');
    }
    return envelope.data;
  }

  /**
   * Asks kie.ai for a fresh, temporary link (valid about 20 minutes) to a file it generated
   * (`POST /api/v1/common/download-url`): the way to fetch a result whose link has expired.
   * @throws {KieApiError} e.g. 422 for a URL kie.ai did not generate, 401 for a rejected key.
   * @throws {KieParseError} when the answer carries no http(s) link.
   */
  async getDownloadUrl(url: string, options: { signal?: AbortSignal } = {}): Promise<string> {
    return this.#guard(() => this.#freshLink(url, options.signal));
  }

  async #freshLink(url: string, signal: AbortSignal | undefined): Promise<string> {
    const response = await send(this.#fetch, {
      url: `${this.baseUrl}/api/v1/common/download-url`,
      method: 'POST',
      headers: { ...this.#headers, 'content-type': 'application/json' },
      body: JSON.stringify({ url }),
      signal,
      timeoutMs: this.#requestTimeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
    });
    const envelope = openEnvelope(response.text, { httpStatus: response.status });
    const link = envelope.data;
    if (envelope.disposition !== 'ok' || typeof link !== 'string' || !/^https?:\/\//i.test(link)) {
      throw new KieParseError('data', 'expected an http(s) download link');
    }
    return link;
  }

  async #waitAll(
    taskIds: readonly string[],
    options: WaitOptions,
    scheduler: Scheduler,
    model?: string,
  ): Promise<TaskOutcome[]> {
    taskIds.forEach(checkTaskId);
    checkWaitNumbers(options);
    const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    const startedAt = Date.now();
    // One signal for the group: the caller's abort, the deadline, or an account error seen by any task.
    const group = linkSignals([options.signal], timeoutMs);
    const callbacks = this.#redactedCallbacks(options);
    const interval = options.interval ?? 'auto';
    const settings = {
      interval,
      // 'auto' learns: one book for the whole batch, so siblings of a model pace each other.
      pacing: interval === 'auto' ? { book: new PaceBook(), model } : undefined,
      jitter: options.jitter ?? DEFAULT_JITTER,
      notVisibleGraceMs: options.notVisibleGraceMs ?? 90_000,
      onProgress: callbacks.onProgress,
      probe: options.family === AUTO_FAMILY ? allFamilies() : undefined,
    };
    const context = this.#queryContext(options.family, scheduler, group.signal, { ...options, ...callbacks });
    let stopper: KieApiError | undefined;
    try {
      return await Promise.all(
        taskIds.map(async (taskId): Promise<TaskOutcome> => {
          const seen: PollState = { attempts: 0, record: null };
          const end = (error: Error | null): TaskOutcome =>
            settleOutcome({ taskId, ...seen, waitedMs: Date.now() - startedAt, error });
          try {
            seen.record = await pollUntilDone(taskId, context, settings, startedAt, seen);
            return end(null);
          } catch (error) {
            if (error instanceof KieApiError && STOPS_EVERYONE.has(error.kind) && !stopper) {
              stopper = error;
              group.abort(error);
            }
            const reported = stopper && isAbortBy(error, stopper) ? stopper : toError(error);
            return end(this.#redactor.redactError(reported));
          }
        }),
      );
    } finally {
      group.dispose();
    }
  }

  #queryContext(
    family: string | undefined,
    scheduler: Scheduler,
    signal: AbortSignal | undefined,
    options: Pick<WaitOptions, 'retry' | 'onRetry'>,
  ): QueryContext {
    return {
      fetch: this.#fetch,
      baseUrl: this.baseUrl,
      headers: this.#headers,
      family: getFamily(family === AUTO_FAMILY ? undefined : family),
      requestTimeoutMs: this.#requestTimeoutMs,
      maxResponseBytes: this.#maxResponseBytes,
      retry: options.retry ? resolveRetry({ ...this.#retry, ...options.retry }) : this.#retry,
      scheduler,
      signal: signal ?? new AbortController().signal,
      random: Math.random,
      onRetry: options.onRetry,
    };
  }
}

function toError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}

function isAbortBy(error: unknown, reason: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError' && error.cause === reason;
}

function checkTaskId(taskId: string): void {
  if (typeof taskId !== 'string' || taskId.trim() === '') throw new TypeError('Task ID is empty.');
}
