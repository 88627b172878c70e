// The `{code, msg|message, data}` envelope every kie.ai JSON answer is wrapped in.

/** Messages the real API sends with each envelope code (kie-api.md §4), used when a fault gives none. */
const MESSAGES: Readonly<Record<number, string>> = {
  200: 'success',
  400: 'Bad request',
  401: 'You do not have access permissions',
  402: 'Credits insufficient',
  404: 'Task not found',
  408: 'Upstream timeout: no result',
  422: 'recordInfo is null',
  429: 'rate limited',
  433: 'Request Limit – the subkey usage exceeded the limit',
  451: 'Failed to fetch the image',
  455: 'Service unavailable: maintenance',
  500: 'Server error',
  501: 'Generation failed',
  505: 'Feature disabled',
};

/** The usual message for an envelope code. */
export function defaultMessage(code: number): string {
  return MESSAGES[code] ?? `Error ${code}`;
}

/** Serialises an envelope; `messageKey` is `msg` (most endpoints) or `message` (the Market Query Task page). */
export function envelope(
  code: number,
  message: string,
  data: unknown,
  messageKey: 'msg' | 'message' = 'msg',
): string {
  return JSON.stringify({ code, [messageKey]: message, data });
}
