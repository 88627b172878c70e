/**
 * Text from outside — kie.ai answers, URLs, task IDs, GitHub answers, event payloads — is untrusted wherever it
 * goes. This is the one table of characters no presenter may pass through raw, and the helpers every presenter
 * (the Action's log, annotations, outputs, job summary and comment; the CLI's text and JSON) builds on. Each
 * presenter then adds only its own format's escaping (markdown, HTML attribute, terminal, JSON).
 */

/**
 * Every dangerous character, in one class:
 * - C0 controls except tab and the line breaks (U+0000–U+0008, U+000B, U+000C, U+000E–U+001F) and DEL: terminal
 *   escape sequences, bells, and characters the runner's ICU matching skips (NUL);
 * - C1 controls U+0080–U+009F, including U+0085 NEL, which .NET's TrimStart removes like a space;
 * - bidi marks, embeddings, overrides and isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069):
 *   they make text read differently from what it is;
 * - zero-width and invisible formatting characters (U+00AD, U+180E, U+200B–U+200D, U+2060–U+2064, U+206A–U+206F,
 *   U+FEFF): invisible in a log, and ignored by culture-sensitive matching such as the runner's `IndexOf("##[")`;
 * - line and paragraph separators U+2028, U+2029: line breaks to some readers and not to others.
 */
const DANGEROUS =
  // eslint-disable-next-line no-control-regex -- matching control characters is the point
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]/g;

/** What a dangerous character becomes: visible, never removed (removing could join the halves of a secret). */
export const REPLACEMENT = '\ufffd';

/** True when `text` holds at least one character of the table. */
export function hasDangerous(text: string): boolean {
  DANGEROUS.lastIndex = 0;
  const found = DANGEROUS.test(text);
  DANGEROUS.lastIndex = 0;
  return found;
}

/**
 * `text` with every dangerous character replaced by `replace(char)` (default U+FFFD). Tabs and `\r`/`\n` are not in
 * the table: presenters decide what a line break means in their format.
 */
export function replaceDangerous(
  text: string,
  replace: (char: string) => string = () => REPLACEMENT,
): string {
  return text.replace(DANGEROUS, replace);
}

/** `char` as a JSON/JS `\uXXXX` escape: how `--json` keeps dangerous characters without writing them raw. */
export function unicodeEscape(char: string): string {
  return `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/**
 * Clips untrusted text to `maxChars` (never between the halves of a surrogate pair), ending with a note that says
 * how much was left out and where the whole text is, e.g. `(+1,048,000 characters; the whole text is in fail-msg)`.
 */
export function clipText(text: string, maxChars: number, whereWhole?: string): string {
  if (text.length <= maxChars) return text;
  let cut = text.slice(0, maxChars);
  if (/[\ud800-\udbff]$/.test(cut)) cut = cut.slice(0, -1);
  const left = text.length - cut.length;
  const where = whereWhole ? `; the whole text is in ${whereWhole}` : '';
  return `${cut}… (+${left.toLocaleString('en-US')} characters${where})`;
}

const CONTROL_NAMES: Readonly<Record<string, string>> = {
  '\t': 'a tab',
  '\n': 'a line break (LF)',
  '\r': 'a carriage return (CR)',
  '\u0000': 'a NUL character',
};

/**
 * Names the first control character (C0, DEL or C1) in `text`, e.g. `a tab (U+0009) at position 9`, or null when
 * there is none. For inputs checked on the raw text the user gave: `new URL` silently strips tabs and line breaks,
 * so a URL check alone would accept a value that is not what was sent.
 */
export function describeControlCharacter(text: string): string | null {
  // eslint-disable-next-line no-control-regex -- finding control characters is the point
  const found = /[\u0000-\u001f\u007f-\u009f]/.exec(text);
  if (!found) return null;
  const char = found[0];
  const code = `U+${char.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}`;
  return `${CONTROL_NAMES[char] ?? 'a control character'} (${code}) at position ${found.index + 1}`;
}
