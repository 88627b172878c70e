import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText, safeJson } from './terminal-text.js';

describe('cleanText', () => {
  it('removes ANSI escapes and OSC sequences, replaces control and bidi characters, keeps newlines', () => {
    const hostile =
      '\u001b[31mred\u001b[0m \u001b]0;pwned title\u0007ok\u001b]8;;https://evil\u001b\\link\r\nnext\u0000\u0007\u0008\u009b2J\u202eevil';
    // Replaced, never removed: removing could join the halves of a secret.
    expect(cleanText(hostile)).toBe('red oklink\nnext\ufffd\ufffd\ufffd\ufffdevil');
  });

  it('leaves ordinary text, including non-ASCII, alone', () => {
    expect(cleanText('Content policy: «refusé» — 内容')).toBe('Content policy: «refusé» — 内容');
  });

  it('strips a lone ESC sequence and replaces C1 controls and DEL', () => {
    expect(cleanText('a\u001bb\u0085c\u007fd')).toBe('a\ufffdc\ufffdd'); // ESC b is itself a sequence
  });
});

describe('safeJson', () => {
  it('escapes C1, bidi and zero-width characters as \\u, and still parses to the same value', () => {
    const value = { failMsg: 'a\u0085b\u202ec\u200bd\u0007e' };
    const text = safeJson(value);
    // eslint-disable-next-line no-control-regex -- control characters must not appear
    expect(text).not.toMatch(/[\u0000-\u0009\u000b-\u001f\u0080-\u009f\u202e\u200b]/);
    expect(text).toContain('\\u0085');
    expect(JSON.parse(text)).toEqual(value);
  });
});

describe('cleanLine', () => {
  it('folds newlines and tabs into spaces and truncates', () => {
    expect(cleanLine('a\nb\tc\r\nd')).toBe('a b c d');
    expect(cleanLine('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
