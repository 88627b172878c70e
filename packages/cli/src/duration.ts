/** `--timeout`/`--interval` values: the core's duration parser, with an error that says what to type instead. */
import { DURATION_FORMS, parseDuration as parse } from '@kie-task/core/internal';

/**
 * Parses a duration into milliseconds, like core's `parseDuration`, but throws where that returns null.
 * @throws {RangeError} naming the accepted forms
 */
export function parseDurationOrThrow(text: string): number {
  const ms = parse(text);
  if (ms === null) {
    throw new RangeError(`Invalid duration "${String(text)}": use ${DURATION_FORMS} (at most 24 days).`);
  }
  return ms;
}
