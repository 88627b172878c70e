import { describe, expect, it } from 'vitest';
import { parseDuration } from './duration.js';

// The grammar itself is tested in the core; this checks the CLI's error.
describe('parseDuration (CLI)', () => {
  it('returns milliseconds', () => {
    expect(parseDuration('1h30m')).toBe(5_400_000);
    expect(parseDuration('90')).toBe(90_000);
  });

  it.each(['', 'abc', '30m1h', '0', '30d'])('rejects %j naming the accepted forms', (text) => {
    expect(() => parseDuration(text)).toThrow(
      /Invalid duration .*500ms, 90s, 15m \(or 15min, 15 minutes\), 1h, 1h30m, or a number of seconds/,
    );
  });
});
