// Creating in every dedicated family over real HTTP against the testkit: the input is the body, sent to the family's
// create endpoint; the task is waited for on the family's status endpoint; never paying twice holds for each.
import { familyCreateExamples, startFakeKie, type FakeKie, type FakeKieOptions } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { meaningOfEnvelopeCode } from '../src/code-meanings.js';
import { getFamily } from '../src/families/index.js';
import {
  CREATABLE_FAMILY_NAMES,
  CreateOutcomeUnknownError,
  KieApiError,
  KieClient,
  recordOrThrow,
  type KieClientOptions,
} from '../src/index.js';

const KEY = 'sk-families-Secr3t-0123456789';
let server: FakeKie | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: FakeKieOptions = {}, client: Partial<KieClientOptions> = {}) {
  server = await startFakeKie({ apiKey: KEY, ...options });
  return new KieClient({
    apiKey: KEY,
    baseUrl: server.url,
    requestTimeoutMs: 10_000, // a loaded CI machine: a create that takes over 2 s to answer is "may have been created"
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
    ...client,
  });
}

const CALLBACK = 'https://hooks.test/kie';
// The one table of documented create requests, one per family: the testkit's, checked against core's families below.
const EXAMPLES = familyCreateExamples();

const posts = (path: string) => server!.requests.filter((r) => r.method === 'POST' && r.path === path);
const polls = () => server!.requests.filter((r) => r.method === 'GET');

describe.each(EXAMPLES.map((e) => [e.family, e] as const))('%s', (family, example) => {
  const { createPath, statusPath, body: input, required } = example;

  it("core's family table holds the testkit's create and status endpoints", () => {
    expect(getFamily(family).createPath).toBe(createPath);
    expect(getFamily(family).statusPath('t')).toBe(`${statusPath}?taskId=t`);
  });

  it('generate POSTs the input, plus callBackUrl, as the body and waits on the status endpoint', async () => {
    const client = await setup();
    const outcome = await client.generate({ family, input, callBackUrl: CALLBACK }, { interval: 20 });
    const { taskId } = outcome;
    const record = recordOrThrow(outcome);
    expect(outcome.kind).toBe('success');
    expect(posts(createPath).map((r) => JSON.parse(r.body) as unknown)).toEqual([
      { ...input, callBackUrl: CALLBACK },
    ]);
    expect(server!.createdTasks).toEqual([expect.objectContaining({ taskId, family })]);
    expect(polls().length).toBeGreaterThan(0);
    expect(polls().every((r) => r.path === statusPath && r.taskId === taskId)).toBe(true);
    expect(record).toMatchObject({ taskId, family, status: 'success' });
    expect(record.resultUrls.length).toBeGreaterThan(0);
    expect(record.resultUrls[0]).toContain(server!.url);
  });

  it('a 429 is sent again and makes exactly one task', async () => {
    const client = await setup({
      createTask: { faults: [{ on: 1, kind: 'http', status: 429, retryAfter: '0' }] },
    });
    const retries: string[] = [];
    await client.createTask(
      { family, input, callBackUrl: CALLBACK },
      { onRetry: (e) => retries.push(e.family) },
    );
    expect(retries).toEqual([family]);
    expect(posts(createPath)).toHaveLength(2);
    expect(server!.createdTasks).toHaveLength(1);
  });

  it('a reset after sending is not sent again and says the task may exist, with the family and time', async () => {
    const client = await setup({ createTask: { faults: [{ on: 'always', kind: 'reset-after-create' }] } });
    const error = await client
      .generate({ family, input, callBackUrl: CALLBACK }, { interval: 20 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateOutcomeUnknownError);
    const unknown = error as CreateOutcomeUnknownError;
    expect(unknown.family).toBe(family);
    expect(unknown.message).toMatch(
      new RegExp(
        `^kie\\.ai may have created the task \\(and charged for it\\): the ${family} create request`,
      ),
    );
    expect(unknown.message).toMatch(
      /sent at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\) got no answer \(ECONNRESET/,
    );
    expect(unknown.message).toContain('https://kie.ai/logs');
    expect(posts(createPath)).toHaveLength(1);
    expect(server!.createdTasks).toHaveLength(1);
    expect(polls()).toHaveLength(0);
  });

  it("a validation refusal fails at once with kie.ai's message and polls nothing", async () => {
    const client = await setup();
    const [field] = required;
    const { [field!]: _dropped, ...invalid } = input;
    const error = await client
      .generate({ family, input: invalid, callBackUrl: CALLBACK }, { interval: 20 })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect((error as KieApiError).message).toContain(`("${field} is required")`);
    expect((error as KieApiError).kind).toBe('validation');
    expect(posts(createPath)).toHaveLength(1);
    expect(server!.createdTasks).toHaveLength(0);
    expect(polls()).toHaveLength(0);
  });

  it('model beside a non-market family is refused before any request, naming the form to use', async () => {
    const client = await setup();
    await expect(client.createTask({ family, model: 'veo3', input })).rejects.toThrow(
      new RegExp(`model is for market models .*\\{ family: "${family}", input \\}`),
    );
    expect(server!.requests).toHaveLength(0);
  });
});

describe('creating in families', () => {
  it("the testkit's examples cover exactly core's creatable families but market (whose body is per model)", () => {
    expect(CREATABLE_FAMILY_NAMES[0]).toBe('market');
    expect(CREATABLE_FAMILY_NAMES.slice(1).sort()).toEqual(EXAMPLES.map((e) => e.family).sort());
  });

  it('families without a create endpoint, and unknown ones, are refused before any request', async () => {
    const client = await setup();
    await expect(client.createTask({ family: 'suno-lyrics', input: { prompt: 'x' } })).rejects.toThrow(
      /cannot be created here\. Families with a create endpoint: market, veo/,
    );
    await expect(client.createTask({ family: 'nope', input: {} })).rejects.toThrow(
      /Unknown task family "nope"/,
    );
    expect(server!.requests).toHaveLength(0);
  });

  it('callBackUrl given twice with different values is refused; the same value is sent once', async () => {
    const client = await setup();
    const input = { prompt: 'x', callBackUrl: 'https://a.test/1' };
    await expect(
      client.createTask({ family: 'veo', input, callBackUrl: 'https://b.test/2' }),
    ).rejects.toThrow(/callBackUrl is given twice/);
    await client.createTask({ family: 'veo', input, callBackUrl: 'https://a.test/1' });
    expect(JSON.parse(posts('/api/v1/veo/generate')[0]!.body)).toEqual(input);
  });

  it('an envelope 500 after a family create is "may exist", never sent again', async () => {
    const client = await setup({
      createTask: { faults: [{ on: 'always', kind: 'envelope-500-after-create' }] },
    });
    const error = await client
      .createTask({ family: 'flux-kontext', input: { prompt: 'x' } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CreateOutcomeUnknownError);
    expect(posts('/api/v1/flux/kontext/generate')).toHaveLength(1);
  });

  it("the families' own create codes: Suno's 405/430 are the rate (sent again), 413 a refusal", async () => {
    // A refusal for the rate holds creates for the window: a short one keeps the test fast.
    const window = { createRateLimit: { maxRequests: 20, windowMs: 50 } };
    const client = await setup(
      {
        createTask: {
          faults: [
            { on: 1, kind: 'envelope', code: 405, msg: 'Rate limit exceeded' },
            { on: 2, kind: 'envelope', code: 430, msg: 'Your call frequency is too high' },
            { on: 3, kind: 'envelope', code: 413, msg: 'Theme or prompt too long' },
          ],
        },
      },
      window,
    );
    const input = { prompt: 'x', customMode: false, instrumental: true, model: 'V4', callBackUrl: CALLBACK };
    const error = await client.createTask({ family: 'suno', input }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect((error as KieApiError).message).toMatch(/413 \("Theme or prompt too long"\)/);
    expect(posts('/api/v1/generate')).toHaveLength(3);
    const suno = getFamily('suno').createCodes;
    expect(meaningOfEnvelopeCode(405, 'create', suno).disposition).toBe('retry');
    expect(meaningOfEnvelopeCode(405, 'create').disposition).toBe('fatal');
    expect(meaningOfEnvelopeCode(501, 'create', getFamily('veo').createCodes).disposition).toBe(
      'outcome-unknown',
    );
    expect(meaningOfEnvelopeCode(451, 'create', getFamily('runway').createCodes).kind).toBe('validation');
  });

  it('a list of creates in several families shares one create window', async () => {
    const client = new KieClient({
      apiKey: KEY,
      baseUrl: (await setup()).baseUrl,
      createRateLimit: { maxRequests: 2, windowMs: 300 },
    });
    const started = Date.now();
    await Promise.all(
      EXAMPLES.slice(0, 3).map(({ family, body }) => client.createTask({ family, input: body })),
    );
    expect(server!.createdTasks.map((t) => t.family).sort()).toEqual(['aleph', 'runway', 'veo']);
    expect(Date.now() - started).toBeGreaterThanOrEqual(300);
  });
});
