import { describe, expect, it } from 'vitest';
import { escapeData, neutralizeCommands, oneLine, redact } from './escape.js';

describe('neutralizeCommands', () => {
  it('breaks every line that would parse as a workflow command', () => {
    const text = '::add-mask::x\n  ::error::boom\r\n##[set-output name=a;]b\nok :: fine';
    const lines = neutralizeCommands(text).split('\n');
    expect(lines).toHaveLength(4);
    for (const line of lines.slice(0, 3)) expect(line.trimStart()).not.toMatch(/^(::|##\[)/);
    expect(lines[3]).toBe('ok :: fine');
    expect(lines[0]!.replace(/\u200b/g, '')).toBe('::add-mask::x');
  });

  it('replaces control characters such as ESC', () => {
    expect(neutralizeCommands('a\u001b[31mb\u0000')).toBe('a\ufffd[31mb\ufffd');
  });
});

describe('helpers', () => {
  it('escapes command data like @actions/core', () => {
    expect(escapeData('50%\r\nx')).toBe('50%25%0D%0Ax');
  });

  it('keeps text on one line', () => {
    expect(oneLine('a\n::error::b\r\nc')).toBe('a ⏎ ::error::b ⏎ c');
  });

  it('redacts every secret', () => {
    expect(redact('key=abc123 and abc123', ['abc123'])).toBe('key=*** and ***');
    expect(redact('nothing', [''])).toBe('nothing');
  });
});
