/**
 * One create, sent at most once unless nothing can exist: a market task (`POST /api/v1/jobs/createTask`, body
 * `{model, input, callBackUrl}`) or a dedicated family's (`POST` its family's create path, e.g.
 * `/api/v1/veo/generate`, whose body is the input itself). The endpoints live in the family table (`families/`).
 *
 * kie.ai has no idempotency key and no cancel (kie-api.md §13), so a create that may have reached it is never sent
 * again: only a 429 (the request was dropped) and a connection that was never established are retried. Everything
 * else that may have reached kie.ai — a reset or timeout after sending, any 5xx, envelope 500, an unreadable
 * answer — is a {@link CreateOutcomeUnknownError}.
 */
import { backoffDelay, type ResolvedRetry } from './retry-policy.js';
import { meaningOfEnvelopeCode, meaningOfHttpStatus } from './code-meanings.js';
import type { CreateLimiter } from './create-limiter.js';
import { openEnvelope } from './envelope.js';
import { CreateOutcomeUnknownError, KieApiError, KieNetworkError, KieParseError } from './errors.js';
import { send } from './http.js';
import { CREATABLE_FAMILY_NAMES, getFamily } from './families/index.js';
import type { TaskFamily } from './types.js';
import { isJsonObject } from './json.js';
import { abortError, DeadlineReached, sleep } from './abort.js';
import { describeControlCharacter } from './untrusted-text.js';

/**
 * What to create: a market model's task (`model` + `input`, `family` omitted or `'market'`), or a task of a
 * dedicated family (`family` + `input`, where `input` is that family's whole request body, e.g.
 * `{ family: 'veo', input: { prompt: 'a cat', model: 'veo3_fast' } }`).
 */
export interface CreateTaskRequest {
  /** Default `'market'`. A family whose definition has a create endpoint: market, veo, runway, aleph, suno, … */
  family?: string | undefined;
  /** Market only: the model ID, e.g. `google/imagen4-fast`. Other families take their model inside `input`. */
  model?: string | undefined;
  /** Market: the model's input fields. Other families: the request body as kie.ai documents it. */
  input: Record<string, unknown>;
  /** kie.ai POSTs the finished task here. Optional; http(s). Added to the body as `callBackUrl`. */
  callBackUrl?: string | undefined;
}

/** Options of {@link KieClient.createTask}. */
export interface CreateTaskOptions {
  /** Aborting rejects with an AbortError while waiting for a slot; once sent, with a CreateOutcomeUnknownError. */
  signal?: AbortSignal | undefined;
  /** Called before each retry of a create that cannot have created anything (429, connection never made). */
  onRetry?: ((event: CreateRetryEvent) => void) | undefined;
}

/** A create about to be sent again, and why that is safe. */
export interface CreateRetryEvent {
  /** The market model, or for other families the input's `model` field or else the family name. */
  model: string;
  family: string;
  error: Error;
  /** 1-based. */
  retry: number;
  delayMs: number;
}

/** What createTask needs from the client. */
export interface CreateContext {
  fetch: typeof fetch;
  baseUrl: string;
  headers: Record<string, string>;
  requestTimeoutMs: number;
  /** Largest answer read, in bytes. */
  maxResponseBytes: number;
  retry: ResolvedRetry;
  limiter: CreateLimiter;
  /** Removes the API key from text that came back (kie.ai's messages are untrusted). */
  redact: (text: string) => string;
}

/** What is sent, where, and how errors name it. */
interface PreparedCreate {
  family: TaskFamily;
  path: string;
  body: string;
  /** The market model, or the input's `model`, or the family name: what errors call the task. */
  model: string;
}

/** Checks a request and builds the body before anything is sent. @throws {TypeError} naming the bad field. */
export function prepareCreate(request: CreateTaskRequest): PreparedCreate {
  if (!isJsonObject(request))
    throw new TypeError('createTask: the request must be an object { model, input } or { family, input }.');
  const family = getFamily(request.family ?? 'market');
  if (family.createPath === undefined) {
    throw new TypeError(
      `createTask: tasks of family "${family.name}" cannot be created here. Families with a create endpoint: ` +
        `${CREATABLE_FAMILY_NAMES.join(', ')}.`,
    );
  }
  if (request.callBackUrl !== undefined) {
    const control = describeControlCharacter(String(request.callBackUrl));
    if (control) throw new TypeError(`createTask: callBackUrl contains ${control}; remove it.`);
    if (!/^https?:\/\/\S+$/i.test(String(request.callBackUrl)))
      throw new TypeError('createTask: callBackUrl must be an http(s) URL.');
  }
  const callBack = request.callBackUrl === undefined ? {} : { callBackUrl: request.callBackUrl };
  if (family.name === 'market') {
    if (typeof request.model !== 'string' || request.model.trim() === '') {
      throw new TypeError(
        'createTask: model is empty. Pass a market model ID such as "google/imagen4-fast".',
      );
    }
    checkInput(request.input, 'an object of the model\'s fields, e.g. { "prompt": "…" }');
    const model = request.model.trim();
    const body = JSON.stringify({ model, input: request.input, ...callBack });
    return { family, path: family.createPath, body, model };
  }
  if (request.model !== undefined) {
    throw new TypeError(
      `createTask: model is for market models (jobs/createTask). A ${family.name} task is { family: ` +
        `"${family.name}", input } where input is the whole request body of ${family.createPath}, with the ` +
        'model inside it when the family has one, e.g. { "prompt": "…", "model": "…" }.',
    );
  }
  checkInput(request.input, `the request body of ${family.createPath} as an object, e.g. { "prompt": "…" }`);
  const own = request.input.callBackUrl;
  if (request.callBackUrl !== undefined && own !== undefined && own !== request.callBackUrl) {
    throw new TypeError(
      'createTask: callBackUrl is given twice, in input and beside it, with different values.',
    );
  }
  const model =
    typeof request.input.model === 'string' && request.input.model ? request.input.model : family.name;
  // The input IS the body: nothing is added but callBackUrl when given.
  const body = JSON.stringify({ ...request.input, ...callBack });
  return { family, path: family.createPath, body, model };
}

function checkInput(input: unknown, expected: string): asserts input is Record<string, unknown> {
  if (!isJsonObject(input)) throw new TypeError(`createTask: input must be ${expected}.`);
}

/** Sends the create; resolves with the task ID. */
export async function createTask(
  request: CreateTaskRequest,
  context: CreateContext,
  options: CreateTaskOptions = {},
): Promise<string> {
  const { family, path, body, model } = prepareCreate(request);
  const { signal } = options;
  const named = { model, family: family.name };
  for (let retry = 1; ; retry++) {
    const settle = await context.limiter.acquire(signal);
    // From here on an abort may cut a request kie.ai has received; before, nothing was sent.
    if (signal?.aborted) {
      settle();
      throw abortError(signal.reason);
    }
    const sentAt = new Date();
    let error: Error;
    try {
      const response = await send(context.fetch, {
        url: `${context.baseUrl}${path}`,
        method: 'POST',
        headers: { ...context.headers, 'content-type': 'application/json' },
        body,
        signal,
        timeoutMs: context.requestTimeoutMs,
        maxResponseBytes: context.maxResponseBytes,
      }).finally(settle);
      try {
        // kie.ai's text is untrusted and could echo the key back: it goes nowhere unredacted.
        return readTaskId(context.redact(response.text), response.status, response.retryAfterMs, family);
      } catch (caught) {
        error = caught as Error;
      }
    } catch (caught) {
      error = caught as Error;
      if (error.name === 'AbortError') {
        throw new CreateOutcomeUnknownError({
          ...named,
          sentAt,
          happened:
            error.cause instanceof DeadlineReached
              ? 'no answer before the deadline'
              : 'no answer before it was cancelled',
          cause: error,
        });
      }
    }
    if (error instanceof KieApiError && error.kind === 'rate-limited') {
      // Dropped by kie.ai: nothing exists. The limiter holds every create until the window frees.
      context.limiter.throttled(error.retryAfterMs);
      if (retry > context.retry.maxRetries) throw error;
      options.onRetry?.({ ...named, error, retry, delayMs: error.retryAfterMs ?? 0 });
      continue;
    }
    if (error instanceof KieNetworkError && error.neverSent) {
      if (retry > context.retry.maxRetries) throw error;
      const delayMs = backoffDelay(retry, context.retry);
      options.onRetry?.({ ...named, error, retry, delayMs });
      await sleep(delayMs, signal);
      continue;
    }
    throw unknownOrFatal(error, named, sentAt, context, family);
  }
}

function readTaskId(
  text: string,
  httpStatus: number,
  retryAfterMs: number | null,
  family: TaskFamily,
): string {
  const envelope = openEnvelope(text, {
    httpStatus,
    retryAfterMs,
    endpoint: 'create',
    createCodes: family.createCodes,
  });
  const data = envelope.data;
  const taskId = isJsonObject(data) ? data.taskId : undefined;
  if (typeof taskId !== 'string' || taskId.trim() === '') {
    throw new KieParseError('data.taskId', 'expected the created task ID');
  }
  return taskId;
}

/** A fatal refusal as it is (kie.ai's message redacted), or "may have been created" for everything else. */
function unknownOrFatal(
  error: Error,
  named: { model: string; family: string },
  sentAt: Date,
  context: CreateContext,
  family: TaskFamily,
): Error {
  if (error instanceof KieApiError) {
    const meaning =
      error.code !== null
        ? meaningOfEnvelopeCode(error.code, 'create', family.createCodes)
        : meaningOfHttpStatus(error.httpStatus ?? 500, 'create');
    if (meaning.disposition !== 'outcome-unknown') return error;
    const said = error.apiMessage ? ` ("${error.apiMessage}")` : '';
    const http = error.httpStatus !== null && error.httpStatus !== 200 ? `HTTP ${error.httpStatus}` : null;
    const what =
      error.code === null
        ? `HTTP ${error.httpStatus ?? 'error'}`
        : `${http ? `${http} with ` : ''}envelope code ${error.code}${said}`;
    return new CreateOutcomeUnknownError({
      ...named,
      sentAt,
      happened: `${what}: ${meaning.advice.replace(/\.$/, '')}`,
      cause: error,
    });
  }
  const happened =
    error instanceof KieNetworkError
      ? error.code === 'TIMEOUT'
        ? error.message.replace(/^no answer from \S+/, 'no answer')
        : `no answer (${error.message.replace(/^request to \S+ failed: /, '')})`
      : error instanceof KieParseError
        ? `an answer without a task ID (${error.message})`
        : `an unexpected error (${error.message})`;
  return new CreateOutcomeUnknownError({
    ...named,
    sentAt,
    happened: context.redact(happened),
    cause: error,
  });
}
