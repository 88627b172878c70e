/**
 * The dedicated (non-market) families share one record layout: a state field (`successFlag` as an integer or a
 * string, or `status`), `errorCode`/`errorMessage`, a `response` object with the results, and string or epoch
 * timestamps. `defineFamily` turns a small spec into a TaskFamily.
 */
import { DEDICATED_CREATE_CODES, type CreateCodes } from '../code-meanings.js';
import { KieParseError } from '../errors.js';
import { optionalString, isJsonObject } from '../json.js';
import { parseTimestamp } from '../time.js';
import {
  child,
  costTimeSeconds,
  creditsConsumed,
  ResultUrls,
  progressPercent,
  requestParam,
} from './fields.js';
import type { FamilyReading, JsonObject, TaskFamily, TaskStatus } from '../types.js';

/** What varies between the dedicated families. */
export interface FamilySpec {
  name: string;
  /** Status endpoint path, without the query. */
  path: string;
  /** Create endpoint path (POST; the body is the family's own), when tasks can be created here. */
  createPath?: string;
  /** The create endpoint's own envelope codes, over DEDICATED_CREATE_CODES. */
  createCodes?: CreateCodes;
  /** State fields in order of preference; the first one present is the state. */
  stateFields: readonly string[];
  /** Every documented state value and what it means. Unknown values are pending, with a warning. */
  states: Readonly<Record<string, TaskStatus>>;
  /**
   * States that mean "the callback failed" while the generation itself may have worked (Luma's flag 4, Suno's
   * CALLBACK_EXCEPTION): success with a warning when results exist, else failed.
   */
  successIfResults?: readonly string[];
  /** The output is text or JSON (lyrics, MIDI): a non-null `result` counts as results. */
  textOutput?: boolean;
  /** Decides states whose meaning depends on other fields (Aleph's 0: "failed or in progress"). */
  resolve?: (state: string, data: JsonObject) => TaskStatus | undefined;
  /** Where the results are: primary URLs in documented order, and the object kept as `result`. */
  results(data: JsonObject, warnings: string[]): { resultUrls: string[]; result: JsonObject | null };
  /** Where the original request is kept (`paramJson`, `param`, `generateParam`). */
  paramField?: string;
  /** `state` reported when kie.ai says "generation failed" without a record. */
  failedState: string;
  minPollIntervalMs?: number;
  /** How `progress` is expressed, when the family sends it: 0–100 (default) or 0–1 (GPT-4o image's `"0.42"`). */
  progressScale?: 'percent' | 'fraction';
  /** Where a callback body's `data` holds the result URLs (see urlsAt), in order. */
  callbackUrlPaths?: readonly string[];
}

/** Builds a family from its spec. */
export function defineFamily(spec: FamilySpec): TaskFamily {
  const family: TaskFamily = {
    name: spec.name,
    failedState: spec.failedState,
    statusPath: (taskId) => `${spec.path}?taskId=${encodeURIComponent(taskId)}`,
    read: (data) => readDedicated(spec, data),
    callbackUrls: (data, warnings) => urlsAt(data, spec.callbackUrlPaths ?? [], warnings),
  };
  const creatable: TaskFamily =
    spec.createPath === undefined
      ? family
      : {
          ...family,
          createPath: spec.createPath,
          createCodes: { ...DEDICATED_CREATE_CODES, ...spec.createCodes },
        };
  return spec.minPollIntervalMs === undefined
    ? creatable
    : { ...creatable, minPollIntervalMs: spec.minPollIntervalMs };
}

function readDedicated(spec: FamilySpec, data: JsonObject): FamilyReading {
  const warnings: string[] = [];
  const state = readState(spec, data);
  const { resultUrls, result } = spec.results(data, warnings);
  let status = spec.resolve?.(state, data) ?? spec.states[state];
  if (status === undefined) {
    status = 'pending';
    warnings.push(`unknown ${spec.name} state "${state}"; treated as still pending`);
  }
  if (spec.successIfResults?.includes(state)) {
    const hasResults = spec.textOutput ? result !== null : resultUrls.length > 0;
    status = hasResults ? 'success' : 'failed';
    if (hasResults)
      warnings.push(`state ${state}: kie.ai could not deliver its callback, but the results exist`);
  }
  const param = spec.paramField ? requestParam(data, spec.paramField, warnings) : null;
  const failCode = optionalString(data.errorCode ?? data.failCode, 'data.errorCode');
  return {
    state,
    status,
    model: optionalString(data.model, 'data.model') ?? modelFrom(param),
    param,
    result,
    resultUrls: status === 'success' ? resultUrls : [],
    // kie sends errorCode 0 / "" with successful records: only a failure has a failure code.
    failCode: status === 'failed' || (failCode !== null && failCode !== '0') ? failCode : null,
    failMsg: optionalString(data.errorMessage ?? data.failMsg ?? data.errorMsg, 'data.errorMessage'),
    createTime: parseTimestamp(data.createTime, 'data.createTime'),
    updateTime: parseTimestamp(data.updateTime, 'data.updateTime'),
    completeTime: parseTimestamp(data.completeTime, 'data.completeTime'),
    costTimeSeconds: costTimeSeconds(data, warnings),
    creditsConsumed: creditsConsumed(data, warnings),
    progress: progressPercent(data, warnings, spec.progressScale),
    warnings,
  };
}

function readState(spec: FamilySpec, data: JsonObject): string {
  for (const field of spec.stateFields) {
    const value = data[field];
    if (typeof value === 'string' && value !== '') return value;
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  }
  throw new KieParseError(`data.${spec.stateFields.join('|')}`, 'missing');
}

function modelFrom(param: JsonObject | null): string | null {
  const model = param?.model;
  return typeof model === 'string' && model !== '' ? model : null;
}

/** Reads URL strings at `paths` (dotted, `[]` maps over arrays) in order, once each, at most MAX_RESULT_URLS. */
export function urlsAt(data: JsonObject, paths: readonly string[], warnings: string[]): string[] {
  const urls = new ResultUrls(warnings);
  let total = 0;
  let read = 0;
  for (const path of paths) {
    const values = valuesAt(data, path);
    total += values.length;
    for (let i = 0; i < values.length && !urls.full; i += 1, read += 1) {
      urls.add(values[i], (value) => {
        if (typeof value === 'string' && value !== '') return `data.${path} is not an http(s) URL; skipped`;
        if (value === null || value === undefined || value === '') return null;
        return `data.${path} has a ${typeof value} where a URL was expected; skipped`;
      });
    }
  }
  return urls.done(`data.${paths.join(' | ')}`, total, read);
}

/** Values at a dotted path; a segment ending in `[]` maps over an array. A JSON-string array is parsed. */
function valuesAt(root: unknown, path: string): unknown[] {
  let current: unknown[] = [root];
  for (const segment of path.split('.')) {
    const many = segment.endsWith('[]');
    const key = many ? segment.slice(0, -2) : segment;
    const next: unknown[] = [];
    for (const value of current) {
      let found = child(value, key);
      if (many && typeof found === 'string') found = parseArray(found);
      // A loop, not push(...found): spreading a huge array overflows the call stack.
      if (many && Array.isArray(found)) for (const item of found as unknown[]) next.push(item);
      else if (!many && found !== undefined) next.push(found);
    }
    current = next;
  }
  return current;
}

function parseArray(text: string): unknown {
  try {
    const parsed: unknown = JSON.parse(text);
    return Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** The object at `key` if it is one. */
export function objectAt(data: JsonObject, key: string): JsonObject | null {
  const value = data[key];
  return isJsonObject(value) ? value : null;
}
