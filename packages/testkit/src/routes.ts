// The non-status routes: createTask, credits, and the fixed error answers (files: files.ts).
import { jsonAnswer } from './answer.js';
import type { Answer } from './answer.js';
import { envelope } from './envelope.js';
import type { TaskScenario } from './scenario.js';
import type { TaskStore } from './tasks.js';
import { isPlainObject } from './validate.js';

/** Lifecycle of created tasks when the options give none: a quick but complete walk through every state. */
export const DEFAULT_CREATED_SCENARIO: Omit<TaskScenario, 'taskId'> = {
  timeline: [
    { state: 'waiting' },
    { state: 'queuing', afterMs: 300 },
    { state: 'generating', afterMs: 600 },
    { state: 'success', afterMs: 1200 },
  ],
};

/**
 * `POST /api/v1/jobs/createTask` with `{model, callBackUrl?, input}`: adds a task whose `param` is the body.
 * Bad bodies get HTTP 200 with envelope 422, like the real API's validation errors.
 * @returns the answer and the created task's id (null if none was created)
 */
export function createTask(
  body: string,
  store: TaskStore,
  lifecycle: Omit<TaskScenario, 'taskId'>,
  now: number,
): { answer: Answer; taskId: string | null } {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { answer: jsonAnswer(200, envelope(422, 'Invalid JSON body', null)), taskId: null };
  }
  const model = isPlainObject(json) ? json['model'] : undefined;
  if (typeof model !== 'string' || model === '') {
    return { answer: jsonAnswer(200, envelope(422, 'model is required', null)), taskId: null };
  }
  const taskId = store.nextId(model);
  store.add({ ...lifecycle, taskId, model, param: body }, now);
  return { answer: jsonAnswer(200, envelope(200, 'success', { taskId })), taskId };
}

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

/** HTTP 429 from the rate limiter. */
export function rateLimited(retryAfterSeconds: number): Answer {
  return jsonAnswer(429, envelope(429, 'rate limited', null), { 'retry-after': String(retryAfterSeconds) });
}

/** HTTP 400 for a status query without `taskId`. */
export function missingTaskId(): Answer {
  return jsonAnswer(400, envelope(400, 'taskId is required', null));
}

/** HTTP 413 for bodies larger than the server reads. */
export function tooLarge(): Answer {
  return jsonAnswer(413, envelope(413, 'Request body too large', null));
}
