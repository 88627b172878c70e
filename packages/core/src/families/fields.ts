/** Field readers shared by the family modules. */
import { KieParseError } from '../errors.js';
import { isJsonObject, readEmbeddedJson } from '../json.js';
import type { JsonObject } from '../types.js';

/** Reads the required state field as a string (numbers, as in `successFlag`, are stringified). */
export function requiredState(data: JsonObject, field: string): string {
  const value = data[field];
  if (typeof value === 'string' && value !== '') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new KieParseError(
    `data.${field}`,
    value === undefined ? 'missing' : `expected a state, got ${JSON.stringify(value)}`,
  );
}

/** True for an absolute http(s) URL: anything else (javascript:, data:, relative paths) is never a result. */
export function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

/** Collects the http(s) URL strings of an array in order, once each; reports what it skipped. */
export function urlList(value: unknown, path: string, warnings: string[]): string[] {
  if (value === undefined || value === null) return [];
  const items = Array.isArray(value) ? value : [value];
  const urls: string[] = [];
  items.forEach((item, index) => {
    if (typeof item === 'string' && isHttpUrl(item)) {
      if (!urls.includes(item)) urls.push(item);
    } else if (typeof item === 'string' && item !== '') {
      warnings.push(`${path}[${index}] is not an http(s) URL; skipped`);
    } else {
      warnings.push(`${path}[${index}] is not a URL string; skipped`);
    }
  });
  return urls;
}

/** Parses an embedded JSON field (string or object), recording a warning instead of throwing. */
function embeddedObject(data: JsonObject, field: string, warnings: string[]): JsonObject | null {
  const { value, problem } = readEmbeddedJson(data[field], `data.${field}`);
  if (problem) warnings.push(problem);
  return value;
}

/**
 * The createTask request kept in `data[field]`. Real market bodies double-encode it: `param` is a JSON string whose
 * `input` is itself a JSON string (kie-api.md §13); older docs show `input` as an object. Both read as an object.
 */
export function requestParam(data: JsonObject, field: string, warnings: string[]): JsonObject | null {
  const param = embeddedObject(data, field, warnings);
  if (!param || typeof param.input !== 'string') return param;
  const { value, problem } = readEmbeddedJson(param.input, `data.${field}.input`);
  if (problem) warnings.push(problem);
  return value ? { ...param, input: value } : param;
}

/**
 * Credits the task cost: `creditsConsumed` (a decimal, e.g. 0.8), or `consumeCredits` in older callback examples.
 * An unreadable value is a warning, not a failed record: the credits are a bonus.
 */
export function creditsConsumed(data: JsonObject, warnings: string[]): number | null {
  const field =
    data.creditsConsumed !== undefined && data.creditsConsumed !== null
      ? 'creditsConsumed'
      : 'consumeCredits';
  return lenientNumber(data[field], `data.${field}`, warnings, (n) => n >= 0);
}

/**
 * Progress in percent (0–100), when the family reports it: market sora2 tasks send 0–100, GPT-4o image sends
 * `"0.00"`–`"1.00"` (`fraction`). Out-of-range or unreadable values are dropped with a warning.
 */
export function progressPercent(
  data: JsonObject,
  warnings: string[],
  scale: 'percent' | 'fraction' = 'percent',
): number | null {
  const value = lenientNumber(
    data.progress,
    'data.progress',
    warnings,
    (n) => n >= 0 && n <= (scale === 'fraction' ? 1 : 100),
  );
  return value === null ? null : scale === 'fraction' ? Math.round(value * 10_000) / 100 : value;
}

/** Where kie.ai reports `costTime`: seconds in every real body (§13), although the OpenAPI says milliseconds. */
export function costTimeSeconds(data: JsonObject, warnings: string[]): number | null {
  return lenientNumber(data.costTime, 'data.costTime', warnings, (n) => n >= 0);
}

// A finite number (numeric strings too) that passes `valid`; `""`, null and absent are null; anything else warns.
function lenientNumber(
  value: unknown,
  path: string,
  warnings: string[],
  valid: (n: number) => boolean,
): number | null {
  if (value === undefined || value === null || value === '') return null;
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n === 'number' && Number.isFinite(n) && valid(n)) return n;
  warnings.push(`${path} is not a usable number; ignored`);
  return null;
}

/** Reads `object.key` when `object` is an object. */
export function child(object: unknown, key: string): unknown {
  return isJsonObject(object) ? object[key] : undefined;
}
