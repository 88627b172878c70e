import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['2m30s', 150_000],
    ['1s500ms', 1_500],
    ['90', 90_000],
    ['0.5', 500],
    ['1.5m', 90_000],
    [' 15M ', 900_000],
    ['.5s', 500],
    // The spellings people type: long units, spaces.
    ['5min', 300_000],
    ['5 m', 300_000],
    ['5 mins', 300_000],
    ['5 minutes', 300_000],
    ['1 h', 3_600_000],
    ['1h 30m', 5_400_000],
    ['1 hour 30 min', 5_400_000],
    ['2hrs', 7_200_000],
    ['90 sec', 90_000],
    ['45 seconds', 45_000],
    ['250 msec', 250],
  ])('%s is %i ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each([
    '',
    'abc',
    '10x',
    '30m1h',
    '1m1m',
    '0',
    '0s',
    '-5s',
    '5 lightyears',
    '5mi',
    '1h 1 h',
    'ms',
    '25d',
    '600h',
    '5m extra',
  ])('rejects %j', (text) => {
    expect(parseDuration(text)).toBeNull();
  });
});
