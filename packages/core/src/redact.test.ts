import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MIN_SECRET_LENGTH, Redactor } from './redact.js';

const SECRET = 'sk_live/Key+"with&odd<chars>=0123';

describe('Redactor', () => {
  it('removes the secret raw and JSON-escaped, URL-encoded, HTML-escaped and base64', () => {
    const redactor = new Redactor([SECRET]);
    const forms = [
      SECRET,
      JSON.stringify(SECRET).slice(1, -1),
      encodeURIComponent(SECRET),
      SECRET.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
      Buffer.from(SECRET).toString('base64'),
    ];
    for (const form of forms) expect(redactor.redact(`a ${form} b`)).toBe('a *** b');
  });

  it('ignores secrets too short to remove without mangling text', () => {
    const redactor = new Redactor(['abc']);
    expect(redactor.active).toBe(false);
    expect(redactor.redact('abcabc')).toBe('abcabc');
    expect(MIN_SECRET_LENGTH).toBe(8);
  });

  it('redacts deep values without recursion and keeps Dates', () => {
    const redactor = new Redactor([SECRET]);
    let deep: unknown = SECRET;
    for (let i = 0; i < 100_000; i++) deep = [deep];
    const out = redactor.redactDeep({ when: new Date(0), deep });
    expect(out.when).toBeInstanceOf(Date);
    let inner: unknown = out.deep;
    while (Array.isArray(inner)) inner = inner[0];
    expect(inner).toBe('***');
  });

  it('redacts an error, its apiMessage and its cause chain in place', () => {
    const redactor = new Redactor([SECRET]);
    const cause = new Error(`inner ${SECRET}`);
    const error = Object.assign(new Error(`outer ${SECRET}`, { cause }), { apiMessage: SECRET });
    expect(redactor.redactError(error)).toBe(error);
    expect(error.message).toBe('outer ***');
    expect(error.apiMessage).toBe('***');
    expect(cause.message).toBe('inner ***');
    expect(error.stack).not.toContain(SECRET);
  });

  it('leaves no secret in any text, whatever surrounds it (property)', () => {
    fc.assert(
      fc.property(
        fc.string({ minLength: MIN_SECRET_LENGTH }),
        fc.string(),
        fc.string(),
        (secret, before, after) => {
          const redactor = new Redactor([secret]);
          expect(redactor.redact(before + secret + after + secret)).not.toContain(secret);
        },
      ),
      { numRuns: 500 },
    );
  });
});
