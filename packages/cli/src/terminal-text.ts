/**
 * Text from the API (failMsg, states, error messages quoting it, URLs) is untrusted: before it reaches a terminal,
 * escape sequences are removed and every character of core's dangerous table (controls, bidi, zero-width) is
 * replaced, so it cannot recolour, move the cursor, retitle the window or hide text. The terminal's own escaping
 * is all this module adds. Newlines survive in {@link cleanText}; {@link cleanLine} folds them into spaces.
 */
import { replaceDangerous, unicodeEscape } from '@kie-task/core/internal';

/* eslint-disable no-control-regex -- matching control characters is the point */
// CSI (ESC [ … final), OSC (ESC ] … BEL | ESC \), and other two-character ESC sequences; C1 CSI (0x9b) too.
const ESCAPE_SEQUENCE =
  /\u001b\[[0-?]*[ -/]*[@-~]|\u009b[0-?]*[ -/]*[@-~]|\u001b\][^\u0007\u001b]*(?:\u0007|\u001b\\)?|\u001b[ -~]?/g;
/* eslint-enable no-control-regex */

/** Removes escape sequences and replaces dangerous characters and tabs, keeping newlines (`\r\n` becomes `\n`). */
export function cleanText(text: unknown): string {
  return replaceDangerous(String(text).replace(/\r\n?/g, '\n').replace(ESCAPE_SEQUENCE, '')).replace(
    /\t/g,
    ' ',
  );
}

/**
 * One JSON document for a terminal or a pipe: JSON.stringify escapes C0 controls, and this escapes the rest of the
 * dangerous table (C1, bidi, zero-width) as `\uXXXX`, so the text stays valid JSON that parses to the same value.
 */
export function safeJson(value: unknown): string {
  return replaceDangerous(JSON.stringify(value, null, 2), unicodeEscape);
}

/** {@link cleanText}, on one line: runs of whitespace including newlines become one space. */
export function cleanLine(text: unknown, maxLength = Infinity): string {
  const line = cleanText(String(text).replace(/[\r\n\t]+/g, ' ')).trim();
  return line.length > maxLength ? `${line.slice(0, Math.max(0, maxLength - 1))}…` : line;
}
