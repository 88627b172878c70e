// Families over real HTTP: each family's endpoint, `family: 'auto'` probing, and Suno's per-task query limit.
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { FAMILY_NAMES, KieApiError, KieClient, type WaitOptions } from '../src/index.js';
import { waitOrThrow } from './fixtures.js';

let server: FakeKie | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const fast: WaitOptions = { interval: 10, jitter: 0, timeoutMs: 10_000, notVisibleGraceMs: 2_000 };
const pathOf = (url: string) => url.split('?')[0];

describe('every family over HTTP', () => {
  it.each(FAMILY_NAMES.filter((f) => f !== 'market'))(
    '%s: waits for success and finds the results',
    async (family) => {
      server = await startFakeKie({ tasks: [{ taskId: `t-${family}`, family }] });
      const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
      const record = await waitOrThrow(client, `t-${family}`, { ...fast, family });
      expect(record.family).toBe(family);
      expect(record.status).toBe('success');
      if (family === 'suno-lyrics' || family === 'suno-midi') {
        expect(record.resultUrls).toEqual([]);
        expect(record.result).not.toBeNull();
      } else {
        expect(record.resultUrls.length).toBeGreaterThan(0);
        for (const url of record.resultUrls) expect(url.startsWith(`${server.url}/files/`)).toBe(true);
      }
    },
  );
});

describe("family: 'auto'", () => {
  it('probes in order, keeps the family it found, and polls only that endpoint afterwards', async () => {
    server = await startFakeKie({
      tasks: [
        {
          taskId: 'song',
          family: 'suno',
          timeline: [{ state: 'PENDING' }, { state: 'SUCCESS', afterPolls: 2 }],
        },
      ],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const record = await waitOrThrow(client, 'song', { ...fast, family: 'auto' });
    expect(record).toMatchObject({ family: 'suno', status: 'success', state: 'SUCCESS' });
    const paths = server.requests.map((r) => r.path);
    // market, veo, runway answered "not found", then suno; after that only suno.
    expect(paths.slice(0, 4)).toEqual([
      '/api/v1/jobs/recordInfo',
      '/api/v1/veo/record-info',
      '/api/v1/runway/record-detail',
      '/api/v1/generate/record-info',
    ]);
    expect(new Set(paths.slice(3))).toEqual(new Set(['/api/v1/generate/record-info']));
  });

  it('does not rule a family out after one round: a market task that answers 422 at first is still found', async () => {
    server = await startFakeKie({
      tasks: [{ taskId: 'fresh', timeline: [{ state: 'success' }], visibleAfterPolls: 2 }],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    // Two rounds of 15 requests within the grace: seconds of it, for a loaded machine (or one measuring coverage).
    const record = await waitOrThrow(client, 'fresh', { ...fast, family: 'auto', notVisibleGraceMs: 8_000 });
    expect(record).toMatchObject({ family: 'market', status: 'success' });
    // Two whole rounds (15 requests each) before the third round's first request found it.
    expect(server.requests.filter((r) => pathOf(r.path) === '/api/v1/jobs/recordInfo')).toHaveLength(3);
    expect(server.requests).toHaveLength(2 * FAMILY_NAMES.length + 1);
  });

  it('fails after the grace window when no family knows the task, naming what it asked', async () => {
    server = await startFakeKie({ tasks: [] });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const error = await waitOrThrow(client, 'ghost', {
      ...fast,
      family: 'auto',
      notVisibleGraceMs: 100,
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KieApiError);
    expect((error as Error).message).toMatch(/no task family knows this task.*market, veo, runway/);
  });

  it('getTask probes one round', async () => {
    server = await startFakeKie({
      tasks: [{ taskId: 'clip', family: 'runway', timeline: [{ state: 'generating' }] }],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    expect(await client.getTask('clip', { family: 'auto' })).toMatchObject({
      family: 'runway',
      state: 'generating',
    });
  });
});

describe('Suno: at most 3 status queries per second per task', () => {
  it('keeps to the limit even when asked to poll faster', async () => {
    server = await startFakeKie({
      perTaskRateLimit: true,
      tasks: [
        {
          taskId: 's',
          family: 'suno',
          timeline: [{ state: 'PENDING' }, { state: 'SUCCESS', afterPolls: 5 }],
        },
      ],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const retries: unknown[] = [];
    const record = await waitOrThrow(client, 's', {
      ...fast,
      family: 'suno',
      onRetry: (r) => retries.push(r),
    });
    expect(record.status).toBe('success');
    expect(retries).toEqual([]); // the fake never had to refuse a query
    const times = server.requestsFor('s').map((r) => r.at);
    for (let i = 3; i < times.length; i++) expect(times[i]! - times[i - 3]!).toBeGreaterThanOrEqual(1_000);
  });
});

describe('Suno: a 429 without Retry-After', () => {
  it('is retried no sooner than the per-task limit allows', async () => {
    // Eight tasks at 3 a second each keep the shared rate high, so only the per-task limit can space the retry.
    const others = Array.from({ length: 7 }, (_, i) => ({
      taskId: `o${i}`,
      family: 'suno',
      timeline: [{ state: 'PENDING' }, { state: 'SUCCESS', afterPolls: 8 }],
    }));
    server = await startFakeKie({
      tasks: [
        {
          taskId: 's',
          family: 'suno',
          timeline: [{ state: 'PENDING' }, { state: 'SUCCESS', afterPolls: 6 }],
          faults: [{ on: 5, kind: 'envelope', code: 429 }],
        },
        ...others,
      ],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const results = await client.waitForTasks(['s', ...others.map((o) => o.taskId)], {
      ...fast,
      family: 'suno',
    });
    expect(results.every((r) => r.kind === 'success')).toBe(true);
    const times = server.requestsFor('s').map((r) => r.at);
    expect(times.length).toBeGreaterThanOrEqual(6);
    // The scheduler retries a throttled request as soon as the rate allows; Suno's 3 a second still holds.
    expect(times[5]! - times[4]!).toBeGreaterThanOrEqual(330);
  });
});

describe("family: 'auto' when endpoints refuse", () => {
  // A fetch that answers for some status paths itself and passes the rest to the fake server.
  const intercept =
    (answers: Record<string, { status: number; body: unknown }>): typeof fetch =>
    async (input, init) => {
      const path = new URL(input instanceof Request ? input.url : input).pathname;
      const answer = answers[path];
      if (!answer) return fetch(input, init);
      return new Response(JSON.stringify(answer.body), {
        status: answer.status,
        headers: { 'content-type': 'application/json' },
      });
    };

  it('rules out an endpoint that refuses (405, envelope 505) and still finds the task', async () => {
    server = await startFakeKie({
      tasks: [{ taskId: 'clip', family: 'runway', timeline: [{ state: 'success' }] }],
    });
    const client = new KieClient({
      apiKey: server.apiKey,
      baseUrl: server.url,
      fetch: intercept({
        '/api/v1/jobs/recordInfo': { status: 405, body: { code: 405, msg: 'Method Not Allowed' } },
        '/api/v1/veo/record-info': { status: 200, body: { code: 505, msg: 'feature disabled', data: null } },
      }),
    });
    const record = await waitOrThrow(client, 'clip', { ...fast, family: 'auto' });
    expect(record).toMatchObject({ family: 'runway', status: 'success' });
  });

  it('does not take a bare "generation failed" from another endpoint as the family', async () => {
    server = await startFakeKie({
      tasks: [{ taskId: 'clip', family: 'runway', timeline: [{ state: 'success' }] }],
    });
    const client = new KieClient({
      apiKey: server.apiKey,
      baseUrl: server.url,
      fetch: intercept({
        '/api/v1/jobs/recordInfo': { status: 200, body: { code: 501, msg: 'Generation failed', data: null } },
      }),
    });
    expect(await waitOrThrow(client, 'clip', { ...fast, family: 'auto' })).toMatchObject({
      family: 'runway',
      status: 'success',
    });
  });

  it('reports the refusal when every endpoint refuses, and stops at once on a rejected key', async () => {
    server = await startFakeKie({ tasks: [] });
    const forbidden: typeof fetch = async () =>
      new Response(JSON.stringify({ code: 403, msg: 'IP not allowed' }), { status: 403 });
    const everywhere = new KieClient({ apiKey: server.apiKey, baseUrl: server.url, fetch: forbidden });
    await expect(waitOrThrow(everywhere, 'x', { ...fast, family: 'auto' })).rejects.toMatchObject({
      kind: 'forbidden',
      code: 403,
    });

    const wrongKey = new KieClient({ apiKey: 'wrong-key-123', baseUrl: server.url });
    await expect(waitOrThrow(wrongKey, 'x', { ...fast, family: 'auto' })).rejects.toMatchObject({
      kind: 'auth',
    });
    expect(server.requests).toHaveLength(1);
  });
});
