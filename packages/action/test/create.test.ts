// Create and wait in one step: the committed bundle, run as the runner runs it, against the testkit's createTask.
// Exactly once under every fault; bad inputs refused with no request; the key nowhere.
import { existsSync } from 'node:fs';
import { startFakeKie, type FakeKie, type FakeKieOptions } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runAction, type RunOutcome } from '../scripts/runner.mjs';
import { expectNoKey } from './harness.js';

const KEY = 'sk-create-e2e-Secr3t-0123456789';
const UNKNOWN =
  /kie\.ai may have created the task \(and charged for it\): the createTask request for model [\w/.-]+ sent at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\) got [^\n]+\. It was not sent again\. Check https:\/\/kie\.ai\/logs before retrying\./;

beforeAll(() => {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run pnpm build first`);
});
// One fake per test; closed at the end (tests run concurrently, so not after each).
const fakes: FakeKie[] = [];
afterAll(async () => {
  await Promise.all(fakes.splice(0).map((fake) => fake.close()));
});

async function start(options: FakeKieOptions = {}): Promise<FakeKie> {
  const fake = await startFakeKie({
    apiKey: KEY,
    createdTaskScenario: {
      timeline: [
        { state: 'waiting' },
        { state: 'generating', afterMs: 50 },
        { state: 'success', afterMs: 150 },
      ],
    },
    ...options,
  });
  fakes.push(fake);
  return fake;
}

/** Runs the bundle with `model` instead of `task-id`. */
async function generate(fake: FakeKie, inputs: Record<string, string>): Promise<RunOutcome> {
  const result = await runAction({
    inputs: {
      'api-key': KEY,
      'base-url': fake.url,
      'poll-interval': '50ms',
      timeout: '20s',
      model: 'google/imagen4-fast',
      input: '{"prompt":"a cat"}',
      ...inputs,
    },
    timeoutMs: 60_000,
  });
  expectNoKey(result, KEY);
  return result;
}

const creates = (fake: FakeKie) => fake.requests.filter((r) => r.path === '/api/v1/jobs/createTask');
const errorLines = (r: RunOutcome) => r.stdout.split('\n').filter((line) => line.startsWith('::error::'));

describe.concurrent('create and wait in one step (the bundle)', () => {
  it('creates one task from a JSON mapping, waits, and reports created + task-id', async () => {
    const fake = await start();
    const r = await generate(fake, { 'callback-url': 'https://hooks.example/kie' });
    expect(r.code).toBe(0);
    expect(fake.createdTasks).toHaveLength(1);
    const [task] = fake.createdTasks;
    expect(task).toMatchObject({
      model: 'google/imagen4-fast',
      input: { prompt: 'a cat' },
      callBackUrl: 'https://hooks.example/kie',
    });
    expect(r.outputs).toMatchObject({ created: 'true', 'task-id': task!.taskId, state: 'success' });
    expect(r.stdout).toContain(`Created the task: ${task!.taskId}`);
    expect(r.summary).toContain(task!.taskId);
  });

  it('a YAML list creates one task per item, in input order, then waits for all', async () => {
    const fake = await start();
    const r = await generate(fake, { input: '- prompt: one\n- prompt: two\n- prompt: three\n' });
    expect(r.code).toBe(0);
    expect(fake.createdTasks.map((t) => t.input)).toEqual([
      { prompt: 'one' },
      { prompt: 'two' },
      { prompt: 'three' },
    ]);
    expect(r.outputs['task-id']).toBe(fake.createdTasks.map((t) => t.taskId).join(','));
    expect(JSON.parse(r.outputs.tasks!)).toHaveLength(3);
    expect(r.outputs.created).toBe('true');
  });

  it('task-id still works, and created is false', async () => {
    const fake = await start({ tasks: [{ taskId: 'given_1' }] });
    const r = await generate(fake, { model: '', input: '', 'task-id': 'given_1' });
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ created: 'false', 'task-id': 'given_1', state: 'success' });
    expect(creates(fake)).toHaveLength(0);
  });

  it.each([
    ['reset-after-create', {}],
    ['5xx-after-create', {}],
    ['5xx-after-create', { format: 'json', status: 503 }],
    ['envelope-500-after-create', {}],
    ['hang-after-create', {}],
  ])(
    '%s %j: created once, not sent again, the step fails saying when and where to check',
    async (kind, extra) => {
      const fake = await start({ createTask: { faults: [{ on: 'always', kind, ...extra } as never] } });
      // hang-after-create needs a deadline: the per-request timeout is 30 s, so the step's timeout ends it.
      const r = await generate(fake, kind === 'hang-after-create' ? { timeout: '5s' } : {});
      expect(r.code).toBe(1);
      expect(fake.createdTasks).toHaveLength(1);
      expect(creates(fake)).toHaveLength(1);
      expect(errorLines(r).join('\n')).toMatch(UNKNOWN);
      expect(r.outputs).toMatchObject({ created: 'false', 'task-id': '' });
      // No status query for a task whose ID never came back.
      expect(fake.requests.every((q) => q.path === '/api/v1/jobs/createTask')).toBe(true);
    },
  );

  it('reset-before-read: not sent again either', async () => {
    const fake = await start({ createTask: { faults: [{ on: 'always', kind: 'reset-before-read' }] } });
    const r = await generate(fake, {});
    expect(r.code).toBe(1);
    expect(creates(fake)).toHaveLength(1);
    expect(fake.createdTasks).toHaveLength(0);
    expect(errorLines(r).join('\n')).toMatch(UNKNOWN);
  });

  it('a 429 burst is retried (nothing was created): one task', async () => {
    const fake = await start({
      createTask: { faults: [{ on: { from: 1, to: 2 }, kind: 'http', status: 429, retryAfter: '0.2' }] },
    });
    const r = await generate(fake, {});
    expect(r.code).toBe(0);
    expect(creates(fake)).toHaveLength(3);
    expect(fake.createdTasks).toHaveLength(1);
    expect(r.outputs.created).toBe('true');
  });

  it('a failure in the middle of a list stops creating: which were created, which not sent; waits for those', async () => {
    const fake = await start({ createTask: { faults: [{ on: 2, kind: '5xx-after-create' }] } });
    const r = await generate(fake, {
      input: '[{"prompt":"a"},{"prompt":"b"},{"prompt":"c"},{"prompt":"d"}]',
    });
    expect(r.code).toBe(1);
    expect(creates(fake)).toHaveLength(2);
    expect(fake.createdTasks).toHaveLength(2);
    const first = fake.createdTasks[0]!.taskId;
    expect(r.outputs).toMatchObject({ created: 'true', 'task-id': first, state: 'success' });
    const errors = errorLines(r).join('\n');
    expect(errors).toMatch(/Could not create task 2 of 4: kie\.ai may have created the task/);
    expect(errors).toContain(`Created before it: ${first}.`);
    expect(errors).toContain('Not sent: tasks 3 to 4.');
  });

  it.each([
    [402, /credits/],
    [433, /usage limit/],
  ])('envelope %i fails the step with its meaning, nothing created or retried', async (code, meaning) => {
    const fake = await start({ createTask: { faults: [{ on: 'always', kind: 'envelope', code }] } });
    const r = await generate(fake, {});
    expect(r.code).toBe(1);
    expect(creates(fake)).toHaveLength(1);
    expect(errorLines(r).join('\n')).toMatch(meaning);
    expect(errorLines(r).join('\n')).not.toMatch(/may have created/);
  });

  it("an unknown model shows kie.ai's message, escaped: no workflow command from it", async () => {
    const fake = await start({
      createTask: {
        faults: [
          { on: 'always', kind: 'envelope', code: 422, msg: `::warning::pwned ${KEY}\n::add-mask::x` },
        ],
      },
    });
    const r = await generate(fake, {});
    expect(r.code).toBe(1);
    expect(errorLines(r).join('\n')).toMatch(/model is unknown or unavailable/);
    expect(r.stdout).not.toMatch(/^::warning::pwned/m);
    expect(r.stdout.split('\n').filter((l) => l.startsWith('::add-mask::'))).toHaveLength(2);
  });

  it.each([
    [{ 'task-id': 'task_1' }, /Both task-id and model are given/],
    [{ model: '' }, /Missing task-id or model input/],
    [{ input: '"just a string"' }, /Invalid input input: expected a mapping .* got a string/],
    [{ input: '- a: 1\n- 2\n' }, /item 2 of the list \(input\[1\]\) is a number/],
    [{ input: 'a: [1,\nb: {' }, /Invalid input input: neither JSON nor YAML/],
    [
      { family: 'veo' },
      /The model input is for market models \(jobs\/createTask\), not family veo\. To create a veo task/,
    ],
    [{ 'callback-url': 'javascript:alert(1)' }, /Invalid callback-url input/],
  ])('bad inputs %j fail before any request', async (inputs, message) => {
    const fake = await start();
    const r = await generate(fake, inputs);
    expect(r.code).toBe(1);
    expect(errorLines(r).join('\n')).toMatch(message);
    expect(fake.requests).toHaveLength(0);
  });
});

describe('a batch under the create window', () => {
  it('25 inputs: each created once, in order, no 429, then all waited for', async () => {
    const fake = await start();
    const input = JSON.stringify(Array.from({ length: 25 }, (_, i) => ({ prompt: `p${i}` })));
    const r = await generate(fake, { input, timeout: '40s' });
    expect(r.code).toBe(0);
    expect(fake.createdTasks.map((t) => t.input)).toEqual(
      Array.from({ length: 25 }, (_, i) => ({ prompt: `p${i}` })),
    );
    expect(fake.counts().createRejected).toBe(0);
    expect(r.outputs['task-id']!.split(',')).toEqual(fake.createdTasks.map((t) => t.taskId));
    const tasks = JSON.parse(r.outputs.tasks!) as { outcome: string }[];
    expect(tasks.every((t) => t.outcome === 'success')).toBe(true);
  }, 90_000);
});
