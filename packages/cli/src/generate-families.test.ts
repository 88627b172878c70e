// `kie-task generate --family <f> --input …` in-process against the testkit, for every family that can be created:
// the input is the family's request body, sent as is to its create endpoint, waited for on its status endpoint;
// a 429 is sent again, a reset after sending is not, a validation refusal shows kie.ai's message and polls nothing.
import { familyCreateExamples, startFakeKie, type FakeKie, type FakeKieOptions } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { run, type Captured } from '../test/run.js';

const KEY = 'sk-cli-families-Secr3t-0123456789';
const CALLBACK = 'https://hooks.example/kie';
let fake: FakeKie | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
});

// One documented create request per family, from the testkit (whose table core's tests check against core's).
const EXAMPLES = familyCreateExamples();

async function start(options: FakeKieOptions = {}): Promise<Record<string, string>> {
  fake = await startFakeKie({ apiKey: KEY, ...options });
  return { KIE_API_KEY: KEY, KIE_BASE_URL: fake.url };
}

async function generate(
  env: Record<string, string>,
  family: string,
  input: string,
  ...args: string[]
): Promise<Captured> {
  const result = await run(
    [
      'generate',
      '--family',
      family,
      '--input',
      input,
      '--callback-url',
      CALLBACK,
      '--interval',
      '50ms',
      ...args,
    ],
    env,
  );
  expect(result.stdout + result.stderr).not.toContain(KEY);
  return result;
}
const posts = (path: string) => fake!.requests.filter((r) => r.method === 'POST' && r.path === path);
const polls = () => fake!.requests.filter((r) => r.method === 'GET');

describe.each(EXAMPLES.map((e) => [e.family, e] as const))(
  'kie-task generate --family %s',
  (family, { createPath, statusPath, body, required }) => {
    it('POSTs the input as the body, waits on the status endpoint, prints the results', async () => {
      const env = await start();
      const r = await generate(env, family, JSON.stringify(body), '--json');
      expect(r.code).toBe(0);
      expect(posts(createPath).map((q) => JSON.parse(q.body) as unknown)).toEqual([
        { ...body, callBackUrl: CALLBACK },
      ]);
      const { taskId } = fake!.createdTasks[0]!;
      expect(polls().length).toBeGreaterThan(0);
      expect(polls().every((q) => q.path === statusPath && q.taskId === taskId)).toBe(true);
      const [summary] = JSON.parse(r.stdout) as { taskId: string; outcome: string; resultUrls: string[] }[];
      expect(summary).toMatchObject({ taskId, outcome: 'success' });
      expect(summary!.resultUrls[0]).toContain(`${fake!.url}/files/`);
    });

    it('a 429 is sent again: exactly one task', async () => {
      const env = await start({
        createTask: { faults: [{ on: 1, kind: 'http', status: 429, retryAfter: '0.1' }] },
      });
      const r = await generate(env, family, JSON.stringify(body), '-q');
      expect(r.code).toBe(0);
      expect(posts(createPath)).toHaveLength(2);
      expect(fake!.createdTasks).toHaveLength(1);
    });

    it('a reset after sending: exit 4, not sent again, says the task may exist', async () => {
      const env = await start({ createTask: { faults: [{ on: 'always', kind: 'reset-after-create' }] } });
      const r = await generate(env, family, JSON.stringify(body));
      expect(r.code).toBe(4);
      expect(r.stderr).toMatch(
        new RegExp(
          `kie\\.ai may have created the task \\(and charged for it\\): the ${family} create request.* sent at ` +
            '\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ \\(UTC\\) got no answer.*https://kie\\.ai/logs',
        ),
      );
      expect(posts(createPath)).toHaveLength(1);
      expect(fake!.createdTasks).toHaveLength(1);
      expect(polls()).toHaveLength(0);
    });

    it("a validation refusal: exit 4 with kie.ai's message, nothing polled", async () => {
      const env = await start();
      const [field] = required;
      const { [field!]: _dropped, ...invalid } = body;
      const r = await generate(env, family, JSON.stringify(invalid));
      expect(r.code).toBe(4);
      expect(r.stderr).toContain(`kie.ai answered 422 ("${field} is required")`);
      expect(fake!.createdTasks).toHaveLength(0);
      expect(polls()).toHaveLength(0);
    });
  },
);

describe('kie-task generate in families', () => {
  it('a YAML list creates one task each, in order, then waits for all', async () => {
    const env = await start();
    const r = await generate(
      env,
      'flux-kontext',
      '- prompt: one\n- prompt: two\n  aspectRatio: "1:1"\n',
      '--json',
    );
    expect(r.code).toBe(0);
    expect(fake!.createdTasks.map((t) => t.body)).toEqual([
      { prompt: 'one', callBackUrl: CALLBACK },
      { prompt: 'two', aspectRatio: '1:1', callBackUrl: CALLBACK },
    ]);
    expect((JSON.parse(r.stdout) as unknown[]).length).toBe(2);
    expect(r.stderr).toContain('created task 2 of 2');
  });

  it('a failure in a list stops creating and still waits for the tasks created before it', async () => {
    const env = await start({ createTask: { faults: [{ on: 2, kind: '5xx-after-create' }] } });
    const r = await generate(env, 'veo', '[{"prompt":"a"},{"prompt":"b"},{"prompt":"c"}]', '--json');
    expect(r.code).toBe(4);
    expect(posts('/api/v1/veo/generate')).toHaveLength(2);
    const first = fake!.createdTasks[0]!.taskId;
    expect(r.stderr).toMatch(new RegExp(`creating task 2 of 3; created before it: ${first}; not sent: 1`));
    expect(JSON.parse(r.stdout)).toMatchObject([{ taskId: first, outcome: 'success' }]);
  });

  it('--model with another family, or no --model for market: usage error before any request', async () => {
    const env = await start();
    const withModel = await run(['generate', '--family', 'runway', '--model', 'x', '--input', '{}'], env);
    expect(withModel.code).toBe(2);
    expect(withModel.stderr).toMatch(
      /--model is for market models .*leave --model out and pass the family's whole request body/,
    );
    const noModel = await run(['generate', '--input', '{}'], env);
    expect(noModel.code).toBe(2);
    expect(noModel.stderr).toMatch(/--model is required for market tasks.*--family \(veo, runway/);
    const lyrics = await run(['generate', '--family', 'suno-lyrics', '--input', '{}'], env);
    expect(lyrics.code).toBe(2);
    expect(fake!.requests).toHaveLength(0);
  });
});
