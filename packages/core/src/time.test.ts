import { describe, expect, it } from 'vitest';
import { KieParseError } from './errors.js';
import { parseTimestamp } from './time.js';

describe('parseTimestamp', () => {
  it('reads epoch milliseconds as numbers and numeric strings', () => {
    expect(parseTimestamp(1698765432000, 'x')?.toISOString()).toBe('2023-10-31T15:17:12.000Z');
    expect(parseTimestamp('1698765432000', 'x')?.getTime()).toBe(1698765432000);
  });

  it('reads ISO 8601 with a zone', () => {
    expect(parseTimestamp('2024-03-20T10:30:00Z', 'x')?.toISOString()).toBe('2024-03-20T10:30:00.000Z');
    expect(parseTimestamp('2024-03-20T12:30:00+02:00', 'x')?.toISOString()).toBe('2024-03-20T10:30:00.000Z');
  });

  it('reads a date-time without a zone as UTC', () => {
    expect(parseTimestamp('2025-06-06 10:30:00', 'x')?.toISOString()).toBe('2025-06-06T10:30:00.000Z');
    expect(parseTimestamp('2025-06-06T10:30', 'x')?.toISOString()).toBe('2025-06-06T10:30:00.000Z');
    expect(parseTimestamp('2025-06-06 10:30:00.5', 'x')?.toISOString()).toBe('2025-06-06T10:30:00.500Z');
  });

  it('treats absent, null, "" and 0 as no time', () => {
    for (const value of [undefined, null, '', 0]) expect(parseTimestamp(value, 'x')).toBeNull();
  });

  it('throws a KieParseError with the path for garbage', () => {
    expect(() => parseTimestamp('yesterday', 'data.createTime')).toThrow(KieParseError);
    expect(() => parseTimestamp({}, 'data.createTime')).toThrow(/data\.createTime/);
  });
});
