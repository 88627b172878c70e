import { describe, it, expect } from 'vitest';
import {
  DOTNET_WHITESPACE,
  RunnerCommandProcessor,
  couldBeRunnerCommand,
  parseRunnerLine,
  splitRunnerLines,
} from './runner-parser.js';

const custom = { registeredCommands: ['do-something'] };

// Ported in spirit from actions/runner src/Test/L0/Worker/ActionCommandL0.cs (CommandParserTest)
describe('legacy ##[command] form', () => {
  it('parses properties and data', () => {
    expect(parseRunnerLine('##[do-something k1=v1;]msg', custom)).toEqual({
      command: 'do-something',
      properties: { k1: 'v1' },
      data: 'msg',
      form: 'legacy',
    });
  });

  it('parses a bare command', () => {
    expect(parseRunnerLine('##[do-something]', custom)).toEqual({
      command: 'do-something',
      properties: {},
      data: '',
      form: 'legacy',
    });
  });

  it('unescapes %3B %0D %0A %5D in properties and data', () => {
    const r = parseRunnerLine('##[do-something k1=%3B=%0D=%0A=%5D;]%3B-%0D-%0A-%5D', custom);
    expect(r?.properties).toEqual({ k1: ';=\r=\n=]' });
    expect(r?.data).toBe(';-\r-\n-]');
  });

  it('decodes %25 last, so double escapes decode once', () => {
    const r = parseRunnerLine('##[do-something k1=%253B=%250D=%250A=%255D;]%253B-%250D-%250A-%255D', custom);
    expect(r?.properties).toEqual({ k1: '%3B=%0D=%0A=%5D' });
    expect(r?.data).toBe('%3B-%0D-%0A-%5D');
  });

  it('drops empty property values', () => {
    expect(parseRunnerLine('##[do-something k1=;k2=;]', custom)?.properties).toEqual({});
  });

  it('matches anywhere in the line (IndexOf), unlike the :: form', () => {
    expect(parseRunnerLine('>>>   ##[do-something k1=v1;]msg', custom)).toMatchObject({
      command: 'do-something',
      properties: { k1: 'v1' },
      data: 'msg',
    });
    expect(parseRunnerLine('some build output ##[warning]careful')).toMatchObject({
      command: 'warning',
      data: 'careful',
      form: 'legacy',
    });
  });

  it('only looks at the first ##[ and the first ] after it', () => {
    expect(parseRunnerLine('##[nope] ##[warning]x')).toBeNull();
    expect(parseRunnerLine('##[warning title=a]b]c')).toMatchObject({
      properties: { title: 'a' },
      data: 'b]c',
    });
    expect(parseRunnerLine('##[warning')).toBeNull();
  });

  it('does not trim legacy property strings', () => {
    expect(parseRunnerLine('##[warning file=a; line=2]m')?.properties).toEqual({ file: 'a', ' line': '2' });
  });
});

// Ported in spirit from ActionCommandL0.cs (CommandParserV2Test)
describe('::command:: (v2) form', () => {
  it('parses properties and data', () => {
    expect(parseRunnerLine('::do-something k1=v1,::msg', custom)).toEqual({
      command: 'do-something',
      properties: { k1: 'v1' },
      data: 'msg',
      form: 'v2',
    });
  });

  it('parses a bare command', () => {
    expect(parseRunnerLine('::do-something::', custom)).toEqual({
      command: 'do-something',
      properties: {},
      data: '',
      form: 'v2',
    });
  });

  it('unescapes %2C %0D %0A %3A in properties but only %0D %0A %25 in data', () => {
    const r = parseRunnerLine('::do-something k1=;=%2C=%0D=%0A=]=%3A,::;-%0D-%0A-]-:-,', custom);
    expect(r?.properties).toEqual({ k1: ';=,=\r=\n=]=:' });
    expect(r?.data).toBe(';-\r-\n-]-:-,');
    expect(parseRunnerLine('::warning::a%3Ab%2Cc%3Bd%5De')?.data).toBe('a%3Ab%2Cc%3Bd%5De');
  });

  it('decodes %25 last', () => {
    const r = parseRunnerLine('::do-something k1=;=%252C=%250D=%250A=]=%253A,::;-%250D-%250A-]-:-,', custom);
    expect(r?.properties).toEqual({ k1: ';=%2C=%0D=%0A=]=%3A' });
    expect(r?.data).toBe(';-%0D-%0A-]-:-,');
  });

  it('drops empty property values and accepts no trailing comma', () => {
    expect(parseRunnerLine('::do-something k1=,k2=,::', custom)?.properties).toEqual({});
    expect(parseRunnerLine('::do-something k1=v1::', custom)?.properties).toEqual({ k1: 'v1' });
  });

  it('allows leading whitespace but nothing else before ::', () => {
    expect(parseRunnerLine('   ::do-something k1=v1,::msg', custom)).toMatchObject({ data: 'msg' });
    expect(parseRunnerLine('   >>>   ::do-something k1=v1,::msg', custom)).toBeNull();
  });

  it('data runs to the end of the line and may contain ::', () => {
    expect(parseRunnerLine('::warning title=a::b::c')).toMatchObject({
      properties: { title: 'a' },
      data: 'b::c',
    });
  });

  it('trims the whole property string but not each entry', () => {
    expect(parseRunnerLine('::warning  file=a.ts , line=3 ::m')?.properties).toEqual({
      file: 'a.ts ',
      ' line': '3',
    });
  });

  it("splits key=value like .NET Split('=', 2, RemoveEmptyEntries)", () => {
    expect(parseRunnerLine('::warning k=a=b::')?.properties).toEqual({ k: 'a=b' });
    expect(parseRunnerLine('::warning k==v::')?.properties).toEqual({ k: 'v' });
    expect(parseRunnerLine('::warning =k=v::')?.properties).toEqual({ k: 'v' });
    expect(parseRunnerLine('::warning k=,=v,novalue::')?.properties).toEqual({});
  });

  it('treats property keys case-insensitively (first spelling kept, last value wins)', () => {
    expect(parseRunnerLine('::warning File=a,FILE=b::x')?.properties).toEqual({ File: 'b' });
  });

  it('stores odd keys as own properties', () => {
    const props = parseRunnerLine('::warning __proto__=x::')?.properties ?? {};
    expect(Object.keys(props)).toEqual(['__proto__']);
    expect(Object.getPrototypeOf(props)).toBe(Object.prototype);
  });

  it('needs a second :: and a non-empty name', () => {
    expect(parseRunnerLine('::warning')).toBeNull();
    expect(parseRunnerLine('::')).toBeNull();
    expect(parseRunnerLine('::::')).toBeNull();
    expect(parseRunnerLine(':::warning::x')).toBeNull();
    expect(parseRunnerLine('')).toBeNull();
  });

  it('tries v2 before legacy', () => {
    expect(parseRunnerLine('::warning::##[error]x')).toMatchObject({
      command: 'warning',
      data: '##[error]x',
      form: 'v2',
    });
    expect(parseRunnerLine('::nope::##[error]x')).toMatchObject({
      command: 'error',
      data: 'x',
      form: 'legacy',
    });
  });
});

describe('leading whitespace (.NET TrimStart)', () => {
  it('trims every Char.IsWhiteSpace code point, NEL included', () => {
    for (const cp of DOTNET_WHITESPACE) {
      const ch = String.fromCharCode(cp);
      expect(parseRunnerLine(`${ch}${ch}::warning::x`), `U+${cp.toString(16)}`).toMatchObject({
        command: 'warning',
      });
    }
    expect(DOTNET_WHITESPACE.size).toBe(25);
    expect(parseRunnerLine('\u0085::warning::x')).not.toBeNull();
    expect(
      parseRunnerLine('\u00a0\u1680\u2000\u200a\u2028\u2029\u202f\u205f\u3000::warning::x'),
    ).not.toBeNull();
  });

  it('does not trim zero-width or other non-White_Space characters', () => {
    for (const ch of ['\u200b', '\ufeff', '\u180e', '\u001c', '\u001f', '\u200c', '\u2060', '\u0000']) {
      expect(parseRunnerLine(`${ch}::warning::x`), JSON.stringify(ch)).toBeNull();
    }
  });

  it('ends the command name only at U+0020', () => {
    expect(parseRunnerLine('::warning\tfile=a::x')).toBeNull();
    expect(parseRunnerLine('::warning\u00a0file=a::x')).toBeNull();
  });
});

describe('command names', () => {
  it('match registered commands case-insensitively', () => {
    expect(parseRunnerLine('::WARNING::x')).toMatchObject({ command: 'warning' });
    expect(parseRunnerLine('##[Add-Mask]s3cr3t')).toMatchObject({ command: 'add-mask', data: 's3cr3t' });
    expect(parseRunnerLine('::Stop-Commands::tok')).toMatchObject({ command: 'stop-commands' });
  });

  it('do not fold dotless i / long s (ordinal casing excludes them)', () => {
    expect(parseRunnerLine('::warn\u0131ng::x')).toBeNull();
    expect(parseRunnerLine('::add-ma\u017fk::x')).toBeNull();
  });

  it('ignore unknown commands', () => {
    expect(parseRunnerLine('::foo::bar')).toBeNull();
    expect(parseRunnerLine('##[foo]bar')).toBeNull();
    expect(parseRunnerLine('::internal-set-repo-path::x')).toBeNull();
    expect(parseRunnerLine('::do-something::x')).toBeNull();
  });

  it('know all default commands', () => {
    for (const c of [
      'set-env',
      'set-output',
      'save-state',
      'add-path',
      'add-mask',
      'add-matcher',
      'remove-matcher',
      'warning',
      'error',
      'notice',
      'debug',
      'group',
      'endgroup',
      'echo',
      'stop-commands',
    ]) {
      expect(parseRunnerLine(`::${c}::`)?.command).toBe(c);
    }
  });

  it('keep echo data untrimmed and decode add-mask newlines (ActionCommandManagerL0)', () => {
    expect(parseRunnerLine('::echo::Off   ')?.data).toBe('Off   ');
    expect(parseRunnerLine('::add-mask::abc%0Ddef%0Aghi%0D%0Ajkl')?.data).toBe('abc\rdef\nghi\r\njkl');
  });
});

describe('splitRunnerLines (StreamReader.ReadLine)', () => {
  it('splits on \\n, \\r\\n and lone \\r', () => {
    expect(splitRunnerLines('a\nb\r\nc\rd')).toEqual(['a', 'b', 'c', 'd']);
    expect(splitRunnerLines('a\r\r\nb')).toEqual(['a', '', 'b']);
  });

  it('drops only the final empty line', () => {
    expect(splitRunnerLines('a\n')).toEqual(['a']);
    expect(splitRunnerLines('a\n\n')).toEqual(['a', '']);
    expect(splitRunnerLines('\n')).toEqual(['']);
    expect(splitRunnerLines('')).toEqual([]);
  });

  it('does not split on NEL, LS, PS, VT or FF', () => {
    expect(splitRunnerLines('a\u0085b\u2028c\u2029d\u000be\u000cf')).toEqual([
      'a\u0085b\u2028c\u2029d\u000be\u000cf',
    ]);
  });

  it('drops a BOM at the start of the stream only', () => {
    expect(splitRunnerLines('\ufeff::warning::x\n\ufeffy')).toEqual(['::warning::x', '\ufeffy']);
    expect(splitRunnerLines('\ufeffx', { atStreamStart: false })).toEqual(['\ufeffx']);
  });

  it('LS inside a line is whitespace for TrimStart but not a line break', () => {
    const [only] = splitRunnerLines('text\u2028::warning::x');
    expect(parseRunnerLine(only!)).toBeNull();
    const lines = splitRunnerLines('text\n\u2028::warning::x');
    expect(parseRunnerLine(lines[1]!)).toMatchObject({ command: 'warning' });
  });

  it('escaped newlines stay in one command', () => {
    const lines = splitRunnerLines('::warning::a%0A::error::b\n');
    expect(lines).toHaveLength(1);
    expect(parseRunnerLine(lines[0]!)).toMatchObject({ command: 'warning', data: 'a\n::error::b' });
  });
});

// Ported in spirit from ActionCommandManagerL0.cs (StopProcessCommand*)
describe('RunnerCommandProcessor (stop-commands)', () => {
  it('pauses until the token and resumes (legacy form)', () => {
    const p = new RunnerCommandProcessor();
    expect(p.process('##[stop-commands]stopToken')).toEqual({ kind: 'stop', token: 'stopToken' });
    expect(p.process('##[set-env name=foo]bar')).toEqual({ kind: 'output' });
    expect(p.process('##[stopToken]')).toEqual({ kind: 'resume', token: 'stopToken' });
    expect(p.process('##[set-env name=foo]bar').kind).toBe('command');
  });

  it('pauses until ::token:: (v2 form), case-insensitively', () => {
    const p = new RunnerCommandProcessor();
    p.process('::stop-commands::randomToken');
    expect(p.stopped).toBe(true);
    expect(p.process('::warning::x')).toEqual({ kind: 'output' });
    expect(p.process('::RANDOMTOKEN::')).toEqual({ kind: 'resume', token: 'randomToken' });
    expect(p.stopped).toBe(false);
    expect(p.process('::randomToken::')).toEqual({ kind: 'output' });
  });

  it('rejects empty, registered and pause-logging tokens unless allowed', () => {
    for (const t of ['', 'stop-commands', 'set-env', 'WARNING', 'pause-logging']) {
      expect(() => new RunnerCommandProcessor().process(`::stop-commands::${t}`)).toThrow();
      expect(
        new RunnerCommandProcessor({ allowUnsecureStopCommandTokens: true }).process(`::stop-commands::${t}`)
          .kind,
      ).toBe('stop');
    }
  });

  it('never resumes on an empty token', () => {
    const p = new RunnerCommandProcessor({ allowUnsecureStopCommandTokens: true });
    p.process('::stop-commands::');
    expect(p.process('::::')).toEqual({ kind: 'output' });
    expect(p.stopped).toBe(true);
  });
});

describe('couldBeRunnerCommand (ICU culture-sensitive matching, conservative)', () => {
  it('flags separators hidden by ignorable code points', () => {
    expect(parseRunnerLine('::warning:\u200b:x')).toBeNull();
    expect(couldBeRunnerCommand('::warning:\u200b:x')).toBe(true);
    expect(couldBeRunnerCommand('#\u00ad#[error]x')).toBe(true);
  });

  it('agrees with the parser on ordinary lines', () => {
    expect(couldBeRunnerCommand('::warning::x')).toBe(true);
    expect(couldBeRunnerCommand('plain text: with colons')).toBe(false);
    expect(couldBeRunnerCommand('\u2024\u2024warning\u2024\u2024x')).toBe(false);
  });
});
