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
function isHttpUrl(value: string): boolean {
  return /^https?:\/\/[^\s]+$/i.test(value);
}

/**
 * Result URLs kept per record. kie.ai returns a handful; the 4 MiB answer cap still admits ~160,000, which would
 * flood the log, the outputs and the downloads. The rest are cut with a warning.
 */
const MAX_RESULT_URLS = 1_000;

/** Skipped entries named one by one in the warnings; the others are counted in one more line. */
const MAX_SKIP_WARNINGS = 10;

/**
 * Gathers result URLs in order, once each (a Set: linear, whatever the length), at most {@link MAX_RESULT_URLS};
 * names the first skipped entries in the warnings and counts the rest. Feed it with {@link add} while
 * {@link full} is false, then call {@link done}.
 */
export class ResultUrls {
  readonly #urls = new Set<string>();
  readonly #warnings: string[];
  #skipped = 0;

  constructor(warnings: string[]) {
    this.#warnings = warnings;
  }

  /** True once {@link MAX_RESULT_URLS} are kept: stop feeding. */
  get full(): boolean {
    return this.#urls.size >= MAX_RESULT_URLS;
  }

  /** Keeps `value` if it is an http(s) URL string, else warns with `skipped(value)` (null: skip silently). */
  add(value: unknown, skipped: (value: unknown) => string | null): void {
    if (typeof value === 'string' && isHttpUrl(value)) {
      this.#urls.add(value);
      return;
    }
    const warning = skipped(value);
    if (warning === null) return;
    this.#skipped += 1;
    if (this.#skipped <= MAX_SKIP_WARNINGS) this.#warnings.push(warning);
  }

  /** The URLs; `total` entries were offered at `path` (more than were read when {@link full} stopped it). */
  done(path: string, total: number, read: number): string[] {
    const unnamed = this.#skipped - MAX_SKIP_WARNINGS;
    if (unnamed > 0) this.#warnings.push(`${path}: ${unnamed} more entries skipped`);
    if (read < total) {
      this.#warnings.push(
        `${path} has ${total} entries; kept the first ${MAX_RESULT_URLS} result URLs, the rest were cut`,
      );
    }
    return [...this.#urls];
  }
}

/**
 * Collects the http(s) URL strings of an array in order, once each, at most {@link MAX_RESULT_URLS}; reports what
 * it skipped or cut.
 */
export function urlList(value: unknown, path: string, warnings: string[]): string[] {
  if (value === undefined || value === null) return [];
  const items: readonly unknown[] = Array.isArray(value) ? value : [value];
  const urls = new ResultUrls(warnings);
  let index = 0;
  for (; index < items.length && !urls.full; index += 1) {
    urls.add(items[index], (item) =>
      typeof item === 'string' && item !== ''
        ? `${path}[${index}] is not an http(s) URL; skipped`
        : `${path}[${index}] is not a URL string; skipped`,
    );
  }
  return urls.done(path, items.length, index);
}

/** Parses an embedded JSON field (string or object), recording a warning instead of throwing. */
function embeddedObject(data: JsonObject, field: string, warnings: string[]): JsonObject | null {
  const { value, problem } = readEmbeddedJson(data[field], `data.${field}`, warnings);
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
  const { value, problem } = readEmbeddedJson(param.input, `data.${field}.input`, warnings);
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
