// createTask and generate over real HTTP against the testkit: exactly once under every fault, retried only where
// nothing can exist, a shared window for batches, typed errors with the time and where to check.
import { refusedUrl, startFakeKie, type FakeKie, type FakeKieOptions } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { meaningOfEnvelopeCode, meaningOfHttpStatus } from '../src/code-meanings.js';
import { CreateOutcomeUnknownError, KieApiError, KieClient, KieNetworkError } from '../src/index.js';

const KEY = 'sk-create-Secr3t-0123456789';
let server: FakeKie | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(options: FakeKieOptions = {}, client: { requestTimeoutMs?: number } = {}) {
  server = await startFakeKie({
    apiKey: KEY,
    createdTaskScenario: { timeline: [{ state: 'generating' }, { state: 'success', afterMs: 50 }] },
    ...options,
  });
  return new KieClient({
    apiKey: KEY,
    baseUrl: server.url,
    // Long enough for a loaded CI machine (20 creates at once took over 2 s to answer there); tests of a hang pass
    // their own short one.
    requestTimeoutMs: client.requestTimeoutMs ?? 10_000,
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
}

const REQUEST = { model: 'google/imagen4-fast', input: { prompt: 'a cat' } };
const UNKNOWN_MESSAGE =
  /^kie\.ai may have created the task \(and charged for it\): the createTask request for model google\/imagen4-fast sent at \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ \(UTC\) got .+\. It was not sent again\. Check https:\/\/kie\.ai\/logs before retrying\.$/;

/** The create fails with "may have been created", carrying the time it was sent; the key appears nowhere. */
async function expectUnknown(promise: Promise<unknown>, got: RegExp): Promise<CreateOutcomeUnknownError> {
  const before = Date.now();
  const error = await promise.then(
    () => {
      throw new Error('expected a CreateOutcomeUnknownError');
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CreateOutcomeUnknownError);
  const unknown = error as CreateOutcomeUnknownError;
  expect(unknown.message).toMatch(UNKNOWN_MESSAGE);
  expect(unknown.message).toMatch(got);
  expect(unknown.model).toBe(REQUEST.model);
  expect(unknown.sentAt.getTime()).toBeGreaterThanOrEqual(before - 1_000);
  expect(unknown.sentAt.getTime()).toBeLessThanOrEqual(Date.now());
  expect(unknown.message).toContain(unknown.sentAt.toISOString().slice(0, 19) + 'Z');
  expectNoKey(unknown);
  return unknown;
}

function expectNoKey(error: unknown): void {
  for (let e = error; e instanceof Error; e = e.cause) {
    expect(e.message).not.toContain(KEY);
    expect(JSON.stringify(e)).not.toContain(KEY);
  }
}

describe('createTask', () => {
  it('sends { model, input, callBackUrl } once and resolves with the task ID', async () => {
    const client = await setup();
    const id = await client.createTask({ ...REQUEST, callBackUrl: 'https://example.com/hook' });
    expect(id).toMatch(/^task_/);
    expect(server!.createdTasks).toHaveLength(1);
    expect(server!.createdTasks[0]).toMatchObject({
      taskId: id,
      model: REQUEST.model,
      input: REQUEST.input,
      callBackUrl: 'https://example.com/hook',
    });
  });

  it.each([
    ['reset-after-create', /got no answer \(ECONNRESET/, {}],
    ['5xx-after-create (HTML 502)', /got HTTP 502: an error page/, { status: 502 }],
    ['5xx-after-create (JSON 503)', /got HTTP 503 with envelope code 503/, { status: 503, format: 'json' }],
    ['envelope-500-after-create', /got envelope code 500 \("Server error"\)/, {}],
    ['hang-after-create', /got no answer within 300ms/, {}],
  ])('%s: the task exists, it is not sent again, the error says so', async (name, got, extra) => {
    const kind = name.split(' ')[0]!;
    const client = await setup(
      { createTask: { faults: [{ on: 'always', kind, ...extra } as never] } },
      // Only the hang needs the short request timeout; the others answer (a loaded machine may take a while).
      { requestTimeoutMs: kind === 'hang-after-create' ? 300 : 10_000 },
    );
    await expectUnknown(client.createTask(REQUEST), got);
    expect(server!.createdTasks).toHaveLength(1);
    expect(server!.requests.filter((r) => r.path === '/api/v1/jobs/createTask')).toHaveLength(1);
  });

  it('reset-before-read: nothing exists, but the client cannot know it: not sent again', async () => {
    const client = await setup({ createTask: { faults: [{ on: 'always', kind: 'reset-before-read' }] } });
    await expectUnknown(client.createTask(REQUEST), /ECONNRESET/);
    expect(server!.createdTasks).toHaveLength(0);
    expect(server!.counts().createAccepted + server!.counts().createRejected).toBeLessThanOrEqual(1);
  });

  it('a slow answer (delay) within the request timeout is just an answer', async () => {
    const client = await setup({ createTask: { faults: [{ on: 1, kind: 'delay', ms: 100 }] } });
    await expect(client.createTask(REQUEST)).resolves.toMatch(/^task_/);
    expect(server!.createdTasks).toHaveLength(1);
  });

  it("envelope 500 used for validation shows kie.ai's message and is not sent again", async () => {
    const client = await setup({
      createTask: { faults: [{ on: 'always', kind: 'envelope', code: 500, msg: 'This field is required' }] },
    });
    const error = await expectUnknown(
      client.createTask(REQUEST),
      /envelope code 500 \("This field is required"\)/,
    );
    expect(error.message).toMatch(/validation errors/);
    expect(error.message.split('It was not sent again')[0]).not.toMatch(/retrying|record/i);
    expect(server!.requests.filter((r) => r.path === '/api/v1/jobs/createTask')).toHaveLength(1);
  });

  it('HTTP 429 bursts (request dropped) are retried after Retry-After, then created once', async () => {
    const client = await setup({
      createTask: { faults: [{ on: { from: 1, to: 2 }, kind: 'http', status: 429, retryAfter: '0.1' }] },
    });
    await expect(client.createTask(REQUEST)).resolves.toMatch(/^task_/);
    expect(server!.createdTasks).toHaveLength(1);
    expect(server!.requests.filter((r) => r.path === '/api/v1/jobs/createTask')).toHaveLength(3);
  });

  it('envelope 429 (HTTP 200, no Retry-After) is retried once the window frees', async () => {
    server = await startFakeKie({
      apiKey: KEY,
      createTask: { faults: [{ on: 1, kind: 'envelope', code: 429 }] },
    });
    const client = new KieClient({ apiKey: KEY, baseUrl: server.url, createRateLimit: { windowMs: 200 } });
    await expect(client.createTask(REQUEST)).resolves.toMatch(/^task_/);
    expect(server.createdTasks).toHaveLength(1);
  });

  it('a refused connection (never established) is retried; past the retries it says nothing was sent', async () => {
    const url = await refusedUrl();
    const client = new KieClient({ apiKey: KEY, baseUrl: url, retry: { maxRetries: 2, baseDelayMs: 5 } });
    const error = await client.createTask(REQUEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieNetworkError);
    expect((error as KieNetworkError).code).toBe('ECONNREFUSED');
    expect((error as KieNetworkError).neverSent).toBe(true);
    expectNoKey(error);
  });

  it('a refused connection, then the server: created once', async () => {
    // The first attempt goes to a closed port; the fetch wrapper sends later ones to the fake.
    await setup();
    const url = await refusedUrl();
    let calls = 0;
    const client = new KieClient({
      apiKey: KEY,
      baseUrl: server!.url,
      retry: { baseDelayMs: 5, maxDelayMs: 10 },
      fetch: (input, init) =>
        fetch(++calls === 1 ? (input as string).replace(server!.url, url) : input, init),
    });
    await expect(client.createTask(REQUEST)).resolves.toMatch(/^task_/);
    expect(calls).toBe(2);
    expect(server!.createdTasks).toHaveLength(1);
  });

  it('DNS failure is never sent; an unknown network failure (no code) is "may have been created"', async () => {
    const dns = new KieClient({
      apiKey: KEY,
      baseUrl: 'https://kie.invalid',
      retry: { maxRetries: 1, baseDelayMs: 5 },
      fetch: () =>
        Promise.reject(
          new TypeError('fetch failed', {
            cause: Object.assign(new Error('getaddrinfo'), { code: 'ENOTFOUND' }),
          }),
        ),
    });
    await expect(dns.createTask(REQUEST)).rejects.toMatchObject({ name: 'KieNetworkError', neverSent: true });
    let calls = 0;
    const odd = new KieClient({
      apiKey: KEY,
      baseUrl: 'https://kie.invalid',
      fetch: () => {
        calls++;
        return Promise.reject(new TypeError('Failed to fetch'));
      },
    });
    await expectUnknown(odd.createTask(REQUEST), /Failed to fetch/);
    expect(calls).toBe(1);
  });

  it.each([
    [402, /credits/, 'credits'],
    [433, /usage limit/, 'usage-limit'],
    [401, /API key was rejected/, 'auth'],
    [455, /maintenance/, 'unavailable'],
    [505, /disabled/, 'disabled'],
  ])('envelope %i fails at once with its meaning, nothing created', async (code, advice, kind) => {
    const client = await setup({ createTask: { faults: [{ on: 'always', kind: 'envelope', code }] } });
    const error = await client.createTask(REQUEST).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect(error).toMatchObject({ kind, code });
    expect((error as Error).message).toMatch(advice);
    expect(server!.requests.filter((r) => r.path === '/api/v1/jobs/createTask')).toHaveLength(1);
    expect(server!.createdTasks).toHaveLength(0);
  });

  it("an unknown model: 422 with kie.ai's message, about the model, never about records", async () => {
    const client = await setup({ createTask: { models: ['google/imagen4-fast'] } });
    const error = await client.createTask({ model: 'no/such-model', input: {} }).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'KieApiError', kind: 'validation', code: 422 });
    expect((error as Error).message).toContain('The page does not exist or is not published');
    expect((error as Error).message).toMatch(/model is unknown or unavailable/);
    expect((error as Error).message).not.toMatch(/record|retrying/i);
  });

  it("kie.ai's message is redacted: an echoed key never reaches the error", async () => {
    const client = await setup({
      createTask: { faults: [{ on: 'always', kind: 'envelope', code: 402, msg: `key ${KEY} is broke` }] },
    });
    const error = await client.createTask(REQUEST).catch((e: unknown) => e);
    expect((error as Error).message).toContain('key *** is broke');
    expectNoKey(error);
  });

  it('bad requests are refused before anything is sent', async () => {
    const client = await setup();
    await expect(client.createTask({ model: ' ', input: {} })).rejects.toThrow(/model is empty/);
    await expect(client.createTask({ model: 'm', input: [] as never })).rejects.toThrow(
      /input must be an object/,
    );
    await expect(client.createTask({ model: 'm', input: {}, callBackUrl: 'ftp://x' })).rejects.toThrow(
      /callBackUrl/,
    );
    // Named for what it is, not "not an http(s) URL": a tab inside an otherwise good URL.
    await expect(
      client.createTask({ model: 'm', input: {}, callBackUrl: 'https://ex\tample.com/hook' }),
    ).rejects.toThrow('createTask: callBackUrl contains a tab (U+0009) at position 11; remove it.');
    expect(server!.requests).toHaveLength(0);
  });

  it('an abort while waiting for a slot sends nothing; an abort in flight is "may have been created"', async () => {
    const client = await setup({ createTask: { faults: [{ on: 'always', kind: 'hang-after-create' }] } });
    const before = new AbortController();
    before.abort(new Error('stop'));
    await expect(client.createTask(REQUEST, { signal: before.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    expect(server!.requests).toHaveLength(0);
    const during = new AbortController();
    const inFlight = client.createTask(REQUEST, { signal: during.signal });
    await expect.poll(() => server!.createdTasks).toHaveLength(1); // it arrived, and no answer comes
    during.abort(new Error('stop'));
    await expectUnknown(inFlight, /cancelled/);
  });
});

describe('the create window', () => {
  it('25 creates at once stay under 20 per 10 s: each created once, no 429', async () => {
    const client = await setup();
    const started = Date.now();
    const ids = await Promise.all(
      Array.from({ length: 25 }, (_, i) => client.createTask({ model: 'm', input: { i } })),
    );
    expect(new Set(ids).size).toBe(25);
    expect(server!.createdTasks).toHaveLength(25);
    expect(server!.createdTasks.map((t) => (t.input as { i: number }).i).sort((a, b) => a - b)).toEqual(
      Array.from({ length: 25 }, (_, i) => i),
    );
    expect(server!.counts().createRejected).toBe(0);
    // The 21st had to wait for the first to leave the window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(10_000);
  }, 30_000);

  it('is shared by every create of a client, and a 429 from elsewhere holds them until the window frees', async () => {
    server = await startFakeKie({ apiKey: KEY, createTask: { window: { maxRequests: 3, windowMs: 600 } } });
    const client = new KieClient({
      apiKey: KEY,
      baseUrl: server.url,
      createRateLimit: { maxRequests: 3, windowMs: 600 },
    });
    const ids = await Promise.all(Array.from({ length: 7 }, () => client.createTask(REQUEST)));
    expect(new Set(ids).size).toBe(7);
    expect(server.createdTasks).toHaveLength(7);
    expect(server.counts().createRejected).toBe(0);
    // A second client on the same key does not know the first's window: its creates get 429s, retried, once each.
    const other = new KieClient({ apiKey: KEY, baseUrl: server.url, createRateLimit: { maxRequests: 10 } });
    const more = await Promise.all([
      ...Array.from({ length: 3 }, () => client.createTask(REQUEST)),
      ...Array.from({ length: 3 }, () => other.createTask(REQUEST)),
    ]);
    expect(new Set(more).size).toBe(6);
    expect(server.createdTasks).toHaveLength(13);
  }, 30_000);
});

describe('generate', () => {
  it('creates and waits: the ID and the terminal record', async () => {
    const client = await setup();
    const created: string[] = [];
    const result = await client.generate(REQUEST, {
      interval: 10,
      jitter: 0,
      timeoutMs: 5_000,
      onCreated: (id) => created.push(id),
    });
    expect(result.taskId).toMatch(/^task_/);
    expect(created).toEqual([result.taskId]);
    expect(result.record).toMatchObject({ taskId: result.taskId, status: 'success' });
    expect(server!.createdTasks).toHaveLength(1);
  });

  it("refuses a wait family that is not the request's before any request", async () => {
    const client = await setup();
    await expect(client.generate(REQUEST, { family: 'veo' })).rejects.toThrow(
      /options\.family "veo" differs from the request's family "market"/,
    );
    expect(server!.requests).toHaveLength(0);
  });

  it('a create that may have reached kie.ai is not waited on and not repeated', async () => {
    const client = await setup({ createTask: { faults: [{ on: 'always', kind: 'reset-after-create' }] } });
    await expectUnknown(client.generate(REQUEST, { interval: 10, timeoutMs: 5_000 }), /ECONNRESET/);
    expect(server!.createdTasks).toHaveLength(1);
    expect(server!.requests.every((r) => r.path === '/api/v1/jobs/createTask')).toBe(true);
  });
});

describe('the one table of code meanings, by endpoint', () => {
  it('createTask 422 is validation, 500 is "outcome unknown", never record or retrying', () => {
    expect(meaningOfEnvelopeCode(422)).toMatchObject({ disposition: 'not-visible' });
    expect(meaningOfEnvelopeCode(422, 'create')).toMatchObject({ disposition: 'fatal', kind: 'validation' });
    expect(meaningOfEnvelopeCode(500)).toMatchObject({ disposition: 'retry' });
    expect(meaningOfEnvelopeCode(500, 'create')).toMatchObject({ disposition: 'outcome-unknown' });
    expect(meaningOfHttpStatus(502, 'create')).toMatchObject({ disposition: 'outcome-unknown' });
    expect(meaningOfHttpStatus(429, 'create')).toMatchObject({ disposition: 'retry' });
    expect(meaningOfEnvelopeCode(501, 'create')).toMatchObject({ disposition: 'fatal' });
    for (const code of [400, 404, 422, 455, 500, 503]) {
      expect(meaningOfEnvelopeCode(code, 'create').advice).not.toMatch(/record|retrying/i);
    }
  });
});
