/**
 * kie.ai wraps every answer in `{ code, msg | message, data }`, often with HTTP 200 even when `code` is an error.
 * openEnvelope reads both layers and throws a KieApiError for anything that is not success or a generation failure.
 */
import {
  meaningOfEnvelopeCode,
  meaningOfHttpStatus,
  type CodeContext,
  type CodeDisposition,
  type CreateCodes,
} from './code-meanings.js';
import { KieApiError, KieParseError } from './errors.js';
import { isJsonObject, parseJsonText, typeOf } from './json.js';

/** What the envelope says, once it is known not to be an error of the request. */
export interface OpenedEnvelope {
  code: number;
  disposition: Extract<CodeDisposition, 'ok' | 'generation-failed'>;
  /** `msg` or `message`. */
  apiMessage: string | null;
  data: unknown;
}

/** Context for error messages and retry hints. */
export interface EnvelopeContext {
  httpStatus?: number | null | undefined;
  taskId?: string | null | undefined;
  retryAfterMs?: number | null | undefined;
  /** Which endpoint answered: codes mean other things on createTask. Default `'status'`. */
  endpoint?: CodeContext | undefined;
  /** On a create: the family's own codes, read before the shared table. */
  createCodes?: CreateCodes | undefined;
}

/**
 * Reads an envelope from response text or parsed JSON.
 * @throws {KieApiError} when the code (or, without one, the HTTP status) says the request failed.
 * @throws {KieParseError} when there is no envelope and the HTTP status says success.
 */
export function openEnvelope(body: unknown, context: EnvelopeContext = {}): OpenedEnvelope {
  const httpStatus = context.httpStatus ?? null;
  const httpFailed = httpStatus !== null && (httpStatus < 200 || httpStatus >= 300);
  let parsed: unknown = body;
  if (typeof body === 'string') {
    try {
      parsed = parseJsonText(body, '$');
    } catch (error) {
      // An HTML error page from a gateway says nothing the status does not.
      if (httpFailed) throw httpError(httpStatus, context);
      throw error;
    }
  }
  const code = isJsonObject(parsed) ? readCode(parsed.code) : null;
  if (!isJsonObject(parsed) || code === null) {
    if (httpFailed) throw httpError(httpStatus, context);
    if (!isJsonObject(parsed)) throw new KieParseError('$', `expected a JSON object, got ${typeOf(parsed)}`);
    throw new KieParseError(
      'code',
      parsed.code === undefined ? 'missing' : `not a number: ${JSON.stringify(parsed.code)}`,
    );
  }
  const apiMessage = readMessage(parsed.msg) ?? readMessage(parsed.message);
  const meaning = meaningOfEnvelopeCode(code, context.endpoint, context.createCodes);
  if (meaning.disposition === 'ok' || meaning.disposition === 'generation-failed') {
    return { code, disposition: meaning.disposition, apiMessage, data: parsed.data };
  }
  const data = parsed.data;
  const dataTaskId =
    isJsonObject(data) && typeof data.taskId === 'string' && data.taskId ? data.taskId : null;
  throw new KieApiError({
    kind: meaning.kind,
    code,
    httpStatus,
    retryable: meaning.disposition === 'retry',
    apiMessage,
    taskId: dataTaskId ?? context.taskId ?? null,
    retryAfterMs: context.retryAfterMs ?? null,
    advice: meaning.advice,
  });
}

/** True when a KieApiError means "no such task (yet)": 404/422, which a fresh task may answer for a while. */
export function isNotVisible(error: unknown): error is KieApiError {
  return error instanceof KieApiError && error.kind === 'not-found';
}

function httpError(httpStatus: number, context: EnvelopeContext): KieApiError {
  const meaning = meaningOfHttpStatus(httpStatus, context.endpoint);
  return new KieApiError({
    kind: meaning.kind,
    code: null,
    httpStatus,
    retryable: meaning.disposition === 'retry',
    taskId: context.taskId ?? null,
    retryAfterMs: context.retryAfterMs ?? null,
    advice: meaning.advice,
  });
}

function readCode(code: unknown): number | null {
  if (typeof code === 'number' && Number.isInteger(code)) return code;
  if (typeof code === 'string' && /^\d+$/.test(code)) return Number(code);
  return null;
}

function readMessage(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
