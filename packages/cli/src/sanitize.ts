/**
 * Text from the API (failMsg, states, error messages quoting it, URLs) is untrusted: before it reaches a terminal,
 * escape sequences and control characters are removed, so it cannot recolour, move the cursor, retitle the
 * window or hide text. Newlines survive in {@link cleanText}; {@link cleanLine} folds them into spaces.
 */

/* eslint-disable no-control-regex -- matching control characters is the point */
// CSI (ESC [ … final), OSC (ESC ] … BEL | ESC \), and other two-character ESC sequences; C1 CSI (0x9b) too.
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?/g;
// C0 and C1 controls except newline; DEL; bidirectional overrides that make text read differently than it is.
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;
/* eslint-enable no-control-regex */

/** Removes escape sequences and control characters, keeping newlines (`\r\n` becomes `\n`). */
export function cleanText(text: unknown): string {
  return String(text).replace(/\r\n?/g, '\n').replace(ESCAPE_SEQUENCE, '').replace(CONTROL, '');
}

/** {@link cleanText}, on one line: runs of whitespace including newlines become one space. */
export function cleanLine(text: unknown, maxLength = Infinity): string {
  const line = cleanText(String(text).replace(/[\r\n\t]+/g, ' ')).trim();
  return line.length > maxLength ? `${line.slice(0, Math.max(0, maxLength - 1))}…` : line;
}
