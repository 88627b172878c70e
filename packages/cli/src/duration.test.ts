import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['90s', 90_000],
    ['15m', 900_000],
    ['1h', 3_600_000],
    ['1h30m', 5_400_000],
    ['1m30s', 90_000],
    ['2h5m10s250ms', 7_510_250],
    ['1.5s', 1_500],
    ['90', 90_000],
    ['0.05', 50],
    [' 30M ', 1_800_000],
  ])('%s → %d ms', (text, ms) => {
    expect(parseDuration(text)).toBe(ms);
  });

  it.each(['', 'abc', '5x', '-5s', '1h-30m', 's', '1 h', '30m1h', '1m1m', '0', '0s', '1e3', '30d'])(
    'rejects %j',
    (text) => {
      expect(() => parseDuration(text)).toThrow(/Invalid duration .*500ms, 90s, 15m, 1h, 1h30m/);
    },
  );

  it('explains unit order and the 24-day limit', () => {
    expect(() => parseDuration('30m1h')).toThrow(/largest to smallest/);
    expect(() => parseDuration('600h')).toThrow(/at most 24 days/);
  });
});
