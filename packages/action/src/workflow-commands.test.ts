import { describe, expect, it } from 'vitest';
import { couldBeRunnerCommand, parseRunnerLine, splitRunnerLines } from '../test/runner-parser.js';
import { neutralizeCommands, oneLine } from './workflow-commands.js';

const commandsIn = (text: string) => splitRunnerLines(text).filter((line) => parseRunnerLine(line) !== null);

describe('neutralizeCommands, against the runner parser', () => {
  it('breaks every line that would parse as a workflow command, and only those', () => {
    const text = '::add-mask::x\n  ::error::boom\r\n##[set-output name=a;]b\nok :: fine\nsee ##[warning]x';
    expect(commandsIn(text)).toHaveLength(4);
    const out = neutralizeCommands(text);
    expect(commandsIn(out)).toEqual([]);
    expect(out.split('\n')).toHaveLength(5);
    expect(out.split('\n')[3]).toBe('ok :: fine');
  });

  it('handles the whitespace .NET TrimStart removes (NEL, NBSP, ideographic space…)', () => {
    for (const space of ['\u0085', '\u00a0', '\u1680', '\u2003', '\u202f', '\u3000', '\t']) {
      const line = `${space}::error::x`;
      expect(parseRunnerLine(line), JSON.stringify(space)).not.toBeNull();
      expect(commandsIn(neutralizeCommands(line))).toEqual([]);
    }
  });

  it('does not rely on invisible characters, which the runner skips', () => {
    const out = neutralizeCommands('::warning:\u200b:x and ##\u200b[error]y');
    expect(out).not.toMatch(/[\u200b-\u200f\u2060\ufeff]/);
    // couldBeRunnerCommand also tries each line with the characters ICU ignores removed.
    expect(splitRunnerLines(out).filter((line) => couldBeRunnerCommand(line))).toEqual([]);
  });

  it('replaces control, bidi and zero-width characters', () => {
    expect(neutralizeCommands('a\u001b[31mb\u0000\u202e\u2066c')).toBe('a\ufffd[31mb\ufffd\ufffd\ufffdc');
  });
});

describe('oneLine', () => {
  it('keeps text on one line', () => {
    expect(oneLine('a\n::error::b\r\nc')).toBe('a ⏎ ::error::b ⏎ c');
  });
});

describe('the log layer', () => {
  it('clips a multi-megabyte message to a few KiB with a note, after removing the secrets', async () => {
    const { createLog, Secrets } = await import('./log.js');
    const { vi } = await import('vitest');
    let out = '';
    const spy = vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
      out += String(chunk);
      return true;
    });
    try {
      const secrets = new Secrets();
      secrets.add('sk-clip-secret-0123456789');
      out = '';
      createLog(secrets).info(`${'x'.repeat(4_090)}sk-clip-secret-0123456789${'y'.repeat(3_000_000)}`);
    } finally {
      spy.mockRestore();
    }
    expect(out.length).toBeLessThan(5_000);
    expect(out).toContain('characters; the whole text is in the step outputs)');
    expect(out).not.toContain('sk-clip');
  });
});
