/**
 * Keeping untrusted text from becoming a workflow command: one neutraliser for every line of untrusted text the Action writes, checked against
 * the runner's real parser (actions/runner `ActionCommand.TryParseV2`/`TryParse`, emulated in
 * test/runner-parser.ts). The runner treats a line as a command when
 * - after .NET's `TrimStart()` (which also removes U+0085 NEL, U+00A0, U+1680, U+2000–U+200A, U+2028, U+2029,
 *   U+202F, U+205F, U+3000) it starts with `::`, or
 * - it contains `##[` anywhere (the legacy form; only the first occurrence counts).
 * The runner matches culture-sensitively (ICU), which skips invisible characters: a zero-width space inside `::`
 * does not break it. So the fix is a visible, non-ignorable look-alike, and the dangerous characters of core's table
 * (controls, bidi, zero-width) are replaced first.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import { replaceDangerous } from '@kie-task/core/internal';

// .NET's Char.IsWhiteSpace set, which TrimStart removes before the runner looks for `::`.
const RUNNER_LEADING_SPACE =
  // eslint-disable-next-line no-control-regex -- VT and FF are in that set
  /^[\t\n\u000b\f\r \u0085\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]*/;
/** U+A789 MODIFIER LETTER COLON: reads as a colon, is a letter to ICU, so `꞉:` is no command prefix. */
const COLON_LOOKALIKE = '\ua789';
/** U+FF03 FULLWIDTH NUMBER SIGN: `#＃[` reads as `##[` and is not the legacy prefix. */
const HASH_LOOKALIKE = '\uff03';

/**
 * Makes text safe for the runner's log: dangerous characters become U+FFFD; on every line that would start a
 * command, the first `:` of the leading `::` becomes a look-alike; every `##[` becomes `#＃[`. Line breaks are kept.
 */
export function neutralizeCommands(text: string): string {
  return replaceDangerous(text)
    .split(/\r\n|\r|\n/)
    .map((line) => {
      const lead = RUNNER_LEADING_SPACE.exec(line)?.[0] ?? '';
      const rest = line.slice(lead.length);
      const safe = rest.startsWith('::') ? COLON_LOOKALIKE + rest.slice(1) : rest;
      return (lead + safe).replace(/##\[/g, `#${HASH_LOOKALIKE}[`);
    })
    .join('\n');
}

/** Collapses text to one line (`⏎` marks the breaks), for log lines that must stay one line. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ⏎ ');
}
