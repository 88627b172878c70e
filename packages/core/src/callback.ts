/**
 * Callbacks: kie.ai POSTs the outcome to your `callBackUrl`. The market callback is shaped like a status response;
 * the dedicated families send `{ code, msg, data: { … } }` with their own (often snake_case) field names, and put
 * the task ID in `data.taskId`, `data.task_id` or the root `taskId`.
 */
import { KieParseError } from './errors.js';
import { creditsConsumed } from './families/fields.js';
import { getFamily } from './families/index.js';
import { isJsonObject, parseJsonText, typeOf } from './json.js';
import type { JsonObject, TaskFamily, TaskRecord } from './types.js';
import { parseTaskResponse } from './record.js';

/** A parsed callback: a TaskRecord, plus Suno's `callbackType` (`text`, `first`, `complete`, `error`). */
export interface CallbackRecord extends TaskRecord {
  callbackType: string | null;
}

// Suno reports progress by callback too: only `complete` is the end.
const INTERMEDIATE_CALLBACKS = new Set(['text', 'first']);

/**
 * Parses a callback body (text or parsed JSON). The envelope `code` decides the outcome: 200 is success, anything
 * else is a failed generation (`failCode` = the code, `failMsg` = the message). The signature covers only the task
 * ID and timestamp, not this body: treat a callback as a trigger and confirm with a status query.
 * @throws {KieParseError} when the body is not a callback or carries no task ID.
 */
export function parseCallback(body: unknown, options: { family?: string } = {}): CallbackRecord {
  const family = familyFor(options.family);
  const envelope = typeof body === 'string' ? parseJsonText(body, '$') : body;
  if (!isJsonObject(envelope))
    throw new KieParseError('$', `expected a JSON object, got ${typeOf(envelope)}`);
  const data = isJsonObject(envelope.data) ? envelope.data : {};
  const taskId = firstString(data.taskId, data.task_id, envelope.taskId);
  if (!taskId) throw new KieParseError('data.taskId', 'no task ID in data.taskId, data.task_id or taskId');
  const callbackType = firstString(data.callbackType);

  if (family.name === 'market') {
    return { ...parseTaskResponse(envelope, { family: 'market', taskId }), callbackType };
  }
  return { ...dedicatedCallback(family, envelope, data, taskId, callbackType), callbackType };
}

function dedicatedCallback(
  family: TaskFamily,
  envelope: JsonObject,
  data: JsonObject,
  taskId: string,
  callbackType: string | null,
): TaskRecord {
  const code = Number(envelope.code);
  const message = firstString(envelope.msg, envelope.message);
  const warnings: string[] = [];
  const succeeded = code === 200 && callbackType !== 'error';
  const pending = succeeded && callbackType !== null && INTERMEDIATE_CALLBACKS.has(callbackType);
  const resultUrls = succeeded ? (family.callbackUrls?.(data, warnings) ?? []) : [];
  return {
    taskId,
    model: null,
    state: callbackType ?? (succeeded ? 'success' : 'fail'),
    status: pending ? 'pending' : succeeded ? 'success' : 'failed',
    param: null,
    resultUrls: pending ? [] : resultUrls,
    result: data,
    failCode: succeeded ? null : Number.isFinite(code) ? String(code) : null,
    failMsg: succeeded ? null : message,
    createTime: null,
    updateTime: null,
    completeTime: null,
    costTimeSeconds: null,
    creditsConsumed: creditsConsumed(data, warnings),
    progress: null,
    family: family.name,
    warnings,
    raw: data,
  };
}

function familyFor(name: string | undefined): TaskFamily {
  try {
    return getFamily(name);
  } catch (error) {
    throw new KieParseError('family', (error as Error).message);
  }
}

function firstString(...values: unknown[]): string | null {
  for (const value of values) if (typeof value === 'string' && value !== '') return value;
  return null;
}
