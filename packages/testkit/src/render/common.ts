import type { Phase, StateTable, TaskSnapshot, TimeFormat } from '../types.js';
// Helpers shared by the family renderers: state tables, timestamp formats, result URLs, error fields.

/** The formats accepted in `TaskScenario.timeFormat`. */
export const TIME_FORMATS: readonly TimeFormat[] = ['epoch-ms', 'iso', 'sql'];

/** The phase of a raw state according to `table`; unknown states are pending. */
export function phaseIn(table: StateTable, state: string): Phase {
  if (table.success.includes(state)) return 'success';
  if (table.fail.includes(state)) return 'fail';
  if (table.callbackFail?.includes(state)) return 'callback-fail';
  return 'pending';
}

/** `ms` in the snapshot's time format. */
export function time(s: TaskSnapshot, ms: number): number | string {
  return formatTime(ms, s.timeFormat);
}

/** `ms` (or null) in the snapshot's time format; null shows as the snapshot's blank. */
export function timeOrBlank(s: TaskSnapshot, ms: number | null): number | string | null {
  return ms === null ? s.blank : time(s, ms);
}

/** Formats epoch ms as `format` says. */
function formatTime(ms: number, format: TimeFormat): number | string {
  if (format === 'epoch-ms') return ms;
  const iso = new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
  return format === 'iso' ? iso : iso.slice(0, 19).replace('T', ' ');
}

/** A raw state as an integer flag: `'1'` → 1; states that are not integers are sent as the string. */
export function intFlag(state: string): number | string {
  return /^-?\d+$/.test(state) ? Number(state) : state;
}

/** A failure code as the dedicated families send it: a number when numeric, else the string (or null). */
export function numericCode(code: string | null): number | string | null {
  if (code === null) return null;
  return /^-?\d+$/.test(code.trim()) ? Number(code) : code;
}

/** A fake result URL on the server: `<url>/files/<taskId>-<suffix>.<ext>`. */
export function fileUrl(s: TaskSnapshot, suffix: string | number, ext: string): string {
  return `${s.serverUrl}/files/${encodeURIComponent(s.taskId)}-${suffix}.${ext}`;
}

/** True when the phase shows results (success, or success whose callback failed). */
export function showsResults(s: TaskSnapshot): boolean {
  return s.phase === 'success' || s.phase === 'callback-fail';
}

/**
 * The family's result payload: null unless results show; then the scenario's `response` if given (verbatim,
 * null included), else `fallback()`.
 */
export function payload<T>(s: TaskSnapshot, fallback: () => T): T | Record<string, unknown> | null {
  if (!showsResults(s)) return null;
  return s.response === undefined ? fallback() : s.response;
}

/** `errorCode` / `errorMessage` of the families that use those names (blank unless there is a failure). */
export function errorFields(s: TaskSnapshot): { errorCode: unknown; errorMessage: unknown } {
  return {
    errorCode: s.failCode === null ? s.blank : numericCode(s.failCode),
    errorMessage: s.failMsg ?? s.blank,
  };
}

/**
 * The record layout shared by the integer-`successFlag` families (Veo, Flux Kontext, Midjourney, Luma): task ID,
 * `paramJson`, times, `successFlag`, `errorCode`/`errorMessage`, and the family's own result fields.
 */
export function flagRecord(s: TaskSnapshot, results: Record<string, unknown>): Record<string, unknown> {
  return {
    taskId: s.taskId,
    paramJson: s.param,
    completeTime: timeOrBlank(s, s.completeTime),
    ...results,
    successFlag: intFlag(s.state),
    ...errorFields(s),
    createTime: time(s, s.createTime),
  };
}

/** The createTask/generate body as an object, if `param` is a JSON object; else `{}`. */
export function paramObject(s: TaskSnapshot): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(s.param);
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
      return value as Record<string, unknown>;
    }
  } catch {
    // not JSON: fall through
  }
  return {};
}
