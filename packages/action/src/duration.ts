/** Durations in inputs: `500ms`, `90s`, `15m`, `1h`, `1h30m`, or a bare number of seconds. */

const UNITS: readonly (readonly [string, number])[] = [
  ['h', 3_600_000],
  ['m', 60_000],
  ['s', 1_000],
  ['ms', 1],
];
const NUMBER = '(\\d+(?:\\.\\d+)?)';
// Units in descending order, each at most once: 1h30m, 2m30s, 1s500ms. `m(?!s)` keeps "500ms" from reading as minutes.
const COMPOUND = new RegExp(`^(?:${NUMBER}h)?(?:${NUMBER}m(?!s))?(?:${NUMBER}s)?(?:${NUMBER}ms)?$`);

/** The accepted forms, for error messages. */
export const DURATION_FORMS = '500ms, 90s, 15m, 1h, 1h30m or a number of seconds';

/** Parses a duration into milliseconds (rounded); null when the text is not a positive duration. */
export function parseDuration(text: string): number | null {
  const value = text.trim().toLowerCase();
  let ms: number;
  if (/^\d+(\.\d+)?$/.test(value)) {
    ms = Number(value) * 1000;
  } else {
    const match = COMPOUND.exec(value);
    if (!match || value === '') return null;
    ms = UNITS.reduce((sum, [, factor], i) => sum + Number(match[i + 1] ?? 0) * factor, 0);
  }
  const rounded = Math.round(ms);
  return Number.isFinite(rounded) && rounded > 0 ? rounded : null;
}
