// The small non-status routes: credits and the fixed error answers (createTask: create.ts; files: files.ts).
import { jsonAnswer } from './answer.js';
import type { Answer } from './answer.js';
import { envelope } from './envelope.js';
import type { TaskScenario } from './scenario.js';

/** Lifecycle of created tasks when the options give none: a quick but complete walk through every state. */
export const DEFAULT_CREATED_SCENARIO: Omit<TaskScenario, 'taskId'> = {
  timeline: [
    { state: 'waiting' },
    { state: 'queuing', afterMs: 300 },
    { state: 'generating', afterMs: 600 },
    { state: 'success', afterMs: 1200 },
  ],
};

/** `GET /api/v1/chat/credit`. */
export function credit(credits: number): Answer {
  return jsonAnswer(200, envelope(200, 'success', credits));
}

/** HTTP 404 for routes that do not exist. */
export function notFound(): Answer {
  return jsonAnswer(404, envelope(404, 'Not found', null));
}

/** HTTP 401 for a missing or wrong key, with the real API's message. */
export function unauthorized(): Answer {
  return jsonAnswer(401, envelope(401, 'You do not have access permissions', null));
}

/** HTTP 429 from a rate limiter; `retryAfterSeconds` undefined sends no `Retry-After` header. */
export function rateLimited(retryAfterSeconds: number | undefined): Answer {
  const headers: Record<string, string> =
    retryAfterSeconds === undefined ? {} : { 'retry-after': String(retryAfterSeconds) };
  return jsonAnswer(429, envelope(429, 'rate limited', null), headers);
}

/** HTTP 400 for a status query without `taskId`. */
export function missingTaskId(): Answer {
  return jsonAnswer(400, envelope(400, 'taskId is required', null));
}

/** HTTP 413 for bodies larger than the server reads. */
export function tooLarge(): Answer {
  return jsonAnswer(413, envelope(413, 'Request body too large', null));
}
