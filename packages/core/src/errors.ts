/**
 * Error classes thrown by @kie-task/core. Every message is written for the person reading a CI log:
 * what happened, and what to do about it. None of them ever carries the API key.
 */
import type { TaskRecord } from './types.js';
import { formatMs } from './duration.js';

/** What a kie.ai error code means for the caller; decides retrying and the advice in the message. */
export type KieErrorKind =
  | 'bad-request'
  /** createTask refused the model or its input (envelope 422, 400). */
  | 'validation'
  | 'auth'
  | 'credits'
  | 'usage-limit'
  | 'forbidden'
  | 'not-found'
  | 'rate-limited'
  | 'unavailable'
  | 'server'
  | 'generation-failed'
  | 'disabled'
  | 'unexpected';

/** Options for {@link KieApiError}. */
export interface KieApiErrorOptions {
  kind: KieErrorKind;
  /** The envelope `code`, or `null` when the body carried none. */
  code: number | null;
  /** The HTTP status, or `null` when unknown (for example a parsed callback body). */
  httpStatus: number | null;
  /** Whether sending the same request again may succeed. */
  retryable: boolean;
  /** The message kie.ai sent (`msg` or `message`), untrusted text. */
  apiMessage?: string | null;
  taskId?: string | null;
  /** Parsed `Retry-After`, in milliseconds. */
  retryAfterMs?: number | null;
  /** One sentence on what the code means and what to do. */
  advice: string;
}

/** kie.ai answered, and the answer says the request failed (HTTP status or envelope `code`). */
export class KieApiError extends Error {
  override readonly name = 'KieApiError';
  readonly kind: KieErrorKind;
  readonly code: number | null;
  readonly httpStatus: number | null;
  readonly retryable: boolean;
  readonly apiMessage: string | null;
  readonly taskId: string | null;
  readonly retryAfterMs: number | null;

  constructor(options: KieApiErrorOptions) {
    const shown = options.code ?? options.httpStatus ?? 'unknown';
    const where = options.taskId ? ` for task ${options.taskId}` : '';
    const said = options.apiMessage ? ` ("${options.apiMessage}")` : '';
    super(`kie.ai answered ${shown}${where}${said}: ${options.advice}`);
    this.kind = options.kind;
    this.code = options.code;
    this.httpStatus = options.httpStatus;
    this.retryable = options.retryable;
    this.apiMessage = options.apiMessage ?? null;
    this.taskId = options.taskId ?? null;
    this.retryAfterMs = options.retryAfterMs ?? null;
  }
}

/** The body is not a valid kie.ai response; `path` names the part that was wrong (`$` is the whole body). */
export class KieParseError extends Error {
  override readonly name = 'KieParseError';
  /** JSON path of the offending value, e.g. `data.state`. */
  readonly path: string;

  constructor(path: string, problem: string) {
    super(`Unexpected kie.ai response at ${path}: ${problem}`);
    this.path = path;
  }
}

/** The request never got an answer: connection refused or reset, DNS failure, or the per-request timeout. */
export class KieNetworkError extends Error {
  override readonly name = 'KieNetworkError';
  readonly retryable = true;
  /** The system or fetch error code when the runtime gave one (`ECONNREFUSED`, `ENOTFOUND`, …), else `null`. */
  readonly code: string | null;
  /**
   * True only when the connection was never established (DNS failure, refused, connect timeout, failed TLS
   * handshake), so the request cannot have reached kie.ai. False when unknown: the safe default.
   */
  readonly neverSent: boolean;

  constructor(message: string, options?: { cause?: unknown; code?: string | null; neverSent?: boolean }) {
    super(message, options?.cause === undefined ? undefined : { cause: options.cause });
    this.code = options?.code ?? null;
    this.neverSent = options?.neverSent ?? false;
  }
}

/**
 * An answer the client refuses to read: larger than `maxResponseBytes` (counted after decompression), or a redirect
 * to another origin, to plain http, or of a POST. Not retried: the same request would get the same answer.
 */
export class KieResponseError extends Error {
  override readonly name = 'KieResponseError';
  readonly retryable = false;
  /** `too-large` or `redirect`. */
  readonly reason: 'too-large' | 'redirect';

  constructor(reason: 'too-large' | 'redirect', message: string) {
    super(message);
    this.reason = reason;
  }
}

/** Options for {@link CreateOutcomeUnknownError}. */
export interface CreateOutcomeUnknownDetails {
  /** The market model; for other families the input's `model`, or the family name. */
  model: string;
  /** Default `'market'`. */
  family?: string | undefined;
  /** When the createTask request was sent. */
  sentAt: Date;
  /** What happened instead of an answer with a task ID, e.g. `no answer within 30 s`. */
  happened: string;
  /** The underlying error (its message never carries the API key). */
  cause?: unknown;
}

/**
 * A createTask request may have reached kie.ai, but no task ID came back (a reset or timeout after sending, a 5xx,
 * envelope 500): the task may exist and be charged. kie.ai has no idempotency key, so it was not sent again.
 */
export class CreateOutcomeUnknownError extends Error {
  override readonly name = 'CreateOutcomeUnknownError';
  readonly model: string;
  /** The family whose create endpoint was called (`'market'` for createTask). */
  readonly family: string;
  readonly sentAt: Date;

  constructor(details: CreateOutcomeUnknownDetails) {
    const family = details.family ?? 'market';
    const request =
      family === 'market'
        ? `the createTask request for model ${details.model}`
        : `the ${family} create request` + (details.model === family ? '' : ` (model ${details.model})`);
    super(
      `kie.ai may have created the task (and charged for it): ${request} sent at ` +
        `${utcSeconds(details.sentAt)} (UTC) got ${details.happened}. It was not sent again. Check ` +
        'https://kie.ai/logs before retrying.',
      details.cause === undefined ? undefined : { cause: details.cause },
    );
    this.model = details.model;
    this.family = family;
    this.sentAt = details.sentAt;
  }
}

/** `2026-12-01T20:31:05Z`: an ISO time to the second. */
function utcSeconds(date: Date): string {
  return date.toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** Details carried by a {@link WaitTimeoutError}. */
export interface WaitTimeoutDetails {
  taskId: string;
  /** The last record seen, or `null` if the task never answered with one. */
  lastRecord: TaskRecord | null;
  elapsedMs: number;
  polls: number;
  /** The transient error being retried when time ran out, if any. */
  lastError?: Error | undefined;
}

/** The deadline passed before the task reached a terminal state. */
export class WaitTimeoutError extends Error {
  override readonly name = 'WaitTimeoutError';
  readonly taskId: string;
  readonly lastRecord: TaskRecord | null;
  readonly elapsedMs: number;
  readonly polls: number;

  constructor(details: WaitTimeoutDetails) {
    const state = details.lastRecord ? `last state "${details.lastRecord.state}"` : 'no state seen yet';
    const lastError = details.lastError ? `; last error: ${details.lastError.message}` : '';
    // A task kie.ai never showed is more likely a wrong ID, family or key than a slow model.
    const neverFound =
      details.lastRecord === null &&
      details.lastError instanceof KieApiError &&
      details.lastError.kind === 'not-found';
    super(
      `Timed out waiting for task ${details.taskId} after ${formatMs(details.elapsedMs)} ` +
        `(${details.polls} ${details.polls === 1 ? 'poll' : 'polls'}, ${state}${lastError}). ` +
        (neverFound
          ? 'kie.ai never returned this task: check the task ID and the family, and that the API key belongs to ' +
            'the account that created it.'
          : 'Raise the timeout if this model usually takes longer.'),
      details.lastError ? { cause: details.lastError } : undefined,
    );
    this.taskId = details.taskId;
    this.lastRecord = details.lastRecord;
    this.elapsedMs = details.elapsedMs;
    this.polls = details.polls;
  }
}
