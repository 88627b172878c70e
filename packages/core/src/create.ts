/**
 * One createTask (`POST /api/v1/jobs/createTask`, market models), sent at most once unless nothing can exist.
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
import { DeadlineReached } from './abort.js';
import { isJsonObject } from './json.js';
import { abortError, sleep } from './abort.js';
import { describeControlCharacter } from './untrusted-text.js';

/** What to create. */
export interface CreateTaskRequest {
  /** A market model ID, e.g. `google/imagen4-fast`. */
  model: string;
  /** The model's input fields (a JSON object), e.g. `{ prompt: 'a cat' }`. */
  input: Record<string, unknown>;
  /** kie.ai POSTs the finished task here. Optional; http(s). */
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
  model: string;
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

/** Checks a request before anything is sent. @throws {TypeError} naming the bad field. */
function checkCreateRequest(request: CreateTaskRequest): void {
  if (!isJsonObject(request))
    throw new TypeError('createTask: the request must be an object { model, input }.');
  if (typeof request.model !== 'string' || request.model.trim() === '') {
    throw new TypeError('createTask: model is empty. Pass a market model ID such as "google/imagen4-fast".');
  }
  if (!isJsonObject(request.input)) {
    throw new TypeError(
      'createTask: input must be an object of the model\'s fields, e.g. { "prompt": "…" }.',
    );
  }
  if (request.callBackUrl !== undefined) {
    const control = describeControlCharacter(String(request.callBackUrl));
    if (control) throw new TypeError(`createTask: callBackUrl contains ${control}; remove it.`);
    if (!/^https?:\/\/\S+$/i.test(String(request.callBackUrl)))
      throw new TypeError('createTask: callBackUrl must be an http(s) URL.');
  }
}

/** Sends the create; resolves with the task ID. */
export async function createTask(
  request: CreateTaskRequest,
  context: CreateContext,
  options: CreateTaskOptions = {},
): Promise<string> {
  checkCreateRequest(request);
  const { signal } = options;
  const model = request.model.trim();
  const body = JSON.stringify({
    model,
    input: request.input,
    ...(request.callBackUrl === undefined ? {} : { callBackUrl: request.callBackUrl }),
  });
  for (let retry = 1; ; retry++) {
    await context.limiter.acquire(signal);
    // From here on an abort may cut a request kie.ai has received; before, nothing was sent.
    if (signal?.aborted) throw abortError(signal.reason);
    const sentAt = new Date();
    let error: Error;
    try {
      const response = await send(context.fetch, {
        url: `${context.baseUrl}/api/v1/jobs/createTask`,
        method: 'POST',
        headers: { ...context.headers, 'content-type': 'application/json' },
        body,
        signal,
        timeoutMs: context.requestTimeoutMs,
        maxResponseBytes: context.maxResponseBytes,
      });
      try {
        // kie.ai's text is untrusted and could echo the key back: it goes nowhere unredacted.
        return readTaskId(context.redact(response.text), response.status, response.retryAfterMs);
      } catch (caught) {
        error = caught as Error;
      }
    } catch (caught) {
      error = caught as Error;
      if (error.name === 'AbortError') {
        throw new CreateOutcomeUnknownError({
          model,
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
      options.onRetry?.({ model, error, retry, delayMs: error.retryAfterMs ?? 0 });
      continue;
    }
    if (error instanceof KieNetworkError && error.neverSent) {
      if (retry > context.retry.maxRetries) throw error;
      const delayMs = backoffDelay(retry, context.retry);
      options.onRetry?.({ model, error, retry, delayMs });
      await sleep(delayMs, signal);
      continue;
    }
    throw unknownOrFatal(error, model, sentAt, context);
  }
}

function readTaskId(text: string, httpStatus: number, retryAfterMs: number | null): string {
  const envelope = openEnvelope(text, { httpStatus, retryAfterMs, endpoint: 'create' });
  const data = envelope.data;
  const taskId = isJsonObject(data) ? data.taskId : undefined;
  if (typeof taskId !== 'string' || taskId.trim() === '') {
    throw new KieParseError('data.taskId', 'expected the created task ID');
  }
  return taskId;
}

/** A fatal refusal as it is (kie.ai's message redacted), or "may have been created" for everything else. */
function unknownOrFatal(error: Error, model: string, sentAt: Date, context: CreateContext): Error {
  if (error instanceof KieApiError) {
    const meaning =
      error.code !== null
        ? meaningOfEnvelopeCode(error.code, 'create')
        : meaningOfHttpStatus(error.httpStatus ?? 500, 'create');
    if (meaning.disposition !== 'outcome-unknown') return error;
    const said = error.apiMessage ? ` ("${error.apiMessage}")` : '';
    const http = error.httpStatus !== null && error.httpStatus !== 200 ? `HTTP ${error.httpStatus}` : null;
    const what =
      error.code === null
        ? `HTTP ${error.httpStatus ?? 'error'}`
        : `${http ? `${http} with ` : ''}envelope code ${error.code}${said}`;
    return new CreateOutcomeUnknownError({
      model,
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
  return new CreateOutcomeUnknownError({ model, sentAt, happened: context.redact(happened), cause: error });
}
