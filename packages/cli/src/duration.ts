/** Durations on the command line: `500ms`, `90s`, `15m`, `1h`, `1h30m`, or a bare number of seconds. */

const UNIT_MS: Readonly<Record<string, number>> = { h: 3_600_000, m: 60_000, s: 1_000, ms: 1 };
const ORDER = ['h', 'm', 's', 'ms'];
const PART = /(\d+(?:\.\d+)?|\.\d+)(ms|h|m|s)/gy;
// setTimeout cannot wait longer than 2^31-1 ms (~24.8 days).
const MAX_MS = 2_147_483_647;

/**
 * Parses a duration into milliseconds. Units must come largest first and at most once (`1h30m`, not `30m1h`).
 * @throws {RangeError} with the accepted forms
 */
export function parseDuration(text: string): number {
  const input = String(text).trim().toLowerCase();
  const fail = (why = ''): never => {
    throw new RangeError(
      `Invalid duration "${String(text)}"${why}: use a number of seconds (90) or a number with a unit: ` +
        '500ms, 90s, 15m, 1h, 1h30m.',
    );
  };
  let ms: number;
  if (/^(\d+(\.\d+)?|\.\d+)$/.test(input)) {
    ms = Number(input) * 1000;
  } else {
    ms = 0;
    let lastRank = -1;
    PART.lastIndex = 0;
    let end = 0;
    for (let match = PART.exec(input); match; match = PART.exec(input)) {
      const rank = ORDER.indexOf(match[2]!);
      if (rank <= lastRank) fail(' (units must go from largest to smallest, each once)');
      lastRank = rank;
      ms += Number(match[1]) * UNIT_MS[match[2]!]!;
      end = PART.lastIndex;
    }
    if (input === '' || end !== input.length) fail();
  }
  ms = Math.round(ms);
  if (!(ms > 0)) fail(' (it must be longer than zero)');
  if (ms > MAX_MS) fail(' (at most 24 days)');
  return ms;
}
