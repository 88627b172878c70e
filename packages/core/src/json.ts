/** Small helpers for reading untrusted JSON without throwing anything but KieParseError. */
import { KieParseError } from './errors.js';
import type { JsonObject } from './types.js';

/** True for plain objects (not arrays, not null). */
export function isJsonObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses JSON text, turning a syntax error into a KieParseError at `path`. */
export function parseJsonText(text: string, path: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    const preview = text.length > 60 ? `${text.slice(0, 60)}…` : text;
    throw new KieParseError(path, `not valid JSON (${JSON.stringify(preview)})`);
  }
}

/** kie.ai sends some fields as JSON strings and some proxies as objects: accept both; `""` and null are absent. */
export function readEmbeddedJson(
  value: unknown,
  path: string,
): { value: JsonObject | null; problem: string | null } {
  if (value === undefined || value === null || value === '') return { value: null, problem: null };
  if (isJsonObject(value)) return { value, problem: null };
  if (typeof value !== 'string')
    return { value: null, problem: `${path} is a ${typeOf(value)}, not a JSON string` };
  let parsed: unknown;
  try {
    parsed = JSON.parse(value);
  } catch {
    return { value: null, problem: `${path} is not valid JSON` };
  }
  if (!isJsonObject(parsed)) return { value: null, problem: `${path} is JSON but not an object` };
  return { value: parsed, problem: null };
}

/** Reads an optional string: `""`, null and absent all mean null; numbers are stringified (kie sends failCode both ways). */
export function optionalString(value: unknown, path: string): string | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new KieParseError(path, `expected a string, got ${typeOf(value)}`);
}

/** Names a JSON value's type for error messages. */
export function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}
