/**
 * What each kie.ai code means. The envelope `code` decides when present (kie often answers HTTP 200 with an error
 * code), else the HTTP status. Sources: the Market "Get Task Details" page's code table and kie-api.md §4.
 */
import type { KieErrorKind } from './errors.js';

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
  | 'fatal';

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

/** Meaning of an envelope `code`. Unknown 5xx codes are treated as server errors; anything else unknown is fatal. */
export function meaningOfEnvelopeCode(code: number): CodeMeaning {
  const known = ENVELOPE_CODES[code];
  if (known) return known;
  if (code >= 500 && code < 600) return ENVELOPE_CODES[500]!;
  return {
    disposition: 'fatal',
    kind: 'unexpected',
    advice: `unexpected code ${code}; this client does not know what it means.`,
  };
}

/** Meaning of an HTTP status when the body carries no envelope code (proxies, gateways, HTML error pages). */
export function meaningOfHttpStatus(status: number): CodeMeaning {
  if (status >= 200 && status < 300) return ENVELOPE_CODES[200]!;
  // At the HTTP layer, 408 is "request timeout": the request may simply be sent again.
  if (status === 408)
    return { disposition: 'retry', kind: 'server', advice: 'the request timed out; retrying.' };
  if (status === 429 || status >= 500) return meaningOfEnvelopeCode(status === 429 ? 429 : 500);
  return meaningOfEnvelopeCode(status);
}
