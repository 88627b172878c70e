/* eslint-disable no-control-regex, no-misleading-character-class -- the runner's own character classes, emulated */
/**
 * Test-only emulation of the GitHub Actions runner's workflow-command parser.
 *
 * Written from a reading of actions/runner at commit
 * 258d6c857db3519913f7deb6004b60172f8043ae (HEAD of the stored snapshot):
 *   - src/Runner.Common/ActionCommand.cs          TryParseV2 (`::cmd k=v,...::data`), TryParse (`##[cmd k=v;...]data`),
 *                                                 the unescape tables
 *   - src/Runner.Worker/ActionCommandManager.cs   the registered command set (case-insensitive), V2-then-legacy order,
 *                                                 stop-commands / resume token, add-mask, echo
 *   - src/Runner.Common/ExtensionManager.cs       which command extensions are registered
 *   - src/Runner.Worker/Handlers/OutputManager.cs every stdout AND stderr line goes to TryProcessCommand
 *   - src/Runner.Sdk/ProcessInvoker.cs            lines come from StreamReader.ReadLine()
 *   - src/Test/L0/Worker/ActionCommandL0.cs, src/Test/L0/Worker/ActionCommandManagerL0.cs (the tests this mirrors)
 * The C# was not copied. This code follows .NET 8 semantics: String.TrimStart()/Trim() use Char.IsWhiteSpace,
 * Split(..., RemoveEmptyEntries) and Split(sep, 2, RemoveEmptyEntries) behave as in .NET Core 3.0+, and a
 * HashSet<string>(StringComparer.OrdinalIgnoreCase) matches command names.
 *
 * Known gap: the runner calls culture-sensitive `StartsWith("::")`, `IndexOf("::", 2)` and `IndexOf("##[")`
 * (no StringComparison argument; the runner does not set InvariantGlobalization, so .NET uses ICU). ICU skips
 * "ignorable" code points (U+0000, U+00AD, U+200B..U+200F, U+2060.., U+FEFF, most C0/C1 controls...). This module
 * matches ordinally, like the runner's own L0 tests. `couldBeRunnerCommand()` adds a conservative check for that gap.
 */

/** Code points for which .NET's Char.IsWhiteSpace is true (.NET Core 3.0+ / .NET 8, UTF-16 code units). */
export const DOTNET_WHITESPACE: ReadonlySet<number> = new Set<number>([
  0x0009,
  0x000a,
  0x000b,
  0x000c,
  0x000d, // TAB, LF, VT, FF, CR
  0x0020, // SPACE
  0x0085, // NEXT LINE (NEL)
  0x00a0, // NO-BREAK SPACE
  0x1680, // OGHAM SPACE MARK
  0x2000,
  0x2001,
  0x2002,
  0x2003,
  0x2004,
  0x2005,
  0x2006,
  0x2007,
  0x2008,
  0x2009,
  0x200a, // EN QUAD .. HAIR SPACE
  0x2028, // LINE SEPARATOR
  0x2029, // PARAGRAPH SEPARATOR
  0x202f, // NARROW NO-BREAK SPACE
  0x205f, // MEDIUM MATHEMATICAL SPACE
  0x3000, // IDEOGRAPHIC SPACE
]);
// Not whitespace in .NET: U+200B ZERO WIDTH SPACE, U+FEFF (BOM/ZWNBSP), U+180E (Cf since Unicode 6.3), U+001C..U+001F.
// Note that JS String.prototype.trimStart() differs: it also trims U+FEFF and does not trim U+0085.

/** Commands the runner registers by default (ExtensionManager.cs + "stop-commands" in ActionCommandManager). */
const DEFAULT_REGISTERED_COMMANDS: readonly string[] = [
  'stop-commands',
  'set-env', // registered, but processing throws unless ACTIONS_ALLOW_UNSECURE_COMMANDS=true (line is still consumed)
  'set-output',
  'save-state',
  'add-path', // same as set-env
  'add-mask',
  'add-matcher',
  'remove-matcher',
  'warning',
  'error',
  'notice', // consumed only when the server enables DistributedTask.EnhancedAnnotations (github.com does)
  'debug',
  'group',
  'endgroup',
  'echo',
];
// 'internal-set-repo-path' exists but is only registered while a runner plugin runs (EnablePluginInternalCommand).

type RunnerCommandForm = 'v2' | 'legacy';

export interface ParsedRunnerCommand {
  /** The registered name that matched (its canonical spelling). The runner's ActionCommand keeps the spelling
   *  from the line (e.g. "WARNING"), but every later lookup is case-insensitive. */
  command: string;
  /** Keys as written (first spelling wins, as in a .NET OrdinalIgnoreCase dictionary); values unescaped. */
  properties: Record<string, string>;
  data: string;
  form: RunnerCommandForm;
}

export interface ParseOptions {
  /** Replace the registered command set (default: DEFAULT_REGISTERED_COMMANDS). */
  registeredCommands?: Iterable<string>;
}

const isWs = (s: string, i: number): boolean => DOTNET_WHITESPACE.has(s.charCodeAt(i));

function dotnetTrimStart(s: string): string {
  let i = 0;
  while (i < s.length && isWs(s, i)) i++;
  return s.slice(i);
}

function dotnetTrim(s: string): string {
  let end = s.length;
  while (end > 0 && isWs(s, end - 1)) end--;
  return dotnetTrimStart(s.slice(0, end));
}

/**
 * .NET OrdinalIgnoreCase upper-cases each UTF-16 unit with the simple mapping, except that U+0131 (dotless i)
 * and U+017F (long s) map to themselves (dotnet/runtime pal_common.c InitOrdinalCasingPage). Those two are the
 * only non-ASCII units whose simple uppercase is ASCII, so for ASCII command names this is ASCII-only folding.
 */
function ordinalIgnoreCaseKey(s: string): string {
  return s.replace(/[a-z]/g, (c) => c.toUpperCase());
}

class CommandSet {
  private readonly map = new Map<string, string>();
  constructor(names: Iterable<string>) {
    for (const n of names) this.add(n);
  }
  add(name: string): void {
    const k = ordinalIgnoreCaseKey(name);
    if (!this.map.has(k)) this.map.set(k, name);
  }
  remove(name: string): void {
    this.map.delete(ordinalIgnoreCaseKey(name));
  }
  lookup(name: string): string | undefined {
    return this.map.get(ordinalIgnoreCaseKey(name));
  }
}

const defaultSet = new CommandSet(DEFAULT_REGISTERED_COMMANDS);

function splitRemoveEmpty(s: string, sep: string): string[] {
  return s.split(sep).filter((p) => p !== '');
}

/** .NET Core `s.Split(new[]{sep}, count: 2, StringSplitOptions.RemoveEmptyEntries)`. */
function splitTwoRemoveEmpty(s: string, sep: string): string[] {
  let i = 0;
  while (i < s.length && s[i] === sep) i++; // leading empty entries are dropped
  const j = s.indexOf(sep, i);
  if (j < 0) return i < s.length ? [s.slice(i)] : [];
  const first = s.slice(i, j);
  let k = j + 1;
  while (k < s.length && s[k] === sep) k++; // empty entries before the final one are skipped too
  const rest = s.slice(k);
  return rest === '' ? [first] : [first, rest];
}

/** Sequential String.Replace(replacement, token) over a mapping table, in table order. */
function unescapeWith(table: ReadonlyArray<readonly [string, string]>, s: string): string {
  let out = s;
  for (const [escaped, token] of table) out = out.split(escaped).join(token);
  return out;
}
// Order matters only in that "%25" is last, so "%250A" decodes to "%0A", not "\n".
const LEGACY_TABLE = [
  ['%3B', ';'],
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%5D', ']'],
  ['%25', '%'],
] as const;
const V2_DATA_TABLE = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%25', '%'],
] as const;
const V2_PROPERTY_TABLE = [
  ['%0D', '\r'],
  ['%0A', '\n'],
  ['%3A', ':'],
  ['%2C', ','],
  ['%25', '%'],
] as const;

function setProp(props: Record<string, string>, seen: Map<string, string>, key: string, value: string): void {
  const folded = ordinalIgnoreCaseKey(key);
  const existing = seen.get(folded);
  const k = existing ?? key;
  if (existing === undefined) seen.set(folded, key);
  Object.defineProperty(props, k, { value, enumerable: true, writable: true, configurable: true });
}

function parseV2(line: string, commands: CommandSet): ParsedRunnerCommand | null {
  const msg = dotnetTrimStart(line);
  if (!msg.startsWith('::')) return null;
  const end = msg.indexOf('::', 2);
  if (end < 0) return null;
  const info = msg.slice(2, end);
  const space = info.indexOf(' '); // U+0020 only; a TAB does not end the name
  const name = space < 0 ? info : info.slice(0, space);
  const command = commands.lookup(name);
  if (command === undefined) return null;
  const properties: Record<string, string> = {};
  if (space > 0) {
    const seen = new Map<string, string>();
    for (const part of splitRemoveEmpty(dotnetTrim(info.slice(space + 1)), ',')) {
      const pair = splitTwoRemoveEmpty(part, '=');
      if (pair.length === 2) setProp(properties, seen, pair[0]!, unescapeWith(V2_PROPERTY_TABLE, pair[1]!));
    }
  }
  return { command, properties, data: unescapeWith(V2_DATA_TABLE, msg.slice(end + 2)), form: 'v2' };
}

function parseLegacy(line: string, commands: CommandSet): ParsedRunnerCommand | null {
  const start = line.indexOf('##['); // anywhere in the line, first occurrence only; no trimming
  if (start < 0) return null;
  const rb = line.indexOf(']', start);
  if (rb < 0) return null;
  const info = line.slice(start + 3, rb);
  const space = info.indexOf(' ');
  const name = space < 0 ? info : info.slice(0, space);
  const command = commands.lookup(name);
  if (command === undefined) return null;
  const properties: Record<string, string> = {};
  if (space > 0) {
    const seen = new Map<string, string>();
    for (const part of splitRemoveEmpty(info.slice(space + 1), ';')) {
      const pair = splitTwoRemoveEmpty(part, '=');
      if (pair.length === 2) setProp(properties, seen, pair[0]!, unescapeWith(LEGACY_TABLE, pair[1]!));
    }
  }
  return { command, properties, data: unescapeWith(LEGACY_TABLE, line.slice(rb + 1)), form: 'legacy' };
}

/**
 * Parse one line (already split, no line terminator) the way ActionCommandManager.TryProcessCommand does:
 * the V2 form first, then the legacy form. Returns null when the runner would print the line as plain output.
 * Stateless: ignores stop-commands (see RunnerCommandProcessor).
 */
export function parseRunnerLine(line: string, options: ParseOptions = {}): ParsedRunnerCommand | null {
  if (line === '') return null;
  const commands = options.registeredCommands ? new CommandSet(options.registeredCommands) : defaultSet;
  return parseV2(line, commands) ?? parseLegacy(line, commands);
}

/**
 * Split process output into lines as StreamReader.ReadLine() does: terminators are "\r\n", "\r" or "\n" only
 * (not U+0085, U+2028, U+2029, VT, FF). A final terminator does not produce a trailing empty line.
 * With atStreamStart (default true) a single leading U+FEFF is dropped, because .NET's Process stdout/stderr
 * StreamReader detects byte order marks at the start of the stream.
 */
export function splitRunnerLines(text: string, options: { atStreamStart?: boolean } = {}): string[] {
  let t = text;
  if ((options.atStreamStart ?? true) && t.charCodeAt(0) === 0xfeff) t = t.slice(1);
  if (t === '') return [];
  const lines = t.split(/\r\n|\r|\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
}

export type ProcessResult =
  | { kind: 'output' } // printed as a normal log line (after secret masking)
  | { kind: 'command'; parsed: ParsedRunnerCommand }
  | { kind: 'stop'; token: string }
  | { kind: 'resume'; token: string };

/**
 * Stateful emulation of ActionCommandManager's stop-commands handling.
 * `::stop-commands::TOKEN` pauses; while paused every line is output except one whose command name equals TOKEN
 * (case-insensitive, V2 `::TOKEN::` or legacy `##[TOKEN]`), which resumes. A token that is empty, equals a
 * registered command, or equals "pause-logging" makes the runner throw (step error) unless
 * ACTIONS_ALLOW_UNSECURE_STOP_COMMAND_TOKENS is true. Tokens longer than 6 chars are added to the secret masker.
 */
export class RunnerCommandProcessor {
  private readonly commands: CommandSet;
  private stopToken: string | null = null;
  constructor(private readonly options: ParseOptions & { allowUnsecureStopCommandTokens?: boolean } = {}) {
    this.commands = new CommandSet(options.registeredCommands ?? DEFAULT_REGISTERED_COMMANDS);
  }
  get stopped(): boolean {
    return this.stopToken !== null;
  }
  process(line: string): ProcessResult {
    if (line === '') return { kind: 'output' };
    const parsed = parseV2(line, this.commands) ?? parseLegacy(line, this.commands);
    if (!parsed) return { kind: 'output' };
    if (this.stopToken !== null) {
      const token = this.stopToken;
      if (token !== '' && ordinalIgnoreCaseKey(parsed.command) === ordinalIgnoreCaseKey(token)) {
        this.commands.remove(token);
        this.stopToken = null;
        return { kind: 'resume', token };
      }
      return { kind: 'output' };
    }
    if (ordinalIgnoreCaseKey(parsed.command) === ordinalIgnoreCaseKey('stop-commands')) {
      const token = parsed.data;
      const invalid =
        token === '' ||
        this.commands.lookup(token) !== undefined ||
        ordinalIgnoreCaseKey(token) === ordinalIgnoreCaseKey('pause-logging');
      if (invalid && !this.options.allowUnsecureStopCommandTokens) {
        throw new Error(`runner rejects stop-commands token ${JSON.stringify(token)}`);
      }
      this.stopToken = token;
      this.commands.add(token);
      return { kind: 'stop', token };
    }
    return { kind: 'command', parsed };
  }
}

/**
 * Code points ICU collation treats as ignorable in culture-sensitive StartsWith/IndexOf (best effort list:
 * C0/C1 controls other than whitespace, Default_Ignorable_Code_Point). Not verified against a running .NET.
 */
const ICU_IGNORABLE =
  /[\u0000-\u0008\u000e-\u001f\u007f-\u0084\u0086-\u009f\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180b-\u180f\u200b-\u200f\u202a-\u202e\u2060-\u206f\u3164\ufe00-\ufe0f\ufeff\uffa0\ufff0-\ufff8]|\ud82f[\udca0-\udca3]|\ud834[\udd73-\udd7a]|\udb40[\udc00-\udfff]/g;

/**
 * Conservative check for "could the real runner treat this line as a command?": true if the ordinal parser
 * matches, or matches once ICU-ignorable code points are deleted (e.g. "::warning:\u200B:x" is split at
 * ":\u200B:" by the runner's culture-sensitive IndexOf). Use it to assert that sanitized output is inert.
 */
export function couldBeRunnerCommand(line: string, options: ParseOptions = {}): boolean {
  if (parseRunnerLine(line, options)) return true;
  const stripped = line.replace(ICU_IGNORABLE, '');
  return stripped !== line && parseRunnerLine(stripped, options) !== null;
}
