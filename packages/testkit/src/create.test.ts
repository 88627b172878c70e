import { describe, expect, it } from 'vitest';
import { api, fakeClock, query, useFake } from '../test/helpers.js';
import type { MarketRecord } from '../test/helpers.js';
import type { FakeKie } from './server.js';
import { refusedUrl } from './refused.js';
import { ScenarioError } from './validate.js';

const start = useFake();
const CREATE = '/api/v1/jobs/createTask';
const BODY = JSON.stringify({ model: 'z-image', input: { prompt: 'cat', aspect_ratio: '1:1' } });

/** One createTask POST; resolves with the HTTP status, headers and raw body text. */
async function create(
  fake: FakeKie,
  body = BODY,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; text: string }> {
  const res = await api(fake, CREATE, { method: 'POST', body, ...init });
  return { status: res.status, headers: res.headers, text: await res.text() };
}

/** The JSON envelope of a createTask answer. */
async function createJson(fake: FakeKie, body = BODY): Promise<{ status: number; json: unknown }> {
  const { status, text } = await create(fake, body);
  return { status, json: JSON.parse(text) };
}

/** The error `fetch` rejected with (fails the test if it resolved). */
async function rejection(promise: Promise<unknown>): Promise<Error & { cause?: { code?: string } }> {
  try {
    await promise;
  } catch (error) {
    return error as Error & { cause?: { code?: string } };
  }
  throw new Error('expected the request to fail');
}

describe('createTask validation', () => {
  it('answers envelope 500 "This field is required" for a missing or invalid model or input', async () => {
    const fake = await start();
    for (const body of [
      '{"input":{}}',
      '{"model":"","input":{}}',
      '{"model":3,"input":{}}',
      '{"model":"m"}',
      '[]',
    ]) {
      expect(await createJson(fake, body)).toEqual({
        status: 200,
        json: { code: 500, msg: 'This field is required', data: null },
      });
    }
    expect((await createJson(fake, '{"model":"m","input":"x"}')).json).toMatchObject({ code: 500 });
    expect((await createJson(fake, '{"model":"m","input":{},"callBackUrl":1}')).json).toMatchObject({
      code: 500,
    });
    expect((await createJson(fake, 'not json')).json).toMatchObject({ code: 500, data: null });
    expect(fake.createdTasks).toEqual([]);
  });

  it('answers envelope 422 for models outside createTask.models', async () => {
    const fake = await start({ createTask: { models: ['z-image'] } });
    expect((await createJson(fake)).json).toMatchObject({ code: 200 });
    expect(await createJson(fake, '{"model":"sora-2","input":{}}')).toEqual({
      status: 200,
      json: { code: 422, msg: 'The page does not exist or is not published', data: null },
    });
    expect(fake.createdTasks.map((t) => t.model)).toEqual(['z-image']);
  });

  it('answers 401 without the key and makes nothing', async () => {
    const fake = await start();
    expect((await create(fake, BODY, { headers: { authorization: 'Bearer nope' } })).status).toBe(401);
    expect(fake.createdTasks).toEqual([]);
    expect(fake.requests[0]?.createAttempt).toBeNull();
  });

  it('logs each created task with its input and callBackUrl; the record has them double-encoded', async () => {
    const fake = await start({ createdTaskScenario: { timeline: [{ state: 'success' }] } });
    const before = Date.now();
    const body = JSON.stringify({
      model: 'z-image',
      callBackUrl: 'https://cb.test/h',
      input: { prompt: 'cat' },
    });
    const { json } = await createJson(fake, body);
    const { taskId } = (json as { data: { taskId: string } }).data;
    expect(fake.createdTasks).toEqual([
      {
        taskId,
        family: 'market',
        model: 'z-image',
        input: { prompt: 'cat' },
        body: JSON.parse(body) as unknown,
        callBackUrl: 'https://cb.test/h',
        at: fake.createdTasks[0]?.at,
      },
    ]);
    expect(fake.createdTasks[0]?.at).toBeGreaterThanOrEqual(before);
    expect(fake.createdTasks[0]?.at).toBeLessThanOrEqual(Date.now());
    const record = (await query(fake, taskId)).body.data as MarketRecord;
    expect(record['param']).toBe(
      '{"callBackUrl":"https://cb.test/h","input":"{\\"prompt\\":\\"cat\\"}","model":"z-image"}',
    );
    expect(record).toMatchObject({ operationType: 'z-image', successFlag: 1, creditsConsumed: 0.8 });
    expect(fake.requests[0]?.createAttempt).toBe(1);
  });

  it('rejects malformed createTask options', async () => {
    await expect(start({ createTask: { faults: [{ on: 1, kind: 'boom' }] } } as never)).rejects.toThrow(
      ScenarioError,
    );
    await expect(start({ createTask: { window: { maxRequests: 0, windowMs: 1 } } })).rejects.toThrow(
      /createTask\.window\.maxRequests/,
    );
    await expect(
      start({ createTask: { faults: [{ on: 1, kind: '5xx-after-create', format: 'xml' }] } } as never),
    ).rejects.toThrow(/createTask\.faults\[0\]\.format/);
  });
});

describe('create window', () => {
  it('allows 20 creates per 10 s by default; excess gets HTTP 429 with Retry-After and is dropped', async () => {
    fakeClock(); // the 21st comes at the same instant: Retry-After is the whole window
    const fake = await start();
    for (let i = 0; i < 20; i++) expect((await create(fake)).status).toBe(200);
    const refused = await create(fake);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('10');
    expect(JSON.parse(refused.text)).toEqual({ code: 429, msg: 'rate limited', data: null });
    expect(fake.createdTasks).toHaveLength(20);
    expect(fake.requests.at(-1)).toMatchObject({
      limitedBy: 'create-window',
      createAttempt: null,
      taskId: null,
    });
    expect(fake.counts()).toMatchObject({ createAccepted: 20, createRejected: 1 });
  });

  it('can answer envelope 429 instead, be changed, or be turned off', async () => {
    const env = await start({
      createTask: { window: { maxRequests: 1, windowMs: 60_000, answer: 'envelope' } },
    });
    await create(env);
    const refused = await create(env);
    expect(refused.status).toBe(200);
    expect(refused.headers.get('retry-after')).toBeNull();
    expect(JSON.parse(refused.text)).toMatchObject({ code: 429, data: null });
    expect(env.createdTasks).toHaveLength(1);

    const off = await start({ createTask: { window: false } });
    for (let i = 0; i < 25; i++) expect((await create(off)).status).toBe(200);
    expect(off.createdTasks).toHaveLength(25);
  });

  it('frees a slot once the window has passed; countRejected keeps a hammering client out', async () => {
    const advance = fakeClock();
    const fake = await start({ createTask: { window: { maxRequests: 1, windowMs: 200 } } });
    expect((await create(fake)).status).toBe(200);
    expect((await create(fake)).status).toBe(429);
    advance(220);
    expect((await create(fake)).status).toBe(200);

    const strict = await start({
      createTask: { window: { maxRequests: 1, windowMs: 200, countRejected: true } },
    });
    expect((await create(strict)).status).toBe(200);
    advance(120);
    expect((await create(strict)).status).toBe(429); // counts, so the window now ends 200 ms after this one
    advance(120);
    expect((await create(strict)).status).toBe(429);
    expect(strict.createdTasks).toHaveLength(1);
  });
});

describe('create faults', () => {
  it('a 429 burst on the first n creates makes nothing; the next create succeeds', async () => {
    const fake = await start({
      createTask: { faults: [{ on: { from: 1, to: 2 }, kind: 'http', status: 429, retryAfter: '1' }] },
    });
    const first = await create(fake);
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(JSON.parse(first.text)).toMatchObject({ code: 429 });
    expect((await create(fake)).status).toBe(429);
    expect(fake.createdTasks).toHaveLength(0);
    expect((await create(fake)).status).toBe(200);
    expect(fake.createdTasks).toHaveLength(1);
    expect(fake.requests.map((r) => r.createAttempt)).toEqual([1, 2, 3]);
  });

  it('envelope faults answer 402 / 433 / 455 / 505 with HTTP 200 and make nothing', async () => {
    const fake = await start({
      createTask: {
        faults: [
          { on: 1, kind: 'envelope', code: 402 },
          { on: 2, kind: 'envelope', code: 433 },
          { on: 3, kind: 'envelope', code: 455 },
          { on: 4, kind: 'envelope', code: 505, msg: 'off' },
        ],
      },
    });
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push(await createJson(fake));
    expect(answers).toEqual([
      { status: 200, json: { code: 402, msg: 'Credits insufficient', data: null } },
      {
        status: 200,
        json: { code: 433, msg: 'Request Limit – the subkey usage exceeded the limit', data: null },
      },
      { status: 200, json: { code: 455, msg: 'Service unavailable: maintenance', data: null } },
      { status: 200, json: { code: 505, msg: 'off', data: null } },
    ]);
    expect(fake.createdTasks).toEqual([]);
  });

  it('reset-before-read resets the connection and makes nothing', async () => {
    const fake = await start({ createTask: { faults: [{ on: 1, kind: 'reset-before-read' }] } });
    const error = await rejection(create(fake));
    expect(error.cause?.code).toBe('ECONNRESET');
    expect(fake.createdTasks).toEqual([]);
    expect(fake.requests[0]).toMatchObject({ status: 0, taskId: null, createAttempt: 1 });
    expect((await create(fake)).status).toBe(200);
    expect(fake.createdTasks).toHaveLength(1);
  });

  it('reset-after-create makes the task, then resets with no answer; the task is queryable', async () => {
    const fake = await start({ createTask: { faults: [{ on: 1, kind: 'reset-after-create' }] } });
    const error = await rejection(create(fake));
    expect(error.cause?.code).toBe('ECONNRESET');
    expect(fake.createdTasks).toHaveLength(1);
    const taskId = fake.createdTasks[0]?.taskId ?? '';
    expect(fake.requests[0]).toMatchObject({ status: 0, taskId });
    expect((await query(fake, taskId)).body.code).toBe(200);
  });

  it('5xx-after-create makes the task and answers 502 HTML (default) or a JSON 500', async () => {
    const fake = await start({
      createTask: {
        faults: [
          { on: 1, kind: '5xx-after-create' },
          { on: 2, kind: '5xx-after-create', status: 500, format: 'json' },
        ],
      },
    });
    const html = await create(fake);
    expect(html.status).toBe(502);
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(html.text).toContain('502 Bad Gateway');
    const json = await create(fake);
    expect(json.status).toBe(500);
    expect(JSON.parse(json.text)).toEqual({ code: 500, msg: 'Server error', data: null });
    expect(fake.createdTasks).toHaveLength(2);
  });

  it('envelope-500-after-create makes the task and answers HTTP 200 {code:500}', async () => {
    const fake = await start({ createTask: { faults: [{ on: 1, kind: 'envelope-500-after-create' }] } });
    expect(await createJson(fake)).toEqual({
      status: 200,
      json: { code: 500, msg: 'Server error', data: null },
    });
    expect(fake.createdTasks).toHaveLength(1);
  });

  it('hang-after-create makes the task and never answers', async () => {
    const fake = await start({ createTask: { faults: [{ on: 1, kind: 'hang-after-create' }] } });
    const client = new AbortController();
    const pending = rejection(create(fake, BODY, { signal: client.signal }));
    await expect.poll(() => fake.createdTasks).toHaveLength(1); // made, and no answer comes
    client.abort(); // the client gives up
    expect((await pending).name).toBe('AbortError');
    expect(fake.requests[0]?.status).toBe(0);
  });

  it('delay makes the task at once and answers normally after ms', async () => {
    const fake = await start({ createTask: { faults: [{ on: 1, kind: 'delay', ms: 250 }] } });
    const started = Date.now();
    let answered = false;
    const pending = createJson(fake).finally(() => (answered = true));
    await expect.poll(() => fake.createdTasks).toHaveLength(1);
    expect(answered).toBe(false); // made at once, answered only after the delay
    const { json } = await pending;
    expect(Date.now() - started).toBeGreaterThanOrEqual(240);
    expect(json).toEqual({ code: 200, msg: 'success', data: { taskId: fake.createdTasks[0]?.taskId } });
  });

  it('after-create faults on a body that fails validation send the validation answer and make nothing', async () => {
    const fake = await start({ createTask: { faults: [{ on: 'always', kind: 'reset-after-create' }] } });
    expect((await createJson(fake, '{"input":{}}')).json).toMatchObject({ code: 500 });
    expect(fake.createdTasks).toEqual([]);
  });

  it('reset() forgets created tasks and restarts the create count', async () => {
    const fake = await start({ createTask: { faults: [{ on: 1, kind: 'envelope', code: 402 }] } });
    await create(fake);
    await create(fake);
    expect(fake.createdTasks).toHaveLength(1);
    fake.reset();
    expect(fake.createdTasks).toEqual([]);
    expect((await createJson(fake)).json).toMatchObject({ code: 402 });
  });
});

describe('refusedUrl', () => {
  it('returns a loopback URL where connections are refused', async () => {
    const url = await refusedUrl();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const error = await rejection(fetch(`${url}/api/v1/jobs/recordInfo?taskId=x`));
    expect(error.cause?.code).toBe('ECONNREFUSED');
  });
});
