/** parseTaskResponse: one kie.ai status response (or callback body) → one normalised TaskRecord. */
import { openEnvelope } from './envelope.js';
import { KieParseError } from './errors.js';
import { getFamily } from './families/index.js';
import { isJsonObject, tooDeepWarning, typeOf, withinDepth } from './json.js';
import type { FamilyReading, JsonObject, TaskFamily, TaskRecord } from './types.js';

/** Options for {@link parseTaskResponse}. */
export interface ParseTaskResponseOptions {
  /** The HTTP status, when known; decides the outcome when the body has no envelope `code`. */
  httpStatus?: number;
  /** The task family; default `'market'`. */
  family?: string;
  /** The task asked for: used when a failure envelope carries no `data.taskId`, and checked against it. */
  taskId?: string;
  /** `Retry-After`, already parsed, to attach to retryable errors. */
  retryAfterMs?: number | null;
}

/**
 * Parses a status response (`GET /api/v1/jobs/recordInfo` and the other families' endpoints) or a callback body.
 *
 * `body` is the response text or the already-parsed JSON. Generation failures (envelope 501, 408, 451) are outcomes,
 * not request errors: they return a record with `status: 'failed'`, `failCode` = the code and `failMsg` = the message.
 *
 * @throws {KieApiError} when the envelope `code` (or, without one, the HTTP status) says the request failed.
 * @throws {KieParseError} when the body is not a valid record; `path` names the offending part.
 * Nothing else is ever thrown, whatever the input.
 */
export function parseTaskResponse(body: unknown, options: ParseTaskResponseOptions = {}): TaskRecord {
  const family = familyFor(options.family);
  const envelope = openEnvelope(body, options);
  // Bounded first: nothing below (nor any caller walking the record) meets a structure too deep for the stack.
  const { value: data, cut } = withinDepth(envelope.data);
  const depthWarnings = cut ? [tooDeepWarning('data')] : [];
  if (envelope.disposition === 'generation-failed') {
    return failedRecord(family, envelope.code, envelope.apiMessage, data, { ...options, depthWarnings });
  }
  if (!isJsonObject(data)) throw new KieParseError('data', `expected an object, got ${typeOf(data)}`);
  return assemble(family.name, data, family.read(data), { ...options, depthWarnings });
}

function familyFor(name: string | undefined): TaskFamily {
  try {
    return getFamily(name);
  } catch (error) {
    throw new KieParseError('family', (error as Error).message);
  }
}

function taskIdOf(data: JsonObject): string | null {
  const id = data.taskId ?? data.task_id;
  return typeof id === 'string' && id !== '' ? id : null;
}

/** What assembling needs beyond the caller's options: warnings found before the family read the data. */
interface AssembleOptions extends ParseTaskResponseOptions {
  depthWarnings: string[];
}

function assemble(
  family: string,
  data: JsonObject,
  reading: FamilyReading,
  options: AssembleOptions,
): TaskRecord {
  const taskId = taskIdOf(data) ?? options.taskId;
  if (!taskId) throw new KieParseError('data.taskId', 'missing');
  const warnings = [...options.depthWarnings, ...reading.warnings];
  if (options.taskId && taskId !== options.taskId) {
    warnings.push(`asked for task ${options.taskId} but the record is for ${taskId}`);
  }
  return { taskId, ...reading, family, warnings, raw: data };
}

// A generation failure may come with a full record (callbacks do) or with none (status queries do).
function failedRecord(
  family: TaskFamily,
  code: number,
  apiMessage: string | null,
  data: unknown,
  options: AssembleOptions,
): TaskRecord {
  const raw = isJsonObject(data) ? data : {};
  let reading: FamilyReading | null = null;
  try {
    reading = isJsonObject(data) ? family.read(data) : null;
  } catch {
    // The record attached to a failure is a bonus: a malformed one must not hide the failure itself.
  }
  const base = reading ?? emptyReading(family.failedState);
  return assemble(
    family.name,
    raw,
    {
      ...base,
      state: base.status === 'failed' ? base.state : family.failedState,
      status: 'failed',
      failCode: base.failCode ?? String(code),
      failMsg: base.failMsg ?? apiMessage,
    },
    options,
  );
}

function emptyReading(state: string): FamilyReading {
  return {
    state,
    status: 'failed',
    model: null,
    param: null,
    result: null,
    resultUrls: [],
    failCode: null,
    failMsg: null,
    createTime: null,
    updateTime: null,
    completeTime: null,
    costTimeSeconds: null,
    creditsConsumed: null,
    progress: null,
    warnings: [],
  };
}
