// `kie-task generate` in-process against the testkit's createTask: created exactly once under every fault, the
// "may have been created" failure is exit 4 with the time and where to check, the key never printed.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeKie, type FakeKie, type FakeKieOptions } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { run, type Captured } from '../test/run.js';

const KEY = 'sk-cli-generate-Secr3t-0123456789';
const UNKNOWN =
  /kie-task: kie\.ai may have created the task \(and charged for it\): the createTask request for model google\/imagen4-fast sent at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\) got .+\. It was not sent again\. Check https:\/\/kie\.ai\/logs before retrying\./;
let fake: FakeKie | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

async function start(options: FakeKieOptions = {}): Promise<Record<string, string>> {
  fake = await startFakeKie({
    apiKey: KEY,
    createdTaskScenario: { timeline: [{ state: 'generating' }, { state: 'success', afterMs: 100 }] },
    ...options,
  });
  return { KIE_API_KEY: KEY, KIE_BASE_URL: fake.url };
}

async function generate(env: Record<string, string>, ...args: string[]): Promise<Captured> {
  const result = await run(
    [
      'generate',
      '--model',
      'google/imagen4-fast',
      '--input',
      '{"prompt":"a cat"}',
      '--interval',
      '50ms',
      ...args,
    ],
    env,
  );
  expect(result.stdout + result.stderr).not.toContain(KEY);
  return result;
}
const creates = () => fake!.requests.filter((r) => r.path === '/api/v1/jobs/createTask');

describe('kie-task generate', () => {
  it('creates once, waits like wait, prints the result URL', async () => {
    const env = await start();
    const r = await generate(env);
    expect(r.code).toBe(0);
    expect(fake!.createdTasks).toHaveLength(1);
    const { taskId } = fake!.createdTasks[0]!;
    expect(r.stderr).toContain(`created task ${taskId}`);
    expect(r.stdout).toBe(`${fake!.url}/files/${taskId}-0.png\n`);
  });

  it('--json prints the TaskSummary array, and --callback-url is sent', async () => {
    const env = await start();
    const r = await generate(env, '--json', '--callback-url', 'https://hooks.example/kie');
    expect(r.code).toBe(0);
    const summaries = JSON.parse(r.stdout) as { taskId: string; outcome: string }[];
    expect(summaries).toMatchObject([{ taskId: fake!.createdTasks[0]!.taskId, outcome: 'success' }]);
    expect(fake!.createdTasks[0]!.callBackUrl).toBe('https://hooks.example/kie');
  });

  it('--callback-url with a tab or a line break is a usage error naming the character, before any request', async () => {
    const env = await start();
    const r = await generate(env, '--callback-url', 'https://hooks.exa\tmple/kie');
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('a tab (U+0009) at position 18');
    expect((await generate(env, '--callback-url', 'https://hooks.example/\nkie')).stderr).toContain(
      'a line break (LF) (U+000A)',
    );
    expect(fake!.requests).toHaveLength(0);
  });

  it('takes --input as YAML too, as the Action does', async () => {
    const env = await start();
    const r = await run(
      [
        'generate',
        '--model',
        'google/imagen4-fast',
        '--input',
        'prompt: A fox in the snow\naspect_ratio: "16:9"',
      ],
      env,
    );
    expect(r.code, r.stderr).toBe(0);
    expect(fake!.createdTasks[0]!.input).toEqual({ prompt: 'A fox in the snow', aspect_ratio: '16:9' });
  });

  it('reads --input from @file and from stdin (-)', async () => {
    const env = await start();
    const dir = await mkdtemp(join(tmpdir(), 'kie-gen-'));
    try {
      await writeFile(join(dir, 'in.json'), '{"prompt":"from a file"}');
      expect(
        (await run(['generate', '--model', 'm', '--input', `@${join(dir, 'in.json')}`, '-q'], env)).code,
      ).toBe(0);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    const r = await run(['generate', '--model', 'm', '--input', '-', '-q'], env, {
      stdin: '{"prompt":"piped"}',
    });
    expect(r.code).toBe(0);
    expect(fake!.createdTasks.map((t) => t.input)).toEqual([{ prompt: 'from a file' }, { prompt: 'piped' }]);
  });

  it.each([
    ['reset-after-create', {}],
    ['5xx-after-create', {}],
    ['5xx-after-create', { format: 'json' }],
    ['envelope-500-after-create', {}],
    ['reset-before-read', {}],
  ])('%s %j: exit 4, not sent again, the time and where to check', async (kind, extra) => {
    const env = await start({ createTask: { faults: [{ on: 'always', kind, ...extra } as never] } });
    const r = await generate(env);
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(UNKNOWN);
    expect(creates()).toHaveLength(1);
    expect(fake!.createdTasks.length).toBeLessThanOrEqual(1);
    expect(fake!.requests.every((q) => q.path === '/api/v1/jobs/createTask')).toBe(true);
  });

  it('a 429 burst is retried: created once, exit 0', async () => {
    const env = await start({
      createTask: { faults: [{ on: { from: 1, to: 2 }, kind: 'http', status: 429, retryAfter: '0.1' }] },
    });
    const r = await generate(env);
    expect(r.code).toBe(0);
    expect(creates()).toHaveLength(3);
    expect(fake!.createdTasks).toHaveLength(1);
  });

  it("an unknown model: exit 4 with kie.ai's message, control characters removed", async () => {
    const env = await start({
      createTask: {
        faults: [
          {
            on: 'always',
            kind: 'envelope',
            code: 422,
            msg: '\u001b[31mThe page does not exist\u001b]0;x\u0007',
          },
        ],
      },
    });
    const r = await generate(env);
    expect(r.code).toBe(4);
    expect(r.stderr).toContain('The page does not exist');
    expect(r.stderr).toMatch(/model is unknown or unavailable/);
    // eslint-disable-next-line no-control-regex -- checking that none survive
    expect(r.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it.each([
    [['--input', '[1]'], /--input \(the flag\): item 1 of the list \(input\[0\]\) is a number/],
    [['--input', '"x"'], /expected a mapping \(one task\) or a list of mappings/],
    [['--input', 'a: [1,\nb: {'], /--input \(the flag\): neither JSON nor YAML/],
    [['--input', '- a\n- b'], /item 1 of the list \(input\[0\]\) is a string/],
    [['--input', 'prompt: [unclosed'], /neither JSON nor YAML/],
    [['--input', '@/no/such/file.json'], /cannot read the file/],
  ])('bad input %j: usage error (exit 2) before any request', async (args, message) => {
    const env = await start();
    const r = await run(['generate', '--model', 'm', ...args], env);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(fake!.requests).toHaveLength(0);
  });

  it('an interrupt while the create hangs: exit 130, and it says the task may exist', async () => {
    const env = await start({ createTask: { faults: [{ on: 'always', kind: 'hang-after-create' }] } });
    const controller = new AbortController();
    // Interrupted once the create has reached kie.ai (a fixed 200 ms was sometimes before it, on a loaded machine).
    const interrupt = setInterval(() => {
      if (fake!.createdTasks.length === 0) return;
      clearInterval(interrupt);
      controller.abort(new Error('Interrupted by SIGINT'));
    }, 20);
    const r = await run(['generate', '--model', 'google/imagen4-fast', '--input', '{}'], env, {
      signal: controller.signal,
    }).finally(() => clearInterval(interrupt));
    expect(r.code).toBe(130);
    expect(r.stderr).toMatch(UNKNOWN);
    expect(fake!.createdTasks).toHaveLength(1);
  });
});
