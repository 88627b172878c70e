// One property over every presenter of untrusted text: random hostile strings — the key raw and escaped, encoded
// and split, control and bidi characters, workflow-command prefixes after every kind of whitespace — go through the
// log, the outputs, the job summary, the comment body, and core's errors (the CLI's own property test is in
// packages/cli/src/hostile.property.test.ts). Whatever comes
// out holds no key, no line the runner's parser (test/runner-parser.ts, written from actions/runner) would take for
// a command, and no raw dangerous character.
import { KieApiError } from '@kie-task/core';
import { Redactor, hasDangerous } from '@kie-task/core/internal';
import fc from 'fast-check';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { renderComment } from '../src/comment/body.js';
import { renderSummary } from '../src/job-summary.js';
import type { TaskOutcome } from '@kie-task/core';
import { WaitHistory } from '@kie-task/node-io/wait-session';
import { renderTimeline, timelineTracks } from '../src/timeline.js';
import { createLog, Secrets } from '../src/log.js';
import { buildOutputs } from '../src/outputs.js';
import { outcome } from './fixtures.js';
import { couldBeRunnerCommand, splitRunnerLines } from './runner-parser.js';

const KEY = 'sk_Prop"Key\\&<>*0123456789';
const FORMS = [
  KEY,
  JSON.stringify(KEY).slice(1, -1),
  encodeURIComponent(KEY),
  Buffer.from(KEY).toString('base64'),
  KEY.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;'),
];
// Whitespace .NET's TrimStart removes (and JavaScript's \s partly does not), then the prefixes the runner parses.
const SPACES = [
  '',
  ' ',
  '\t',
  '\u0085',
  '\u00a0',
  '\u1680',
  '\u2003',
  '\u2028',
  '\u202f',
  '\u3000',
  '\u000b',
];
const COMMANDS = [
  '::error::pwned',
  '::add-mask::x',
  '::stop-commands::tok',
  '##[warning]x',
  '::set-output name=a::b',
];
const DANGEROUS = [
  '\u001b[31m',
  '\u0000',
  '\u0007',
  '\u009b',
  '\u202e',
  '\u2066',
  '\u200b',
  '\ufeff',
  '\u2029',
];

const OWN_PAGE_LOOKALIKES = [
  'https://kie.ai/api-key',
  'https://kie.ai/billing"><img src=x onerror=alert(1)>',
  'https://kie.ai/logs.evil.example/x',
  'https://kie.ai/market/../../evil',
  'https://kie.ai/api-keyX',
];
/** The only link targets a summary or comment may hold here: the result URL and kie.ai's own pages. */
const ALLOWED_HREF = /^https:\/\/(cdn\.example\/b\.png|kie\.ai\/(api-key|billing|logs|market))$/;

function expectOwnLinks(text: string, where: string): void {
  for (const [, href] of text.matchAll(/<a href="([^"]*)"/g))
    expect(href, `${where}: a link`).toMatch(ALLOWED_HREF);
}

const hostile = fc
  .array(
    fc.oneof(
      fc.constantFrom(...FORMS),
      fc.tuple(fc.constantFrom(...SPACES), fc.constantFrom(...COMMANDS)).map(([s, c]) => `\n${s}${c}`),
      fc.constantFrom(...DANGEROUS, '\n', '\r\n', '\r', '@someone #1 ', '<img src=x>', '`', '|'),
      // kie.ai's own pages, which messages link, and look-alikes that must stay text.
      fc.constantFrom(...OWN_PAGE_LOOKALIKES),
      // The key split by a dangerous character: nothing may join the halves.
      fc.constantFrom(...DANGEROUS).map((d) => `${KEY.slice(0, 10)}${d}${KEY.slice(10)}`),
      fc.string({ maxLength: 12 }),
    ),
    { maxLength: 12 },
  )
  .map((parts) => parts.join(''));

afterEach(() => vi.restoreAllMocks());

function expectClean(text: string, where: string): void {
  for (const form of FORMS) expect(text, `${where}: a form of the key`).not.toContain(form);
  expect(hasDangerous(text), `${where}: a raw dangerous character in ${JSON.stringify(text)}`).toBe(false);
}

/** What the runner would see on stdout while `log` runs. */
function captureStdout(log: () => void): string {
  let out = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk) => {
    out += String(chunk);
    return true;
  });
  try {
    log();
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

describe('hostile text through every presenter (property)', () => {
  it('the log: no key, no command the runner would run, no raw dangerous character', () => {
    const secrets = new Secrets();
    captureStdout(() => secrets.add(KEY));
    fc.assert(
      fc.property(hostile, (text) => {
        // A fresh log each run: past GitHub's 10 per step, warnings become log lines (budget.ts).
        const log = createLog(secrets);
        const out = captureStdout(() => {
          log.info(text);
          log.warning(text);
          log.startGroup(text);
        });
        expectClean(out, 'log');
        const commands = splitRunnerLines(out).filter((line) => couldBeRunnerCommand(line));
        // Only our own two commands, each on its own line.
        expect(commands.every((line) => /^::(warning|group)::/.test(line))).toBe(true);
        expect(commands).toHaveLength(2);
      }),
      { numRuns: 300 },
    );
  });

  it('outputs, job summary and comment: no key, no raw dangerous character', () => {
    const secrets = new Secrets();
    captureStdout(() => secrets.add(KEY));
    fc.assert(
      fc.property(hostile, hostile, (failMsg, prompt) => {
        // As run.ts does: the raw outcomes are redacted before any presenter sees them.
        const outcomes = [
          outcome('fail', { taskId: 'a', failMsg, model: prompt, param: { input: { prompt } } }),
          outcome('success', { taskId: 'b', param: { prompt }, resultUrls: ['https://cdn.example/b.png'] }),
        ].map((o) => ({ ...o, record: o.record && secrets.removeDeep(o.record) }) as TaskOutcome);
        for (const [name, value] of Object.entries(buildOutputs(outcomes))) {
          for (const form of FORMS) expect(secrets.remove(value), name).not.toContain(form);
        }
        // A batch's summary carries the Mermaid timeline of the states the polls saw, redacted as run.ts does.
        const timeline = new WaitHistory(['a', 'b'], 0);
        timeline.observe({
          taskId: 'a',
          attempt: 1,
          elapsedMs: 10,
          record: { ...outcomes[0]!.record!, state: failMsg, status: 'pending' },
        });
        timeline.observe({
          taskId: 'b',
          attempt: 1,
          elapsedMs: 20,
          record: { ...outcomes[1]!.record!, state: prompt, status: 'pending' },
        });
        const chart = renderTimeline(secrets.removeDeep(timelineTracks(timeline.tasks())), outcomes, {
          startedAt: 0,
          endAt: 1_000,
        });
        expect(chart).toContain('```mermaid');
        const summary = renderSummary(outcomes, { timeline: chart });
        expectClean(summary, 'summary');
        expectOwnLinks(summary, 'summary');
        const comment = renderComment(outcomes, {
          key: 'k',
          showPrompt: true,
          runUrl: null,
          summaryWritten: true,
        });
        expectClean(comment, 'comment');
        expectOwnLinks(comment, 'comment');
      }),
      { numRuns: 200 },
    );
  });

  it("core's errors: no key, whatever kie.ai's message holds", () => {
    const redactor = new Redactor([KEY]);
    fc.assert(
      fc.property(hostile, (text) => {
        const error = redactor.redactError(
          new KieApiError({
            kind: 'auth',
            code: 401,
            httpStatus: 401,
            retryable: false,
            apiMessage: text,
            advice: 'x',
          }),
        );
        for (const form of FORMS) {
          expect(error.message).not.toContain(form);
          expect(error.apiMessage ?? '').not.toContain(form);
        }
      }),
      { numRuns: 300 },
    );
  });
});
