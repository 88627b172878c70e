// Tiny helpers for validating JSON-shaped input with errors that name the exact field, e.g.
// `Invalid scenario: tasks[0].timeline[1].afterMs must be a non-negative number (got -5)`.

/** Thrown when a scenario or options object is malformed; `field` is the path of the bad field. */
export class ScenarioError extends Error {
  /** Path of the offending field, e.g. `tasks[0].faults[1].on` (empty for the top-level value). */
  readonly field: string;

  /**
   * @param field path of the offending field
   * @param problem what is wrong, phrased to follow the field name ("must be …")
   * @param value the offending value, shown (shortened) in the message; omit it to show none
   */
  constructor(field: string, problem: string, ...value: [unknown?]) {
    // A rest tuple tells "no value given" apart from "the value was undefined".
    const got = value.length > 0 ? ` (got ${shortJson(value[0])})` : '';
    super(`Invalid scenario: ${field || 'value'} ${problem}${got}`);
    this.name = 'ScenarioError';
    this.field = field;
  }
}

/** A plain object (`{…}`), as produced by JSON.parse. */
export type PlainObject = Record<string, unknown>;

/** True for `{…}` objects (not arrays, not null, not class instances such as Date). */
export function isPlainObject(value: unknown): value is PlainObject {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** Joins a parent path and a key: `join('tasks[0]', 'model')` → `tasks[0].model`. */
export function join(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  return parent ? `${parent}.${key}` : key;
}

/** Requires a plain object whose keys are all in `allowed` (typos such as `timline` fail loudly). */
export function expectObject(value: unknown, field: string, allowed: readonly string[]): PlainObject {
  if (!isPlainObject(value)) throw new ScenarioError(field, 'must be an object', value);
  for (const key of Object.keys(value)) {
    if (!allowed.includes(key)) {
      throw new ScenarioError(join(field, key), `is not a known field (known: ${allowed.join(', ')})`);
    }
  }
  return value;
}

/** Requires a string (optionally non-empty). */
export function expectString(value: unknown, field: string, nonEmpty = false): string {
  if (typeof value !== 'string') throw new ScenarioError(field, 'must be a string', value);
  if (nonEmpty && value.length === 0) throw new ScenarioError(field, 'must not be empty');
  return value;
}

/** Requires a finite number ≥ `min`, optionally an integer, optionally ≤ `max`. */
export function expectNumber(
  value: unknown,
  field: string,
  rule: { min?: number; max?: number; integer?: boolean } = {},
): number {
  const { min = 0, max = Number.POSITIVE_INFINITY, integer = false } = rule;
  const kind = integer ? 'an integer' : 'a number';
  const range = max === Number.POSITIVE_INFINITY ? `>= ${min}` : `between ${min} and ${max}`;
  if (typeof value !== 'number' || !Number.isFinite(value) || (integer && !Number.isInteger(value))) {
    throw new ScenarioError(field, `must be ${kind} ${range}`, value);
  }
  if (value < min || value > max) throw new ScenarioError(field, `must be ${kind} ${range}`, value);
  return value;
}

/** Requires one of a fixed set of literal values. */
export function expectOneOf<T extends string | number | boolean>(
  value: unknown,
  field: string,
  choices: readonly T[],
): T {
  const found = choices.find((choice) => choice === value);
  if (found === undefined) {
    throw new ScenarioError(
      field,
      `must be one of ${choices.map((c) => JSON.stringify(c)).join(', ')}`,
      value,
    );
  }
  return found;
}

/** Requires an array. */
export function expectArray(value: unknown, field: string): unknown[] {
  if (!Array.isArray(value)) throw new ScenarioError(field, 'must be an array', value);
  return value as unknown[];
}

/** Short, safe rendering of a value for error messages. */
function shortJson(value: unknown): string {
  if (value === undefined) return 'undefined';
  let text: string | undefined;
  try {
    text = JSON.stringify(value);
  } catch {
    text = undefined; // cycles, BigInt
  }
  text ??= `a ${typeof value} that is not JSON`;
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}
