// End-to-end, through the committed bundle: GitHub's limits whatever the batch (outputs, job summary, annotations),
// the key in any encoded form nowhere, and what kie.ai sent kept as sent.
import { existsSync } from 'node:fs';
import { startFakeKie, type FakeKie, type FileSpec } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runAction } from '../scripts/runner.mjs';
import * as events from './events.js';
import { startFakeGitHub } from './fake-github.js';
import { expectNoKey, withDefaults } from './harness.js';

const KEY = 'sk-e2e-Limits-Key-0123456789abcdef';
/** GitHub: all of a job's outputs together at most 1 MB, "approximated based on UTF-16 encoding". */
const JOB_OUTPUTS_BYTES = 1_000_000;
/** The runner uploads no step summary over 1 MiB. */
const SUMMARY_BYTES = 1024 * 1024;
const JSON_OUTPUTS = ['tasks', 'result-urls', 'files', 'param', 'result-json'];

let fake: FakeKie;
beforeAll(async () => {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run pnpm build first`);
  fake = await startFakeKie({ apiKey: KEY });
});
afterAll(() => fake?.close());

const target = (taskId: string) => ({ taskId, apiKey: KEY, baseUrl: fake.url });
const annotations = (stdout: string, kind: string) =>
  stdout.split('\n').filter((line) => line.startsWith(`::${kind}::`));

describe('a batch of 10,000 tasks', () => {
  it('every JSON output parses, the summary is under 1 MiB and all outputs fit the per-job limit', async () => {
    const ids = Array.from({ length: 10_000 }, (_, i) => `big${String(i).padStart(5, '0')}`);
    // A fake of its own: 10,000 tasks, each done at its first poll.
    const big = await startFakeKie({ apiKey: KEY, tasks: ids.map((taskId) => ({ taskId })) });
    try {
      const r = await runAction({
        ...withDefaults(
          // The rate ceiling only lets the adaptive rate grow as fast as loopback answers.
          { inputs: { 'task-id': ids.join(' '), timeout: '100s', 'max-requests-per-second': '100000' } },
          { taskId: ids[0]!, apiKey: KEY, baseUrl: big.url },
        ),
        timeoutMs: 110_000,
      });
      expectNoKey(r, KEY);
      expect(r.code).toBe(0);
      for (const name of JSON_OUTPUTS)
        expect((): unknown => JSON.parse(r.outputs[name] || 'null'), name).not.toThrow();
      const tasks = JSON.parse(r.outputs.tasks!) as { taskId: string }[];
      const urls = JSON.parse(r.outputs['result-urls']!) as string[];
      // The first ones, whole, in input order.
      expect(tasks.length).toBeGreaterThan(100);
      expect(tasks.map((t) => t.taskId)).toEqual(ids.slice(0, tasks.length));
      expect(urls).toEqual(ids.slice(0, urls.length).map((id) => `${big.url}/files/${id}-0.png`));
      // Counted as GitHub counts it: UTF-16, two bytes a code unit.
      const total = Object.entries(r.outputs).reduce(
        (sum, [name, value]) => sum + 2 * (name.length + value.length),
        0,
      );
      expect(total).toBeLessThanOrEqual(JOB_OUTPUTS_BYTES);
      // One annotation (lines joined by %0A, as @actions/core writes them) names each output that shrank.
      const [shrunk] = annotations(r.stdout, 'warning');
      expect(shrunk).toContain(
        `The tasks output holds the first ${tasks.length.toLocaleString('en-US')} of 10,000 entries ` +
          "(whole ones, so it stays valid JSON): all of a job's outputs together are limited to 1 MB by GitHub. The " +
          'log lists every task and result.',
      );
      expect(shrunk).toContain(
        `The result-urls output holds the first ${urls.length.toLocaleString('en-US')} of 10,000 entries`,
      );
      expect(Buffer.byteLength(r.summary)).toBeLessThan(SUMMARY_BYTES);
      expect(r.summary).toMatch(
        /_… and [\d,]+ more tasks; see the log \(a job summary is limited to 1 MiB\)\._/,
      );
      // The log does list every task.
      for (const id of [ids[0], ids[5_000], ids.at(-1)]) expect(r.stdout).toContain(`${id}: success`);
    } finally {
      await big.close();
    }
  }, 120_000);
});

describe('200 tasks × 25 failed downloads', () => {
  it('the summary stays under 1 MiB, with a line counting the failures left out; annotations are folded', async () => {
    const ids = Array.from({ length: 200 }, (_, t) => `dl${String(t).padStart(3, '0')}`);
    const files: Record<string, FileSpec> = {};
    for (const id of ids) {
      for (let i = 0; i < 25; i++)
        files[`gone/${id}/${i}-${'long-file-name-'.repeat(8)}.png`] = { status: 410 };
    }
    const gone = await startFakeKie({
      apiKey: KEY,
      files,
      tasks: ids.map((taskId) => ({
        taskId,
        resultJson: {
          resultUrls: Array.from(
            { length: 25 },
            (_, i) => `{{url}}/files/gone/${taskId}/${i}-${'long-file-name-'.repeat(8)}.png`,
          ),
        },
      })),
    });
    try {
      const r = await runAction({
        ...withDefaults(
          {
            inputs: {
              'task-id': ids.join(' '),
              download: 'true',
              'fail-on-error': 'false',
              timeout: '100s',
              'max-requests-per-second': '100000',
            },
          },
          { taskId: ids[0]!, apiKey: KEY, baseUrl: gone.url },
        ),
        timeoutMs: 110_000,
      });
      expectNoKey(r, KEY);
      expect(r.code).toBe(0);
      expect(Buffer.byteLength(r.summary)).toBeLessThan(SUMMARY_BYTES);
      expect(r.summary).toContain(': 0 files saved, 5000 failed');
      const shown = r.summary.match(/⚠️ Download of result/g)?.length ?? 0;
      const left = /_… and ([\d,]+) more failed downloads; see the log\._/.exec(r.summary)?.[1];
      expect(left).toBeDefined();
      expect(shown + Number(left!.replace(/,/g, ''))).toBe(5000);
      // 5,000 warnings would be 5,000 annotations, of which GitHub shows 10: the first ones, the step's own about
      // the outputs that shrank, and one that folds the rest (which are in the log).
      const warnings = annotations(r.stdout, 'warning');
      expect(warnings).toHaveLength(10);
      expect(warnings.filter((w) => w.includes('output holds the first'))).toHaveLength(1);
      const folded = r.stdout
        .split('\n')
        .filter((line) => line.startsWith('Warning: Download of result')).length;
      expect(folded).toBeGreaterThan(4_900);
      expect(warnings.at(-1)).toBe(
        `::warning::… and ${folded.toLocaleString('en-US')} more warnings; see the log (GitHub shows 10 warnings per step).`,
      );
      expect(r.stdout.match(/HTTP 410/g)!.length).toBeGreaterThanOrEqual(5000);
    } finally {
      await gone.close();
    }
  }, 120_000);
});

describe('the key, base64-encoded at any byte offset, in failMsg and in a result URL', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  const b64url = (text: string) => Buffer.from(text).toString('base64url');

  it('is absent from the summary, the comment body, the outputs and the log', async () => {
    const token = 'ghs_FakeInstallationToken0123456789abcdef';
    const gh = await startFakeGitHub({ token });
    // Three prefixes: the key starts at byte offset 1, 2 and 0 of a base64 group.
    const failMsg = `upstream said ${b64(`Bearer ${KEY}`)} and ${b64(`x:${KEY}`)} and ${b64(`abc${KEY}!`)}`;
    fake.addTask({
      taskId: 'enc_fail',
      timeline: [{ state: 'fail' }],
      failMsg,
      param: { model: 'm', input: { prompt: `p ${b64url(`user:${KEY}`)}` } },
    });
    fake.addTask({
      taskId: 'enc_url',
      resultJson: {
        resultUrls: [
          `{{url}}/files/a.png?token=${b64url(`x:${KEY}`)}`,
          `{{url}}/files/b.png?auth=${encodeURIComponent(b64(`Bearer ${KEY}`))}`,
        ],
      },
    });
    try {
      const r = await runAction({
        ...withDefaults(
          {
            inputs: {
              'task-id': 'enc_fail enc_url',
              comment: 'true',
              'github-token': token,
              'fail-on-error': 'true',
            },
            env: {
              GITHUB_API_URL: gh.url,
              GITHUB_REPOSITORY: 'Codertocat/Hello-World',
            },
            event: events.pullRequestOpened(),
          },
          target('enc_fail'),
        ),
      });
      expect(r.code).toBe(1);
      const [comment] = gh.comments();
      expect(comment).toBeDefined();
      // What a reader could decode: every base64 run of every text we wrote, decoded.
      const decodable = (text: string): string =>
        (text.match(/[A-Za-z0-9+/_%-]{16,}={0,2}/g) ?? [])
          .map((run) => {
            const plain = decodeURIComponent(run).replace(/-/g, '+').replace(/_/g, '/');
            return [0, 1, 2, 3]
              .map((skip) => Buffer.from(plain.slice(skip), 'base64').toString('latin1'))
              .join(' ');
          })
          .join('\n');
      for (const [where, text] of [
        ['summary', r.summary],
        ['comment', comment!.body],
        ['outputs', r.outputText],
        ['log', r.stdout + r.stderr],
      ] as const) {
        expect(decodable(text), where).not.toContain(KEY.slice(4, -4));
        expect(text, where).not.toContain(b64(`Bearer ${KEY}`).slice(12, -4));
      }
      // Still there, with the key removed: the failure and both URLs.
      expect(r.outputs['fail-msg']).toMatch(/^upstream said .*\*\*\*/);
      expect(JSON.parse(r.outputs['result-urls']!)).toHaveLength(2);
    } finally {
      await gh.close();
    }
  });
});

describe('what kie.ai sent is kept as sent', () => {
  it('a __proto__ key in param survives into the param output as data', async () => {
    fake.addTask({
      taskId: 'proto_param',
      // As text: an object literal's __proto__ would set the prototype here already.
      param: '{"model":"m","__proto__":{"polluted":"yes"},"constructor":{"x":1},"input":{"prompt":"a cat"}}',
    });
    const r = await runAction(withDefaults({}, target('proto_param')));
    expect(r.code).toBe(0);
    expect(r.outputs.param).toBe(
      '{"model":"m","__proto__":{"polluted":"yes"},"constructor":{"x":1},"input":{"prompt":"a cat"}}',
    );
  });

  it('a callback-url with a tab is refused before any request, naming the character', async () => {
    const before = fake.requests.length;
    const r = await runAction(
      withDefaults(
        {
          inputs: {
            'task-id': '',
            model: 'google/imagen4-fast',
            input: '{"prompt":"a cat"}',
            'callback-url': 'https://hooks.exa\tmple/kie',
          },
        },
        target('unused'),
      ),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::Invalid callback-url input: it contains a tab (U+0009) at position 18. Pass the URL on one line',
    );
    expect(fake.requests.slice(before)).toEqual([]);
  });
});
