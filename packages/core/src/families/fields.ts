/** Field readers shared by the family modules. */
import { KieParseError } from '../errors.js';
import { isJsonObject, readEmbeddedJson, type JsonObject } from '../json.js';

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
export function embeddedObject(data: JsonObject, field: string, warnings: string[]): JsonObject | null {
  const { value, problem } = readEmbeddedJson(data[field], `data.${field}`);
  if (problem) warnings.push(problem);
  return value;
}

/** Reads `object.key` when `object` is an object. */
export function child(object: unknown, key: string): unknown {
  return isJsonObject(object) ? object[key] : undefined;
}
