/** Human durations, as the Action's inputs and the CLI's flags take them: `500ms`, `90s`, `15m`, `1h30m`, `90`. */
import { MAX_TIMER_MS } from './timer-limit.js';

/** The accepted forms, for error messages. */
export const DURATION_FORMS = '500ms, 90s, 15m, 1h, 1h30m, or a number of seconds';

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const ORDER = ['h', 'm', 's', 'ms'];
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|h|m|s)/gy;

/**
 * Parses a duration into milliseconds (rounded). A bare number is seconds; units go largest first, each at most once
 * (`1h30m`, not `30m1h`). Returns null for anything else, for zero, and for more than 24 days.
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
      const rank = ORDER.indexOf(match[2]!);
      if (rank <= lastRank) return null;
      lastRank = rank;
      ms += Number(match[1]) * UNIT_MS[match[2]!]!;
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
