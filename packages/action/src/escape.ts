/**
 * Neutralising text for the runner's log and for file commands. The runner treats any stdout line that starts
 * (after whitespace) with `::` — or the legacy `##[` — as a workflow command, so text from the API (failMsg, URLs,
 * prompts) must never reach the start of a line unchanged.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */

// A zero-width space: invisible in the log, but "::" and "##[" no longer match.
const ZWSP = '\u200b';
// C0 controls and DEL, except tab and the line breaks handled separately: ESC sequences could rewrite the log view.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/g;

/**
 * Makes text safe to write to the log: every line that would parse as a workflow command gets a zero-width space
 * inside its `::` (or `##[`) prefix, and control characters become `�`. Line breaks are kept.
 */
export function neutralizeCommands(text: string): string {
  return text
    .replace(CONTROL, '\ufffd')
    .split(/\r\n|\r|\n/)
    .map((line) => line.replace(/^(\s*)(:)(:)/, `$1$2${ZWSP}$3`).replace(/^(\s*)(#)(#\[)/, `$1$2${ZWSP}$3`))
    .join('\n');
}

/** Escapes the data part of a workflow command (`::error::<data>`), as @actions/core does. */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** Collapses text to one line (`⏎` marks the breaks), for log lines that must stay one line. */
export function oneLine(text: string): string {
  return text.replace(/\r\n|\r|\n/g, ' ⏎ ');
}

/** Replaces every occurrence of each secret with `***`. */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text;
  for (const secret of secrets) if (secret) out = out.split(secret).join('***');
  return out;
}
