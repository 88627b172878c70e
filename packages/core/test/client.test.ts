// KieClient over real HTTP against the testkit's fake kie.ai server, one fault at a time.
import { startFakeKie, type FakeKie, type TaskScenario } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import {
  KieApiError,
  KieClient,
  KieNetworkError,
  KieParseError,
  WaitTimeoutError,
  recordOrThrow,
  type WaitOptions,
} from '../src/index.js';
import { waitOrThrow } from './fixtures.js';

let server: FakeKie | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function setup(tasks: TaskScenario[], options: { requestTimeoutMs?: number } = {}) {
  server = await startFakeKie({ tasks });
  const client = new KieClient({
    apiKey: server.apiKey,
    baseUrl: server.url,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000, // a loaded CI machine; tests of a hang pass a short one
    retry: { baseDelayMs: 5, maxDelayMs: 20 },
  });
  return { server, client };
}

// Millisecond-scale settings so every test runs fast.
/**
 * Slack for a wall-clock upper bound: what a loaded 2-core machine may add (never less than a second). Each bound
 * below still tells "stopped at the deadline" from "waited out a 60 s Retry-After, request or sleep".
 */
const SLACK_MS = 1_500;

const fast: WaitOptions = { interval: 10, jitter: 0, timeoutMs: 5_000, notVisibleGraceMs: 1_000 };

const lifecycle = (final: string, extra: Partial<TaskScenario> = {}): TaskScenario => ({
  taskId: 't1',
  model: 'google/imagen4-fast',
  timeline: [
    { state: 'waiting' },
    { state: 'queuing', afterPolls: 1 },
    { state: 'generating', afterPolls: 2 },
    { state: final, afterPolls: 3 },
  ],
  ...extra,
});

describe('KieClient.getTask', () => {
  it('reads one record over HTTP and sends the key as a Bearer token', async () => {
    const { client, server } = await setup([lifecycle('success', { timeline: [{ state: 'generating' }] })]);
    const record = await client.getTask('t1');
    expect(record).toMatchObject({
      taskId: 't1',
      state: 'generating',
      status: 'pending',
      model: 'google/imagen4-fast',
    });
    expect(server.requestsFor('t1')[0]!.authorization).toBe(`Bearer ${server.apiKey}`);
  });

  it('rejects a wrong key with a KieApiError that says to check the key, and never includes the key', async () => {
    await setup([lifecycle('success')]);
    const client = new KieClient({ apiKey: 'wrong-secret-key', baseUrl: server!.url });
    const error = await client.getTask('t1').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect(error).toMatchObject({ kind: 'auth', code: 401 });
    expect((error as Error).message).toMatch(/API key/);
    expect(JSON.stringify(error, Object.getOwnPropertyNames(error))).not.toContain('wrong-secret-key');
    expect(String((error as Error).stack)).not.toContain('wrong-secret-key');
  });

  it('refuses plain http to a non-loopback host and keeps the key out of the client object', () => {
    expect(() => new KieClient({ apiKey: 'k-12345678', baseUrl: 'http://api.kie.ai' })).toThrow(/https/);
    expect(() => new KieClient({ apiKey: ' ', baseUrl: 'https://api.kie.ai' })).toThrow(/apiKey is empty/);
    const client = new KieClient({ apiKey: 'secret-123', baseUrl: 'http://127.0.0.1:9/' });
    expect(client.baseUrl).toBe('http://127.0.0.1:9');
    expect(JSON.stringify(client)).not.toContain('secret-123');
  });

  it('reads the credits', async () => {
    const { client } = await setup([]);
    expect(await client.getCredits()).toBe(100);
  });
});

describe('KieClient.waitForTask: outcomes', () => {
  it('follows waiting → queuing → generating → success and reports every poll', async () => {
    const { client, server } = await setup([
      lifecycle('success', { resultJson: { resultUrls: ['https://x.test/a.png', 'https://x.test/b.png'] } }),
    ]);
    const seen: string[] = [];
    const record = await waitOrThrow(client, 't1', {
      ...fast,
      onProgress: (p) => seen.push(`${p.attempt}:${p.record?.state}`),
    });
    expect(record.status).toBe('success');
    expect(record.resultUrls).toEqual(['https://x.test/a.png', 'https://x.test/b.png']);
    expect(seen).toEqual(['1:waiting', '2:queuing', '3:generating', '4:success']);
    expect(server.requestsFor('t1')).toHaveLength(4); // stops the moment the task is done
  });

  it('resolves with a failed record on `fail`', async () => {
    const { client } = await setup([lifecycle('fail', { failCode: '500', failMsg: 'content policy' })]);
    expect(await waitOrThrow(client, 't1', fast)).toMatchObject({
      status: 'failed',
      state: 'fail',
      failCode: '500',
      failMsg: 'content policy',
    });
  });

  it('keeps polling through an unknown state and names it', async () => {
    const { client } = await setup([
      { taskId: 't1', timeline: [{ state: 'paused' }, { state: 'success', afterPolls: 2 }] },
    ]);
    const states: string[] = [];
    const record = await waitOrThrow(client, 't1', {
      ...fast,
      onProgress: (p) => states.push(p.record!.state),
    });
    expect(states).toEqual(['paused', 'paused', 'success']);
    expect(record.status).toBe('success');
  });

  it.each([501, 408, 451])('turns envelope %i into a terminal failed record', async (code) => {
    const { client, server } = await setup([
      lifecycle('success', {
        faults: [{ on: { from: 2 }, kind: 'envelope', code, msg: 'Generation failed' }],
      }),
    ]);
    const record = await waitOrThrow(client, 't1', fast);
    expect(record).toMatchObject({
      taskId: 't1',
      status: 'failed',
      failCode: String(code),
      failMsg: 'Generation failed',
    });
    expect(server.requestsFor('t1')).toHaveLength(2);
  });
});

describe('KieClient.waitForTask: transient faults are retried', () => {
  it('honours Retry-After on HTTP 429, then succeeds', async () => {
    const { client, server } = await setup([
      lifecycle('success', { faults: [{ on: 1, kind: 'http', status: 429, retryAfter: '1' }] }),
    ]);
    const retries: number[] = [];
    const record = await waitOrThrow(client, 't1', { ...fast, onRetry: (r) => retries.push(r.delayMs) });
    expect(record.status).toBe('success');
    expect(retries[0]).toBeGreaterThanOrEqual(1_000);
    const [first, second] = server.requestsFor('t1');
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(990);
  });

  it.each([
    [
      'a burst of HTTP 500/502/503',
      [500, 502, 503].map((status, i) => ({ on: i + 1, kind: 'http' as const, status })),
    ],
    ['an HTML error page', [{ on: 1, kind: 'html' as const }]],
    ['a connection reset', [{ on: [1, 2], kind: 'reset' as const }]],
    ['a truncated JSON body', [{ on: 2, kind: 'truncated' as const }]],
    [
      'envelope 429, 455 and 500 with HTTP 200',
      [429, 455, 500].map((code, i) => ({ on: i + 1, kind: 'envelope' as const, code })),
    ],
  ])('survives %s', async (_name, faults) => {
    const { client } = await setup([lifecycle('success', { faults })]);
    const retries: string[] = [];
    const record = await waitOrThrow(client, 't1', { ...fast, onRetry: (r) => retries.push(r.error.name) });
    expect(record.status).toBe('success');
    expect(retries.length).toBe(faults.reduce((n, f) => n + (Array.isArray(f.on) ? f.on.length : 1), 0));
  });

  it('gives up on a response that never comes after the per-request timeout, and retries', async () => {
    const { client } = await setup([lifecycle('success', { faults: [{ on: 1, kind: 'hang' }] })], {
      requestTimeoutMs: 100,
    });
    const errors: Error[] = [];
    const record = await waitOrThrow(client, 't1', { ...fast, onRetry: (r) => errors.push(r.error) });
    expect(record.status).toBe('success');
    expect(errors[0]).toBeInstanceOf(KieNetworkError);
  });

  it('stops retrying after maxRetries and reports the last error', async () => {
    const { client } = await setup([
      lifecycle('success', { faults: [{ on: 'always', kind: 'http', status: 503 }] }),
    ]);
    const error = await waitOrThrow(client, 't1', { ...fast, retry: { maxRetries: 2 } }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'KieApiError', httpStatus: 503, retryable: true });
  });
});

describe('KieClient.waitForTask: fatal answers', () => {
  it.each([
    [401, 'auth', /API key/],
    [402, 'credits', /credits/],
    [505, 'disabled', /disabled/],
    [400, 'bad-request', /malformed/],
  ])('envelope %i with HTTP 200 rejects at once', async (code, kind, advice) => {
    const { client, server } = await setup([
      lifecycle('success', { faults: [{ on: 1, kind: 'envelope', code }] }),
    ]);
    const error = await waitOrThrow(client, 't1', fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect(error).toMatchObject({ kind, code, taskId: 't1' });
    expect((error as Error).message).toMatch(advice);
    expect(server.requestsFor('t1')).toHaveLength(1);
  });

  it('rejects a structurally malformed record with a KieParseError naming the path', async () => {
    const { client } = await setup([
      lifecycle('success', {
        faults: [
          { on: 1, kind: 'http', status: 200, body: '{"code":200,"msg":"ok","data":{"taskId":"t1"}}' },
        ],
      }),
    ]);
    const error = await waitOrThrow(client, 't1', fast).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieParseError);
    expect(error).toMatchObject({ path: 'data.state' });
  });
});

describe('KieClient.waitForTask: the 404/422 grace window', () => {
  it('tolerates 422 "recordInfo is null" right after creation', async () => {
    const { client } = await setup([lifecycle('success', { visibleAfterPolls: 3 })]);
    const notVisible: number[] = [];
    const record = await waitOrThrow(client, 't1', {
      ...fast,
      onProgress: (p) => p.notVisible && notVisible.push(p.notVisible.code ?? 0),
    });
    expect(record.status).toBe('success');
    expect(notVisible).toEqual([422, 422, 422]);
  });

  it('tolerates 404 too', async () => {
    const { client } = await setup([lifecycle('success', { visibleAfterPolls: 2, notVisibleCode: 404 })]);
    expect((await waitOrThrow(client, 't1', fast)).status).toBe('success');
  });

  it('becomes fatal once the grace window has passed', async () => {
    const { client } = await setup([]);
    const started = Date.now();
    const error = await waitOrThrow(client, 'missing', { ...fast, notVisibleGraceMs: 150 }).catch(
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(KieApiError);
    expect(error).toMatchObject({ kind: 'not-found', taskId: 'missing' });
    // 422 "recordInfo is null" is also the answer for an ID that never existed: say so, and what to check.
    expect((error as Error).message).toMatch(/does not know this task/);
    expect((error as Error).message).toMatch(/the API key belongs to the account that created the task/);
    expect(Date.now() - started).toBeGreaterThanOrEqual(150);
    expect(Date.now() - started).toBeLessThan(150 + SLACK_MS); // not the 5 s timeout
  });
});

describe('KieClient.waitForTask: deadline', () => {
  it('settles as timed out with the task ID, last state, elapsed time and poll count', async () => {
    const { client } = await setup([{ taskId: 't1', timeline: [{ state: 'generating' }] }]);
    const started = Date.now();
    // A second, not 300 ms: on a loaded machine one poll's round trip can take 100 ms or more.
    const outcome = await client.waitForTask('t1', { ...fast, interval: 40, timeoutMs: 1_000 });
    const took = Date.now() - started;
    expect(outcome).toMatchObject({ taskId: 't1', kind: 'timeout', record: { state: 'generating' } });
    expect(outcome.attempts).toBeGreaterThanOrEqual(3);
    expect(outcome.waitedMs).toBeGreaterThanOrEqual(990);
    expect(outcome.error).toBeInstanceOf(WaitTimeoutError);
    const timeout = outcome.error as WaitTimeoutError;
    expect(timeout.taskId).toBe('t1');
    expect(timeout.lastRecord?.state).toBe('generating');
    expect(timeout.polls).toBe(outcome.attempts);
    expect(timeout.elapsedMs).toBeGreaterThanOrEqual(990);
    expect(timeout.message).toMatch(/t1.*generating/s);
    expect(took).toBeLessThan(1_000 + SLACK_MS);
    // recordOrThrow turns it into the exception.
    expect(() => recordOrThrow(outcome)).toThrow(timeout);
  });

  it('a timeout on a task kie.ai never returned says to check the ID, not to raise the timeout', async () => {
    const { client } = await setup([{ taskId: 't1', timeline: [{ state: 'generating' }] }]);
    // Long enough for an answer on a loaded machine (the advice depends on what kie.ai answered), and shorter than
    // the grace for a task not visible yet, past which the wait would end with a not-found error instead.
    const { kind, error } = await client.waitForTask('missing', {
      ...fast,
      timeoutMs: 1_000,
      notVisibleGraceMs: 5_000,
    });
    expect(kind).toBe('timeout');
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as Error).message).toMatch(
      /kie\.ai never returned this task: check the task ID and the family/,
    );
    expect((error as Error).message).not.toMatch(/Raise the timeout/);
    // A task that was seen and is merely slow still gets the advice.
    const late = await client.waitForTask('t1', { ...fast, timeoutMs: 1_000 });
    expect(late.error?.message).toMatch(/Raise the timeout/);
  });

  it('cuts a Retry-After longer than the time left', async () => {
    const { client } = await setup([
      lifecycle('success', { faults: [{ on: 'always', kind: 'http', status: 429, retryAfter: '60' }] }),
    ]);
    const started = Date.now();
    // A second for the 429 to arrive on a loaded machine; still far from the 60 s it asks for.
    const error = await waitOrThrow(client, 't1', { ...fast, timeoutMs: 1_000 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).message).toMatch(/last error/);
    expect(Date.now() - started).toBeLessThan(1_000 + SLACK_MS);
  });

  it('cuts a hung request at the deadline', async () => {
    const { client } = await setup([lifecycle('success', { faults: [{ on: 'always', kind: 'hang' }] })], {
      requestTimeoutMs: 60_000,
    });
    const started = Date.now();
    const error = await waitOrThrow(client, 't1', { ...fast, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WaitTimeoutError);
    expect((error as WaitTimeoutError).polls).toBe(1);
    expect(Date.now() - started).toBeLessThan(200 + SLACK_MS);
  });
});

describe('KieClient.waitForTask: abort', () => {
  const pending: TaskScenario = { taskId: 't1', timeline: [{ state: 'generating' }] };

  it('before the first request: no request is sent', async () => {
    const { client, server } = await setup([pending]);
    const reason = new Error('user cancelled');
    const error = await waitOrThrow(client, 't1', { ...fast, signal: AbortSignal.abort(reason) }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'AbortError', cause: reason });
    expect(server.requests).toHaveLength(0);
  });

  it('during a sleep between polls', async () => {
    const { client, server } = await setup([pending]);
    const controller = new AbortController();
    const started = Date.now();
    const wait = waitOrThrow(client, 't1', {
      ...fast,
      interval: 10_000,
      signal: controller.signal,
      onProgress: () => setTimeout(() => controller.abort('stop'), 20),
    });
    await expect(wait).rejects.toMatchObject({ name: 'AbortError', cause: 'stop' });
    expect(Date.now() - started).toBeLessThan(50 + SLACK_MS);
    expect(server.requestsFor('t1')).toHaveLength(1);
  });

  it('during a request that hangs', async () => {
    const { client } = await setup([{ ...pending, faults: [{ on: 1, kind: 'hang' }] }], {
      requestTimeoutMs: 60_000,
    });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(new Error('SIGTERM')), 50);
    const error = await waitOrThrow(client, 't1', { ...fast, signal: controller.signal }).catch(
      (e: unknown) => e,
    );
    expect(error).toMatchObject({ name: 'AbortError' });
    expect(((error as Error).cause as Error).message).toBe('SIGTERM');
    expect(Date.now() - started).toBeLessThan(50 + SLACK_MS);
  });
});

describe('KieClient.getDownloadUrl', () => {
  it('asks kie.ai for a fresh link to one of its files', async () => {
    const { client, server } = await setup([]);
    const fresh = await client.getDownloadUrl(`${server.url}/files/a.png`);
    expect(fresh).toMatch(new RegExp(`^${server.url}/files/fresh/a\\.png`));
    const request = server.requests.find((r) => r.path === '/api/v1/common/download-url')!;
    expect(request).toMatchObject({ method: 'POST', authorization: `Bearer ${server.apiKey}` });
    expect(JSON.parse(request.body)).toEqual({ url: `${server.url}/files/a.png` });
  });

  it('rejects a URL kie.ai did not generate with the 422 it answers', async () => {
    const { client } = await setup([]);
    await expect(client.getDownloadUrl('https://example.com/x.png')).rejects.toMatchObject({
      name: 'KieApiError',
      code: 422,
    });
  });
});

describe('limits of timers', () => {
  it('a Retry-After longer than any timer neither spins nor escapes the deadline', async () => {
    const { client, server } = await setup([
      lifecycle('success', { faults: [{ on: 'always', kind: 'http', status: 429, retryAfter: '3000000' }] }),
    ]);
    const warnings: string[] = [];
    const onWarning = (warning: Error) => warnings.push(warning.name);
    process.on('warning', onWarning);
    try {
      const started = Date.now();
      const error = await waitOrThrow(client, 't1', { ...fast, timeoutMs: 1_000 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(WaitTimeoutError);
      expect(Date.now() - started).toBeLessThan(1_000 + SLACK_MS);
      expect(server.requestsFor('t1')).toHaveLength(1);
      await new Promise((resolve) => setTimeout(resolve, 20)); // warnings are emitted on the next tick
      expect(warnings).not.toContain('TimeoutOverflowWarning');
    } finally {
      process.off('warning', onWarning);
    }
  });

  it('refuses a finite timeout longer than a timer can wait, instead of silently having none', async () => {
    const { client } = await setup([lifecycle('success')]);
    await expect(waitOrThrow(client, 't1', { timeoutMs: 3_000_000_000 })).rejects.toThrow(
      /at most 2147483647/,
    );
  });
});

describe("KieClient: envelope 433, the key's usage limit", () => {
  it('is not retried, stops every task, and says which limit to raise', async () => {
    const { client, server } = await setup([
      {
        taskId: 'a',
        timeline: [{ state: 'generating' }],
        faults: [
          {
            on: 'always',
            kind: 'envelope',
            code: 433,
            msg: 'Request Limit – the subkey usage exceeded the limit',
          },
        ],
      },
      { taskId: 'b', timeline: [{ state: 'generating' }] },
    ]);
    const results = await client.waitForTasks(['a', 'b'], { ...fast, timeoutMs: 5_000 });
    for (const result of results) {
      expect(result.kind).toBe('error');
      expect(result.error).toMatchObject({ kind: 'usage-limit', code: 433 });
    }
    expect(results[0]!.error?.message).toMatch(/Raise the key's hourly, daily or total limit/);
    expect(server.requests.filter((r) => r.query.taskId === 'a')).toHaveLength(1);
  });
});
