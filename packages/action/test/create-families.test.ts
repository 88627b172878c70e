// Creating in every family from the committed bundle, run as the runner runs it, against the testkit: the input is
// the family's request body, sent as is to the family's create endpoint; the task is waited for on the family's
// status endpoint and its results reach the outputs. Never paying twice holds in every family.
import { existsSync } from 'node:fs';
import { familyCreateExamples, startFakeKie, type FakeKie, type FakeKieOptions } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { stringify as stringifyYaml } from 'yaml';
import { bundlePath, runAction, type RunOutcome } from '../scripts/runner.mjs';
import { expectNoKey } from './harness.js';

const KEY = 'sk-families-e2e-Secr3t-0123456789';
const CALLBACK = 'https://hooks.example/kie';

beforeAll(() => {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run pnpm build first`);
});
const fakes: FakeKie[] = [];
afterAll(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

// One documented create request per family, from the testkit (whose table core's tests check against core's).
const EXAMPLES = familyCreateExamples();

async function start(options: FakeKieOptions = {}): Promise<FakeKie> {
  const fake = await startFakeKie({ apiKey: KEY, ...options });
  fakes.push(fake);
  return fake;
}

/** Runs the bundle with `family` + `input` (and callback-url: Suno requires one). */
async function create(fake: FakeKie, family: string, input: string, more: Record<string, string> = {}) {
  const result = await runAction({
    inputs: {
      'api-key': KEY,
      'base-url': fake.url,
      'poll-interval': '50ms',
      timeout: '20s',
      family,
      input,
      'callback-url': CALLBACK,
      ...more,
    },
    timeoutMs: 60_000,
  });
  expectNoKey(result, KEY);
  return result;
}

const errorLines = (r: RunOutcome) => r.stdout.split('\n').filter((line) => line.startsWith('::error::'));
const posts = (fake: FakeKie, path: string) =>
  fake.requests.filter((r) => r.method === 'POST' && r.path === path);

describe.concurrent.each(EXAMPLES.map((e) => [e.family, e] as const))(
  'family %s (the bundle)',
  (family, { createPath, statusPath, body, required }) => {
    it('POSTs the input as the body to the create endpoint, waits on the status endpoint, outputs its results', async () => {
      const fake = await start();
      // As YAML, the way a workflow's `input: |` holds it (the other tests send JSON).
      const r = await create(fake, family, stringifyYaml(body));
      expect(r.code).toBe(0);
      expect(posts(fake, createPath).map((q) => JSON.parse(q.body) as unknown)).toEqual([
        { ...body, callBackUrl: CALLBACK },
      ]);
      const [task] = fake.createdTasks;
      expect(task).toMatchObject({ family });
      const polls = fake.requests.filter((q) => q.method === 'GET');
      expect(polls.length).toBeGreaterThan(0);
      expect(polls.every((q) => q.path === statusPath && q.taskId === task!.taskId)).toBe(true);
      expect(r.outputs).toMatchObject({ created: 'true', 'task-id': task!.taskId, state: 'success' });
      const urls = JSON.parse(r.outputs['result-urls']!) as string[];
      expect(urls.length).toBeGreaterThan(0);
      expect(urls[0]).toContain(`${fake.url}/files/`);
      expect(r.stdout).toContain(`Creating a task in family ${family}`);
    });

    it('a 429 is retried: exactly one task', async () => {
      const fake = await start({
        createTask: { faults: [{ on: 1, kind: 'http', status: 429, retryAfter: '0.1' }] },
      });
      const r = await create(fake, family, JSON.stringify(body));
      expect(r.code).toBe(0);
      expect(posts(fake, createPath)).toHaveLength(2);
      expect(fake.createdTasks).toHaveLength(1);
    });

    it('a reset after sending is not retried; the step fails saying the task may exist', async () => {
      const fake = await start({ createTask: { faults: [{ on: 'always', kind: 'reset-after-create' }] } });
      const r = await create(fake, family, JSON.stringify(body));
      expect(r.code).toBe(1);
      expect(posts(fake, createPath)).toHaveLength(1);
      expect(fake.createdTasks).toHaveLength(1);
      expect(errorLines(r).join('\n')).toMatch(
        new RegExp(
          `kie\\.ai may have created the task \\(and charged for it\\): the ${family} create request.* sent at ` +
            '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(UTC\\) got no answer.*Check https://kie\\.ai/logs',
        ),
      );
      expect(fake.requests.every((q) => q.path === createPath)).toBe(true);
    });

    it("a validation refusal shows kie.ai's message and polls nothing", async () => {
      const fake = await start();
      const [field] = required;
      const { [field!]: _dropped, ...invalid } = body;
      const r = await create(fake, family, JSON.stringify(invalid));
      expect(r.code).toBe(1);
      expect(errorLines(r).join('\n')).toContain(`kie.ai answered 422 ("${field} is required")`);
      expect(fake.createdTasks).toHaveLength(0);
      expect(fake.requests.every((q) => q.path === createPath)).toBe(true);
    });
  },
);

describe('family creates (the bundle)', () => {
  it('a YAML list creates one task each through the create window, then waits for all', async () => {
    const fake = await start();
    const r = await create(fake, 'veo', '- prompt: one\n- prompt: two\n  model: veo3\n', {
      'callback-url': '',
    });
    expect(r.code).toBe(0);
    expect(fake.createdTasks.map((t) => t.body)).toEqual([
      { prompt: 'one' },
      { prompt: 'two', model: 'veo3' },
    ]);
    expect(r.outputs['task-id']).toBe(fake.createdTasks.map((t) => t.taskId).join(','));
  });

  it.each(EXAMPLES.filter((e) => e.callBackUrlRequired).map((e) => [e.family, e] as const))(
    "%s without callback-url: kie.ai's refusal comes through",
    async (family, { body }) => {
      const fake = await start();
      const r = await create(fake, family, JSON.stringify(body), { 'callback-url': '' });
      expect(r.code).toBe(1);
      expect(errorLines(r).join('\n')).toContain('("callBackUrl is required")');
    },
  );

  it('model with a non-market family is refused before any request, saying which form to use', async () => {
    const fake = await start();
    const r = await create(fake, 'runway', '{"prompt":"x"}', { model: 'runway-5s' });
    expect(r.code).toBe(1);
    expect(errorLines(r).join('\n')).toMatch(/model input is for market models .*leave model empty/);
    expect(fake.requests).toHaveLength(0);
  });
});
