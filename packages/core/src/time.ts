/** Timestamps come as epoch milliseconds (market) or as strings in several formats (other families). */
import { KieParseError } from './errors.js';

// "2025-06-06 10:30:00" and "2025-06-06T10:30:00" carry no zone; kie.ai's servers report UTC, so we read them as UTC.
const NAIVE_DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3})\d*)?)?$/;

/**
 * Reads a kie.ai timestamp: epoch milliseconds (number or numeric string), ISO 8601 with a zone, or a date-time
 * without a zone, read as UTC. `""`, `0`, null and absent mean null.
 */
export function parseTimestamp(value: unknown, path: string): Date | null {
  if (value === undefined || value === null || value === '' || value === 0) return null;
  if (typeof value === 'number' || (typeof value === 'string' && /^\d+$/.test(value))) {
    const ms = Number(value);
    if (!Number.isFinite(ms) || ms <= 0) return null;
    return checked(new Date(ms), value, path);
  }
  if (typeof value !== 'string') throw new KieParseError(path, `expected a timestamp, got ${typeof value}`);
  const naive = NAIVE_DATE_TIME.exec(value);
  if (naive) {
    const [, y, mo, d, h, mi, s, frac] = naive;
    const ms = Date.UTC(
      Number(y),
      Number(mo) - 1,
      Number(d),
      Number(h),
      Number(mi),
      Number(s ?? 0),
      Number((frac ?? '0').padEnd(3, '0')),
    );
    return checked(new Date(ms), value, path);
  }
  return checked(new Date(value), value, path);
}

function checked(date: Date, original: unknown, path: string): Date {
  if (Number.isNaN(date.getTime()))
    throw new KieParseError(path, `not a timestamp: ${JSON.stringify(original)}`);
  return date;
}
