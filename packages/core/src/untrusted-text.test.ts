import { describe, expect, it } from 'vitest';
import { REPLACEMENT, clipText, hasDangerous, replaceDangerous, unicodeEscape } from './untrusted-text.js';

// One of each kind the table names: C0 control, DEL, C1 (NEL), bidi override, zero-width space, BOM, line separator.
const DANGEROUS = ['\u0000', '\u001b', '\u007f', '\u0085', '\u202e', '\u200b', '\ufeff', '\u2028'];

describe('the table of dangerous characters', () => {
  it.each(DANGEROUS.map((char) => [unicodeEscape(char), char]))('%s is dangerous', (_name, char) => {
    expect(hasDangerous(`a${char}b`)).toBe(true);
    expect(replaceDangerous(`a${char}b`)).toBe(`a${REPLACEMENT}b`);
  });

  it('leaves text, tabs and line breaks alone (presenters decide about those)', () => {
    const text = 'plain ümlaut 漢字 😀\ttab\r\nnext line';
    expect(hasDangerous(text)).toBe(false);
    expect(replaceDangerous(text)).toBe(text);
  });

  it('gives the same answer on every call (the global regex keeps no state between them)', () => {
    expect([1, 2, 3].map(() => hasDangerous('x\u202ey'))).toEqual([true, true, true]);
  });

  it('replaces with what the caller asks for, e.g. a visible escape', () => {
    expect(replaceDangerous('a\u001b[31mred', unicodeEscape)).toBe('a\\u001b[31mred');
    expect(unicodeEscape('\u2028')).toBe('\\u2028');
  });
});

describe('clipText', () => {
  it('keeps text within the limit as it is', () => {
    expect(clipText('short', 5)).toBe('short');
  });

  it('clips and says how much was left out, and where the whole text is', () => {
    expect(clipText('x'.repeat(1_005), 5, 'fail-msg')).toBe(
      'xxxxx… (+1,000 characters; the whole text is in fail-msg)',
    );
    expect(clipText('abcdef', 3)).toBe('abc… (+3 characters)');
  });

  it('never cuts a surrogate pair in half', () => {
    const clipped = clipText('ab😀cd', 3);
    expect(clipped).toBe('ab… (+4 characters)');
    expect(clipped).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])/);
  });
});
