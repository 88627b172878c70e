import { describe, expect, it } from 'vitest';
import { seededRandom } from './random.js';

describe('seededRandom', () => {
  it('replays the same numbers for the same seed, in [0, 1), and others for another seed', () => {
    const draw = (seed: number): number[] => Array.from({ length: 1_000 }, seededRandom(seed));
    const a = draw(7_919);
    expect(draw(7_919)).toEqual(a);
    expect(a.every((x) => x >= 0 && x < 1)).toBe(true);
    expect(draw(7_920)).not.toEqual(a);
    // Spread over the interval: each tenth gets about a tenth of the draws.
    for (let tenth = 0; tenth < 10; tenth++) {
      const share = a.filter((x) => Math.floor(x * 10) === tenth).length / a.length;
      expect(share).toBeGreaterThan(0.05);
      expect(share).toBeLessThan(0.15);
    }
  });
});
