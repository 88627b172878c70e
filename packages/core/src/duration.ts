/** Human durations, as the Action's inputs and the CLI's flags take them: `500ms`, `90s`, `15m`, `1h30m`, `90`. */
import { MAX_TIMER_MS } from './timer-limit.js';

/** The accepted forms, for error messages. */
export const DURATION_FORMS = '500ms, 90s, 15m (or 15min, 15 minutes), 1h, 1h30m, or a number of seconds';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const ORDER = ['h', 'm', 's', 'ms'];
/** The spellings people type, longest first where one is a prefix of another (`ms` before `m`, `min` before `m`). */
const UNITS: ReadonlyArray<[RegExp, string]> = [
  [/^(milliseconds?|msecs?|ms)$/, 'ms'],
  [/^(hours?|hrs?|h)$/, 'h'],
  [/^(minutes?|mins?|m)$/, 'm'],
  [/^(seconds?|secs?|s)$/, 's'],
];
/** A number and a unit, spaces allowed around both: `5m`, `5 m`, `5min`, `1h 30m`. */
const PART = /\s*(\d+(?:\.\d+)?|\.\d+)\s*([a-z]+)\s*/gy;

/**
 * Parses a duration into milliseconds (rounded). A bare number is seconds; units go largest first, each at most once
 * (`1h30m`, not `30m1h`), spelled short or long (`5m`, `5min`, `5 minutes`), with or without spaces. Returns null
 * for anything else, for zero, and for more than 24 days.
 */
export function parseDuration(text: string): number | null {
  const input = String(text).trim().toLowerCase();
  if (input === '') return null;
  let ms = 0;
  if (/^(\d+(\.\d+)?|\.\d+)$/.test(input)) {
    ms = Number(input) * 1000;
  } else {
    let lastRank = -1;
    let end = 0;
    PART.lastIndex = 0;
    for (let match = PART.exec(input); match; match = PART.exec(input)) {
      const unit = UNITS.find(([spellings]) => spellings.test(match[2]!))?.[1];
      if (unit === undefined) return null;
      const rank = ORDER.indexOf(unit);
      if (rank <= lastRank) return null;
      lastRank = rank;
      ms += Number(match[1]) * UNIT_MS[unit]!;
      end = PART.lastIndex;
    }
    if (end !== input.length) return null;
  }
  const rounded = Math.round(ms);
  return rounded > 0 && rounded <= MAX_TIMER_MS ? rounded : null;
}

/** Formats a duration for humans: `850ms`, `12.3s`, `4m05s`, `1h02m`. */
export function formatMs(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)}ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)}s`;
  const totalSeconds = Math.round(ms / 1000);
  const hours = Math.floor(totalSeconds / 3600);
  const minutes = Math.floor((totalSeconds % 3600) / 60);
  const seconds = totalSeconds % 60;
  if (hours > 0) return `${hours}h${String(minutes).padStart(2, '0')}m`;
  return `${minutes}m${String(seconds).padStart(2, '0')}s`;
}
