import { describe, expect, it } from 'vitest';
import { parseDurationOrThrow } from './duration.js';

// The grammar itself is tested in the core; this checks the CLI's error.
describe('parseDurationOrThrow', () => {
  it('returns milliseconds', () => {
    expect(parseDurationOrThrow('1h30m')).toBe(5_400_000);
    expect(parseDurationOrThrow('90')).toBe(90_000);
  });

  it.each(['', 'abc', '30m1h', '0', '30d'])('rejects %j naming the accepted forms', (text) => {
    expect(() => parseDurationOrThrow(text)).toThrow(
      /Invalid duration .*500ms, 90s, 15m \(or 15min, 15 minutes\), 1h, 1h30m, or a number of seconds/,
    );
  });
});
