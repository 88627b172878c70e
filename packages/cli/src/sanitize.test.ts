import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText } from './sanitize.js';

describe('cleanText', () => {
  it('removes ANSI escapes, OSC sequences and control characters but keeps newlines', () => {
    const hostile =
      '\u001b[31mred\u001b[0m \u001b]0;pwned title\u0007ok\u001b]8;;https://evil\u001b\\link\r\nnext\u0000\u0007\u0008\u009b2J\u202eevil';
    expect(cleanText(hostile)).toBe('red oklink\nnextevil');
  });

  it('leaves ordinary text, including non-ASCII, alone', () => {
    expect(cleanText('Content policy: «refusé» — 内容')).toBe('Content policy: «refusé» — 内容');
  });

  it('strips a lone ESC and C1 controls', () => {
    expect(cleanText('a\u001bb\u0085c\u007fd')).toBe('acd'); // ESC b is itself a sequence
  });
});

describe('cleanLine', () => {
  it('folds newlines and tabs into spaces and truncates', () => {
    expect(cleanLine('a\nb\tc\r\nd')).toBe('a b c d');
    expect(cleanLine('x'.repeat(20), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
