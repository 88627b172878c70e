// The CLI's presenters against random hostile text (the Action's own property test covers the log, outputs, job
// summary and comment): after the key is removed and the text cleaned, no form of the key and no raw dangerous
// character reaches the terminal, in text or in --json.
import { Redactor, hasDangerous } from '@kie-task/core/internal';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cleanLine, cleanText, safeJson } from './terminal-text.js';

const KEY = 'sk_Cli"Prop\\&<>0123456789';
const FORMS = [
  KEY,
  JSON.stringify(KEY).slice(1, -1),
  encodeURIComponent(KEY),
  Buffer.from(KEY).toString('base64'),
];
const DANGEROUS = [
  '\u001b[31m',
  '\u001b]0;title\u0007',
  '\u0000',
  '\u0085',
  '\u009b2J',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
];

const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FORMS),
      fc.constantFrom(...DANGEROUS, '\n', '\t'),
      fc.constantFrom(...DANGEROUS).map((d) => `${KEY.slice(0, 9)}${d}${KEY.slice(9)}`),
      fc.string({ maxLength: 10 }),
    ),
    { maxLength: 10 },
  )
  .map((parts) => parts.join(''));

describe('hostile text through the CLI presenters (property)', () => {
  it('text lines and --json keep no key and no raw dangerous character', () => {
    const redactor = new Redactor([KEY]);
    fc.assert(
      fc.property(hostile, (text) => {
        // As the CLI writes: values redacted raw, then cleaned (or JSON-escaped), then the stream's last pass.
        const outputs = [
          redactor.redact(cleanText(redactor.redact(text))),
          redactor.redact(cleanLine(redactor.redact(text))),
          redactor.redact(safeJson(redactor.redactDeep({ failMsg: text }))),
        ];
        for (const out of outputs) {
          for (const form of FORMS) expect(out).not.toContain(form);
          expect(hasDangerous(out.replace(/\n/g, ''))).toBe(false);
        }
        expect(JSON.parse(outputs[2]!)).toEqual(redactor.redactDeep({ failMsg: text }));
      }),
      { numRuns: 400 },
    );
  });
});
