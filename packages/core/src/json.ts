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

/**
 * How deep a record may nest. kie.ai's records nest a handful of levels; a deeper part is left out (see
 * {@link withinDepth}) so that nothing downstream — JSON.stringify, a presenter's walk — can overflow the stack.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * A copy of `value` in which every array or object nested deeper than `maxDepth` levels is replaced by null, and
 * whether anything was. Iterative, so any depth is safe, and linear in the size of the value.
 */
export function withinDepth(
  value: unknown,
  maxDepth: number = MAX_JSON_DEPTH,
): { value: unknown; cut: boolean } {
  if (typeof value !== 'object' || value === null) return { value, cut: false };
  let cut = false;
  const copyOf = (source: object): Record<string, unknown> | unknown[] =>
    Array.isArray(source) ? new Array<unknown>(source.length) : {};
  const root = copyOf(value);
  // Each entry: a container to copy, its copy, and its depth (the root is at 1).
  const stack: { from: object; to: Record<string, unknown> | unknown[]; depth: number }[] = [
    { from: value, to: root, depth: 1 },
  ];
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const { from, to, depth } = entry;
    for (const [key, child] of Object.entries(from) as [string, unknown][]) {
      let copied: unknown = child;
      if (typeof child === 'object' && child !== null) {
        if (depth >= maxDepth) {
          cut = true;
          copied = null;
        } else {
          const copy = copyOf(child);
          stack.push({ from: child, to: copy, depth: depth + 1 });
          copied = copy;
        }
      }
      // defineProperty: a `__proto__` key from the JSON stays an own property instead of setting the prototype.
      Object.defineProperty(to, key, { value: copied, enumerable: true, writable: true, configurable: true });
    }
  }
  return { value: root, cut };
}

/** The warning a record carries when {@link withinDepth} left part of `path` out. */
export function tooDeepWarning(path: string): string {
  return `${path} is nested deeper than ${MAX_JSON_DEPTH} levels; the deeper parts were left out`;
}

/**
 * kie.ai sends some fields as JSON strings and some proxies as objects: accept both; `""` and null are absent. A
 * value nested too deeply keeps its first {@link MAX_JSON_DEPTH} levels, with a warning.
 */
export function readEmbeddedJson(
  value: unknown,
  path: string,
  warnings: string[],
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
  const bounded = withinDepth(parsed);
  if (bounded.cut) warnings.push(tooDeepWarning(path));
  return { value: bounded.value as JsonObject, problem: null };
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
