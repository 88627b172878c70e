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

  it('removes the base64 of the secret inside a longer base64 text, at every byte offset (property)', () => {
    const b64 = (text: string, url: boolean) => Buffer.from(text).toString(url ? 'base64url' : 'base64');
    fc.assert(
      fc.property(
        fc.string({ minLength: MIN_SECRET_LENGTH, unit: 'grapheme' }),
        fc.string({ unit: 'grapheme' }),
        fc.string({ unit: 'grapheme' }),
        fc.boolean(),
        (secret, before, after, url) => {
          const redactor = new Redactor([secret]);
          // `before` has every length mod 3 across runs: the key starts at byte offset 0, 1 or 2 of its group.
          const text = b64(before + secret + after, url);
          const out = redactor.redact(`x ${text} y`);
          // What is left cannot be decoded back to the key: the run of characters that encode it is gone.
          for (const offset of [0, 1, 2]) {
            const shifted = b64('\0'.repeat(offset) + secret, url).slice(offset === 0 ? 0 : offset + 1, -3);
            if (shifted.length >= MIN_SECRET_LENGTH) expect(out).not.toContain(shifted);
          }
          expect(out).toContain('***');
        },
      ),
      { numRuns: 600 },
    );
  });

  it('removes the key from base64("Bearer " + key), base64("x:" + key) and their base64url and URL-encoded forms', () => {
    const key = 'sk-Shifted-Key-0123456789abcdef';
    const redactor = new Redactor([key]);
    for (const prefix of ['', 'x:', 'Bearer ', 'ab', 'abc', 'user:']) {
      for (const suffix of ['', '!', '.json', ' trailing']) {
        const plain = Buffer.from(prefix + key + suffix);
        for (const encoded of [
          plain.toString('base64'),
          plain.toString('base64url'),
          encodeURIComponent(plain.toString('base64')),
        ]) {
          const out = redactor.redact(`https://cdn.example/a?token=${encoded}&b=1`);
          expect(out, `${prefix}|${suffix}`).toContain('***');
          // Decoding what is left never gives the key back.
          const left = out.replace(/^.*token=|&b=1$/g, '').replace('***', '');
          expect(Buffer.from(decodeURIComponent(left), 'base64').toString('latin1')).not.toContain(key);
          expect(out).not.toContain(key);
        }
      }
    }
  });

  it('keeps a __proto__, constructor or prototype key as data in its copy, never as a prototype', () => {
    const redactor = new Redactor([SECRET]);
    const param = JSON.parse(
      `{"model":"m","__proto__":{"polluted":${JSON.stringify(SECRET)}},"constructor":{"x":1},"prototype":"p"}`,
    ) as Record<string, unknown>;
    const copy = redactor.redactDeep(param);
    expect(Object.getPrototypeOf(copy)).toBe(Object.prototype);
    expect(Object.keys(copy)).toEqual(['model', '__proto__', 'constructor', 'prototype']);
    expect(JSON.stringify(copy)).toBe(
      '{"model":"m","__proto__":{"polluted":"***"},"constructor":{"x":1},"prototype":"p"}',
    );
    expect((copy as { polluted?: unknown }).polluted).toBeUndefined();
  });

  it('stays linear on a big text full of near-misses', () => {
    const redactor = new Redactor([SECRET, 'ghs_runnerEmulationJobToken0123456789']);
    // 16 MB of base64 that shares prefixes with the key's forms but never holds one.
    const nearMiss = Buffer.from(SECRET.slice(0, -1)).toString('base64').slice(0, -2);
    const text = nearMiss.repeat(Math.ceil(16_000_000 / nearMiss.length));
    const started = performance.now();
    expect(redactor.redact(text)).toBe(text);
    // A generous bound (one scan per form takes milliseconds); a quadratic scan would take minutes.
    expect(performance.now() - started).toBeLessThan(5_000);
  });
});
