/**
 * What each kie.ai code means. The envelope `code` decides when present (kie often answers HTTP 200 with an error
 * code), else the HTTP status. Sources: the Market "Get Task Details" page's code table and kie-api.md §4.
 */
import type { KieErrorKind } from './errors.js';
import type { CreateCodeMeaning } from './types.js';

/** How a caller should treat a code. */
export type CodeDisposition =
  /** The request worked; read `data`. */
  | 'ok'
  /** The generation failed: a terminal outcome of the task, not an error of the request. */
  | 'generation-failed'
  /** The task may not be visible yet (right after createTask): retry within a grace window, then fatal. */
  | 'not-visible'
  /** Transient: retry with backoff. */
  | 'retry'
  /** Retrying cannot help. */
  | 'fatal'
  /**
   * createTask only: the request reached kie.ai and the answer does not say whether a task was made (5xx, envelope
   * 500). Never send it again: there is no idempotency key, and a second create is charged twice.
   */
  | 'outcome-unknown';

/**
 * Which endpoint answered: codes mean different things on createTask than on the status endpoints
 * (kie-api.md §13): createTask's 422 is an unknown model or a validation error, never "no such record"; its envelope
 * 500 is also used for validation, and is never retried.
 */
export type CodeContext = 'status' | 'create';

/** A code's meaning. */
export interface CodeMeaning {
  disposition: CodeDisposition;
  kind: KieErrorKind;
  /** What it means and what to do, for error messages. */
  advice: string;
}

const ENVELOPE_CODES: Record<number, CodeMeaning> = {
  200: { disposition: 'ok', kind: 'unexpected', advice: 'success' },
  400: {
    disposition: 'fatal',
    kind: 'bad-request',
    advice: 'the request was rejected as malformed; check the task ID and the task family.',
  },
  401: {
    disposition: 'fatal',
    kind: 'auth',
    advice: 'the API key was rejected. Check that it is a current kie.ai API key (https://kie.ai/api-key).',
  },
  402: {
    disposition: 'fatal',
    kind: 'credits',
    advice: 'the account has insufficient credits. Top up at https://kie.ai/billing.',
  },
  403: {
    disposition: 'fatal',
    kind: 'forbidden',
    advice: 'access was refused. If the key has an IP allow-list, add this machine or remove the list.',
  },
  404: {
    disposition: 'not-visible',
    kind: 'not-found',
    advice:
      'the task was not found. Check the task ID and that the family matches the endpoint that created it.',
  },
  // Envelope 408: "no result for more than 10 minutes" upstream — the generation is over, and failed.
  408: {
    disposition: 'generation-failed',
    kind: 'generation-failed',
    advice: 'the generation timed out upstream.',
  },
  // "recordInfo is null" is also kie.ai's answer for an ID that never existed (kie-api.md §13): after the grace
  // window it cannot mean "not visible yet" any more.
  422: {
    disposition: 'not-visible',
    kind: 'not-found',
    advice:
      'kie.ai does not know this task ("recordInfo is null" is also its answer for an ID that never existed). Check ' +
      'the task ID and the family, and that the API key belongs to the account that created the task; records older ' +
      'than 14 days are gone too.',
  },
  429: {
    disposition: 'retry',
    kind: 'rate-limited',
    advice: 'rate limited; retrying after a pause. Lower the polling rate if this persists.',
  },
  // The key's own usage cap (hourly, daily or total), set per key: waiting minutes will not lift it.
  433: {
    disposition: 'fatal',
    kind: 'usage-limit',
    advice:
      'the API key\'s usage limit was reached (kie.ai: "the subkey usage exceeded the limit"). Raise the key\'s ' +
      'hourly, daily or total limit at https://kie.ai/api-key, or use another key.',
  },
  451: {
    disposition: 'generation-failed',
    kind: 'generation-failed',
    advice: 'kie.ai could not fetch an input file of the task.',
  },
  455: {
    disposition: 'retry',
    kind: 'unavailable',
    advice: 'kie.ai is under maintenance; retrying. See https://kie.ai for status.',
  },
  500: { disposition: 'retry', kind: 'server', advice: 'kie.ai had an internal error; retrying.' },
  501: { disposition: 'generation-failed', kind: 'generation-failed', advice: 'the generation failed.' },
  505: {
    disposition: 'fatal',
    kind: 'disabled',
    advice: 'this feature is disabled for the account. Contact kie.ai support.',
  },
};

// The same codes on POST /api/v1/jobs/createTask, where they differ (everything else reads as in ENVELOPE_CODES,
// except that nothing there is "not visible yet" or a generation failure: see meaningOfEnvelopeCode).
const CREATE_CODES: Record<number, CodeMeaning> = {
  400: {
    disposition: 'fatal',
    kind: 'validation',
    advice: 'kie.ai refused the createTask request as malformed; check the model and its input fields.',
  },
  404: {
    disposition: 'fatal',
    kind: 'not-found',
    advice: 'the createTask endpoint was not found; check the base URL. No task was created.',
  },
  // "The page does not exist or is not published" is the answer for a model ID kie.ai does not accept (§13).
  422: {
    disposition: 'fatal',
    kind: 'validation',
    advice:
      'kie.ai refused the request: the model is unknown or unavailable, or the input failed validation. Check the ' +
      'model ID and its input fields on https://kie.ai/market. No task was created.',
  },
  429: {
    disposition: 'retry',
    kind: 'rate-limited',
    advice: 'kie.ai refused the create for the rate (20 creates per 10 s per key); nothing was created.',
  },
  455: {
    disposition: 'fatal',
    kind: 'unavailable',
    advice: 'kie.ai is under maintenance; try again later (status: https://kie.ai). No task was created.',
  },
  // "This field is required" comes as envelope 500 (§13), and so can an internal error after the task was made.
  500: {
    disposition: 'outcome-unknown',
    kind: 'server',
    advice:
      'createTask answers 500 both for validation errors and for internal errors, so the task may or may not exist.',
  },
};

const UNKNOWN_AFTER_5XX: CreateCodeMeaning = {
  disposition: 'outcome-unknown',
  kind: 'server',
  advice: 'a server error after the request arrived says nothing about whether the task was made.',
};

/** A family's own create codes, where its create endpoint documents them differently (see `TaskFamily.createCodes`). */
export type CreateCodes = Readonly<Record<number, CreateCodeMeaning>>;

/**
 * What the dedicated families' create endpoints (`/api/v1/veo/generate`, …) document beyond createTask: their 400
 * and 422 are about the request body (not a model ID), 451 means kie.ai could not fetch an input URL (Runway, Aleph,
 * Suno), and 501 (Veo, Flux Kontext) and 550 (4o image) are 5xx answers that say nothing sure about a task that may
 * have been made, so the request is never sent again.
 */
export const DEDICATED_CREATE_CODES: CreateCodes = {
  400: {
    disposition: 'fatal',
    kind: 'validation',
    advice:
      'kie.ai refused the request body as malformed or against its content policy. No task was created.',
  },
  422: {
    disposition: 'fatal',
    kind: 'validation',
    advice:
      "kie.ai refused the request body: check its fields on the family's documentation page. No task was created.",
  },
  451: {
    disposition: 'fatal',
    kind: 'validation',
    advice: 'kie.ai could not fetch a file the input points to; make the URL public. No task was created.',
  },
  501: UNKNOWN_AFTER_5XX,
  550: UNKNOWN_AFTER_5XX,
};

/**
 * Meaning of an envelope `code`, on the status endpoints (default) or on createTask. Unknown 5xx codes are treated
 * as server errors; anything else unknown is fatal. On a create, `createCodes` (a family's own) come first.
 */
export function meaningOfEnvelopeCode(
  code: number,
  context: CodeContext = 'status',
  createCodes?: CreateCodes,
): CodeMeaning {
  if (context === 'create') return createCodes?.[code] ?? meaningOnCreate(code);
  const known = ENVELOPE_CODES[code];
  if (known) return known;
  if (code >= 500 && code < 600) return ENVELOPE_CODES[500]!;
  return {
    disposition: 'fatal',
    kind: 'unexpected',
    advice: `unexpected code ${code}; this client does not know what it means.`,
  };
}

function meaningOnCreate(code: number): CodeMeaning {
  const own = CREATE_CODES[code];
  if (own) return own;
  const shared = ENVELOPE_CODES[code];
  // A create's answer is never about a task's generation or visibility: any other known code is a refusal.
  if (shared) {
    if (shared.disposition === 'ok' || shared.disposition === 'fatal') return shared;
    return { disposition: 'fatal', kind: 'unexpected', advice: `unexpected code ${code} from createTask.` };
  }
  if (code >= 500 && code < 600) return UNKNOWN_AFTER_5XX;
  return meaningOfEnvelopeCode(code);
}

/**
 * Meaning of an HTTP status when the body carries no envelope code (proxies, gateways, HTML error pages), on the
 * status endpoints (default) or on createTask.
 */
export function meaningOfHttpStatus(status: number, context: CodeContext = 'status'): CodeMeaning {
  if (context === 'create') {
    if (status >= 200 && status < 300) return ENVELOPE_CODES[200]!;
    // A gateway's 5xx or 408 says nothing about whether kie.ai behind it made the task.
    if (status === 408 || status >= 500) {
      return {
        disposition: 'outcome-unknown',
        kind: 'server',
        advice: 'an error page from a server or gateway says nothing about whether the task was made.',
      };
    }
    return meaningOnCreate(status);
  }
  if (status >= 200 && status < 300) return ENVELOPE_CODES[200]!;
  // At the HTTP layer, 408 is "request timeout": the request may simply be sent again.
  if (status === 408)
    return { disposition: 'retry', kind: 'server', advice: 'the request timed out; retrying.' };
  if (status === 429 || status >= 500) return meaningOfEnvelopeCode(status === 429 ? 429 : 500);
  return meaningOfEnvelopeCode(status);
}
