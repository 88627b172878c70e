import { get } from 'node:http';
import { describe, expect, it } from 'vitest';
import { api, fakeClock, query, stateOf, useFake } from '../test/helpers.js';
import type { MarketRecord } from '../test/helpers.js';
import { ScenarioError } from './validate.js';

const start = useFake();
const RECORD = '/api/v1/jobs/recordInfo';

/** Status of a GET sent with the path exactly as written. */
function rawStatus(base: string, path: string): Promise<number | undefined> {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    get({ hostname, port, path }, (res) => {
      res.resume();
      resolve(res.statusCode);
    }).on('error', reject);
  });
}

describe('auth', () => {
  it.each([
    ['no header', {}],
    ['a wrong key', { authorization: 'Bearer nope' }],
    ['a non-Bearer scheme', { authorization: 'Basic dGVzdC1rZXk=' }],
  ])('answers 401 with the real message for %s, on every API route', async (_name, headers) => {
    const fake = await start({ tasks: [{ taskId: 't1' }] });
    for (const path of [`${RECORD}?taskId=t1`, '/api/v1/chat/credit', '/api/v1/nowhere']) {
      const res = await fetch(`${fake.url}${path}`, { headers });
      expect(res.status).toBe(401);
      expect(await res.json()).toEqual({ code: 401, msg: 'You do not have access permissions', data: null });
    }
    expect(fake.requests.every((r) => r.status === 401)).toBe(true);
    expect(fake.requestsFor('t1')[0]?.poll).toBeNull();
  });

  it('uses the configured key and accepts any case of "Bearer"', async () => {
    const fake = await start({ apiKey: 'sekret', tasks: [{ taskId: 't1' }] });
    expect(fake.apiKey).toBe('sekret');
    expect(
      (await api(fake, `${RECORD}?taskId=t1`, { headers: { authorization: 'bearer sekret' } })).status,
    ).toBe(200);
  });
});

describe('market record', () => {
  it('defaults to an immediate success shaped like the live API, with a result URL served by the fake', async () => {
    const fake = await start({ tasks: [{ taskId: 't1' }] });
    expect(fake.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const { status, headers, body } = await query(fake, 't1');
    expect(status).toBe(200);
    expect(headers.get('content-type')).toBe('application/json');
    expect(body).toMatchObject({ code: 200, msg: 'success' });
    const data = body.data as MarketRecord;
    expect(Object.keys(data)).toEqual([
      'taskId',
      'model',
      'state',
      'param',
      'resultJson',
      'failCode',
      'failMsg',
      'completeTime',
      'createTime',
      'updateTime',
      'costTime',
      'creditsConsumed',
      'operationType',
      'successFlag',
      'paramJson',
      'response',
    ]);
    expect(data).toMatchObject({
      taskId: 't1',
      model: 'test-model',
      state: 'success',
      failCode: null,
      failMsg: null,
      creditsConsumed: 0.8,
      operationType: 'test-model',
      successFlag: 1,
    });
    // Double-encoded, like every live capture: input is a JSON string inside the param JSON string.
    expect(data['param']).toBe('{"input":"{}","model":"test-model"}');
    expect(data['paramJson']).toBe(data['param']);
    const result = JSON.parse(data['resultJson'] as string) as { resultUrls: string[] };
    expect(result).toEqual({ resultUrls: [`${fake.url}/files/t1-0.png`] });
    expect(data['response']).toEqual({ resultUrls: result.resultUrls });
    expect((await fetch(result.resultUrls[0] ?? '')).status).toBe(200);
    expect(typeof data['createTime']).toBe('number');
    expect(data['completeTime']).toBe(data['createTime']);
    expect(data['updateTime']).toBe(data['createTime']);
    expect(data['costTime']).toBe(0);
  });

  it("keeps the older documented shape with marketShape: 'docs'", async () => {
    const fake = await start({ tasks: [{ taskId: 't1', marketShape: 'docs' }] });
    const data = (await query(fake, 't1')).body.data as MarketRecord;
    expect(Object.keys(data)).toEqual([
      'taskId',
      'model',
      'state',
      'param',
      'resultJson',
      'failCode',
      'failMsg',
      'completeTime',
      'createTime',
      'updateTime',
      'costTime',
    ]);
    expect(JSON.parse(data['param'] as string)).toEqual({ model: 'test-model', input: {} });
  });

  it('double-encodes param.input (keys sorted), or keeps it an object with paramInput: object', async () => {
    const param = {
      model: 'z-image',
      callBackUrl: 'https://cb.test/x',
      input: { prompt: 'cat', aspect_ratio: '1:1' },
    };
    const fake = await start({
      tasks: [
        { taskId: 'live', model: 'z-image', param },
        { taskId: 'single', model: 'z-image', param, paramInput: 'object' },
        { taskId: 'docs-double', model: 'z-image', param, marketShape: 'docs', paramInput: 'string' },
      ],
    });
    const live = (await query(fake, 'live')).body.data as MarketRecord;
    expect(live['param']).toBe(
      '{"callBackUrl":"https://cb.test/x","input":"{\\"prompt\\":\\"cat\\",\\"aspect_ratio\\":\\"1:1\\"}","model":"z-image"}',
    );
    const decoded = JSON.parse(live['param'] as string) as { input: string };
    expect(JSON.parse(decoded.input)).toEqual({ prompt: 'cat', aspect_ratio: '1:1' });
    const single = (await query(fake, 'single')).body.data as MarketRecord;
    expect(JSON.parse(single['param'] as string)).toEqual(param);
    expect(single['paramJson']).toBe(single['param']);
    const docsDouble = (await query(fake, 'docs-double')).body.data as MarketRecord;
    expect(docsDouble['param']).toBe(live['param']);
  });

  it('sends object params and results as JSON strings, string results verbatim, {{url}} replaced', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 'obj',
          param: { model: 'm', input: { prompt: 'cat' } },
          resultJson: { resultObject: { a: 1 } },
          paramInput: 'object',
        },
        { taskId: 'broken', param: '{"raw":', resultJson: '{"resultUrls":["{{url}}/files/x.png"' },
      ],
    });
    const obj = (await query(fake, 'obj')).body.data as MarketRecord;
    expect(obj['param']).toBe('{"model":"m","input":{"prompt":"cat"}}');
    expect(obj['resultJson']).toBe('{"resultObject":{"a":1}}');
    expect(obj['response']).toEqual({ resultUrls: [] });
    const broken = (await query(fake, 'broken')).body.data as MarketRecord;
    expect(broken['param']).toBe('{"raw":');
    expect(broken['resultJson']).toBe(`{"resultUrls":["${fake.url}/files/x.png"`);
    expect(broken['response']).toEqual({ resultUrls: [] });
  });

  it('shows failCode/failMsg once failed, with defaults, costTimeMs in seconds, 0 credits', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 'f1',
          timeline: [{ state: 'fail' }],
          failCode: '400',
          failMsg: 'bad prompt',
          costTimeMs: 5200,
        },
        { taskId: 'f2', timeline: [{ state: 'fail' }] },
        { taskId: 'f3', timeline: [{ state: 'fail' }], costTimeMs: 1234, marketShape: 'docs' },
      ],
    });
    const f1 = (await query(fake, 'f1')).body.data as MarketRecord;
    expect(f1).toMatchObject({
      state: 'fail',
      failCode: '400',
      failMsg: 'bad prompt',
      resultJson: '',
      costTime: 5,
      creditsConsumed: 0,
      successFlag: 0,
      response: null,
    });
    expect(typeof f1['completeTime']).toBe('number');
    const f2 = (await query(fake, 'f2')).body.data as MarketRecord;
    expect(f2).toMatchObject({ failCode: '500', failMsg: 'Generation failed' });
    const f3 = (await query(fake, 'f3')).body.data as MarketRecord;
    expect(f3).toMatchObject({ resultJson: null, costTime: 1234 });
  });

  it('sends costTime in ms with costTimeUnit: ms, and the scenario creditsConsumed', async () => {
    const fake = await start({
      tasks: [{ taskId: 't', costTimeMs: 37_400, costTimeUnit: 'ms', creditsConsumed: 5.5 }],
    });
    expect((await query(fake, 't')).body.data).toMatchObject({ costTime: 37_400, creditsConsumed: 5.5 });
  });

  it('uses the older consumeCredits/remainedCredits naming, or none', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'old', creditFields: 'consumeCredits', creditsConsumed: 4, remainedCredits: 96 },
        { taskId: 'oldp', creditFields: 'consumeCredits', timeline: [{ state: 'waiting' }] },
        { taskId: 'none', creditFields: 'none' },
      ],
    });
    const old = (await query(fake, 'old')).body.data as MarketRecord;
    expect(old).toMatchObject({ consumeCredits: 4, remainedCredits: 96 });
    expect(old).not.toHaveProperty('creditsConsumed');
    expect((await query(fake, 'oldp')).body.data).toMatchObject({
      consumeCredits: null,
      remainedCredits: null,
    });
    const none = (await query(fake, 'none')).body.data as MarketRecord;
    expect(none).not.toHaveProperty('creditsConsumed');
    expect(none).not.toHaveProperty('consumeCredits');
  });

  it('pending live bodies: failCode/failMsg null, resultJson "", no credits, successFlag 0, no response', async () => {
    const fake = await start({ tasks: [{ taskId: 'p', timeline: [{ state: 'generating' }] }] });
    const data = (await query(fake, 'p')).body.data as MarketRecord;
    expect(data).toMatchObject({
      state: 'generating',
      failCode: null,
      failMsg: null,
      resultJson: '',
      completeTime: null,
      costTime: null,
      creditsConsumed: null,
      successFlag: 0,
      response: null,
    });
    expect(data).not.toHaveProperty('progress');
  });

  it('shows progress per timeline step (0 before the first, 100 on success)', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 'sora',
          model: 'sora-2-text-to-video',
          timeline: [
            { state: 'waiting' },
            { state: 'generating', afterPolls: 1, progress: 30 },
            { state: 'generating', afterPolls: 2 },
            { state: 'generating', afterPolls: 3, progress: 75 },
            { state: 'success', afterPolls: 4 },
          ],
        },
      ],
    });
    const progress: unknown[] = [];
    for (let i = 0; i < 5; i++)
      progress.push(((await query(fake, 'sora')).body.data as MarketRecord)['progress']);
    expect(progress).toEqual([0, 30, 30, 75, 100]);
  });

  it('adds firstFrameUrl/lastFrameUrl arrays to the default resultJson with frameUrls', async () => {
    const fake = await start({ tasks: [{ taskId: 'fr', frameUrls: true }] });
    const data = (await query(fake, 'fr')).body.data as MarketRecord;
    expect(JSON.parse(data['resultJson'] as string)).toEqual({
      resultUrls: [`${fake.url}/files/fr-0.mp4`],
      firstFrameUrl: [`${fake.url}/files/fr-first-frame.png`],
      lastFrameUrl: [`${fake.url}/files/fr-last-frame.png`],
    });
    expect(data['response']).toEqual({ resultUrls: [`${fake.url}/files/fr-0.mp4`] });
  });

  it('follows the timeline by afterPolls (every status query counts)', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 't1',
          timeline: [
            { state: 'waiting' },
            { state: 'generating', afterPolls: 1 },
            { state: 'success', afterPolls: 3 },
          ],
        },
      ],
    });
    const states = [];
    for (let i = 0; i < 5; i++) states.push(await stateOf(fake, 't1'));
    expect(states).toEqual(['waiting', 'generating', 'generating', 'success', 'success']);
    expect(fake.requestsFor('t1').map((r) => r.poll)).toEqual([1, 2, 3, 4, 5]);
  });

  it('follows the timeline by afterMs, with completeTime once terminal; updateTime = createTime (live)', async () => {
    const timeline = [{ state: 'queuing' }, { state: 'success', afterMs: 150 }];
    const advance = fakeClock();
    const fake = await start({
      tasks: [
        { taskId: 't1', timeline },
        { taskId: 'step', timeline, updateTimeFrom: 'stateChange', costTimeUnit: 'ms' },
      ],
    });
    const before = (await query(fake, 't1')).body.data as MarketRecord;
    expect(before).toMatchObject({ state: 'queuing', completeTime: null, resultJson: '', costTime: null });
    expect(before['updateTime']).toBe(before['createTime']);
    advance(200);
    const after = (await query(fake, 't1')).body.data as MarketRecord;
    expect(after['state']).toBe('success');
    expect(after['completeTime']).toBe((after['createTime'] as number) + 150);
    expect(after['updateTime']).toBe(after['createTime']);
    expect(after['costTime']).toBe(0); // 150 ms rounds to 0 s
    const step = (await query(fake, 'step')).body.data as MarketRecord;
    expect(step['updateTime']).toBe((step['createTime'] as number) + 150);
    expect(step['completeTime']).toBe(step['updateTime']);
    expect(step['costTime']).toBe(150);
  });

  it('passes unknown states through unchanged, as non-terminal', async () => {
    const fake = await start({ tasks: [{ taskId: 't1', timeline: [{ state: 'paused' }] }] });
    const data = (await query(fake, 't1')).body.data as MarketRecord;
    expect(data).toMatchObject({ state: 'paused', completeTime: null, resultJson: '' });
  });

  it("uses 'message' as the envelope key when asked", async () => {
    const fake = await start({ tasks: [{ taskId: 't1', messageKey: 'message' }] });
    const { body } = await query(fake, 't1');
    expect(body.message).toBe('success');
    expect(body).not.toHaveProperty('msg');
  });

  it('sends "" instead of null for fields that do not apply when nullsWhilePending is false', async () => {
    const fake = await start({
      tasks: [
        { taskId: 'p', timeline: [{ state: 'generating' }], nullsWhilePending: false },
        { taskId: 's', nullsWhilePending: false },
        { taskId: 'n', timeline: [{ state: 'generating' }], nullsWhilePending: true },
      ],
    });
    expect((await query(fake, 'p')).body.data).toMatchObject({
      failCode: '',
      failMsg: '',
      completeTime: '',
      resultJson: '',
    });
    // The Query Task doc page's own example: a success with empty failCode/failMsg.
    expect((await query(fake, 's')).body.data).toMatchObject({ state: 'success', failCode: '', failMsg: '' });
    expect((await query(fake, 'n')).body.data).toMatchObject({
      failCode: null,
      failMsg: null,
      completeTime: null,
      resultJson: null,
    });
  });
});

describe('visibility and unknown tasks', () => {
  it('answers "recordInfo is null" (HTTP 200, envelope 422) for the first visibleAfterPolls queries', async () => {
    const fake = await start({ tasks: [{ taskId: 't1', visibleAfterPolls: 2 }] });
    for (let i = 0; i < 2; i++) {
      const { status, body } = await query(fake, 't1');
      expect(status).toBe(200);
      expect(body).toEqual({ code: 422, msg: 'recordInfo is null', data: null });
    }
    expect(await stateOf(fake, 't1')).toBe('success');
  });

  it('uses notVisibleCode 404 and visibleAfterMs', async () => {
    const advance = fakeClock();
    const fake = await start({ tasks: [{ taskId: 't1', visibleAfterMs: 150, notVisibleCode: 404 }] });
    expect((await query(fake, 't1')).body).toEqual({ code: 404, msg: 'Task not found', data: null });
    advance(200);
    expect(await stateOf(fake, 't1')).toBe('success');
  });

  it('answers unknown ids with envelope 422 by default, or 404 when configured', async () => {
    const a = await start();
    expect(await query(a, 'nope')).toMatchObject({ status: 200, body: { code: 422, data: null } });
    const b = await start({ unknownTask: 'not-found-404' });
    expect(await query(b, 'nope')).toMatchObject({ status: 200, body: { code: 404, msg: 'Task not found' } });
  });

  it('answers HTTP 400 when taskId is missing', async () => {
    const fake = await start();
    const res = await api(fake, RECORD);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ code: 400, msg: 'taskId is required', data: null });
  });
});

describe('requests, addTask, reset', () => {
  it('records every request in order with its status', async () => {
    const fake = await start({ tasks: [{ taskId: 't1' }] });
    await query(fake, 't1');
    await api(fake, '/api/v1/jobs/createTask', { method: 'POST', body: '{"model":"m","input":{}}' });
    await fetch(`${fake.url}${RECORD}?taskId=t1`);
    expect(fake.requests.map((r) => [r.method, r.path, r.status, r.taskId])).toEqual([
      ['GET', RECORD, 200, 't1'],
      ['POST', '/api/v1/jobs/createTask', 200, 'task_m_1'],
      ['GET', RECORD, 401, 't1'],
    ]);
    const [first, second] = fake.requests;
    expect(first).toMatchObject({
      query: { taskId: 't1' },
      authorization: 'Bearer test-key',
      body: '',
      poll: 1,
    });
    expect(second?.body).toBe('{"model":"m","input":{}}');
    expect(Math.abs((first?.at ?? 0) - Date.now())).toBeLessThan(5000);
    expect(fake.requestsFor('t1')).toHaveLength(2);
  });

  it('addTask (re)defines a task with a fresh clock and poll count; reset forgets everything', async () => {
    const fake = await start();
    fake.addTask({ taskId: 't1', timeline: [{ state: 'waiting' }, { state: 'success', afterPolls: 1 }] });
    expect(await stateOf(fake, 't1')).toBe('waiting');
    expect(await stateOf(fake, 't1')).toBe('success');
    fake.addTask({ taskId: 't1', timeline: [{ state: 'waiting' }, { state: 'success', afterPolls: 1 }] });
    expect(await stateOf(fake, 't1')).toBe('waiting');
    const requests = fake.requests;
    fake.reset();
    expect(fake.requests).toBe(requests); // still the same live array
    expect(fake.requests).toHaveLength(0);
    expect((await query(fake, 't1')).body.code).toBe(422);
    expect(() => fake.addTask({ taskId: '' })).toThrow(ScenarioError);
  });

  it('keeps its own copy of scenarios', async () => {
    const task = { taskId: 't1', timeline: [{ state: 'waiting' }] };
    const fake = await start({ tasks: [task] });
    task.timeline[0] = { state: 'success' };
    expect(await stateOf(fake, 't1')).toBe('waiting');
  });

  it('calls onRequest once each request is settled', async () => {
    const seen: string[] = [];
    const fake = await start({
      tasks: [{ taskId: 't1' }],
      onRequest: (r) => seen.push(`${r.path} ${r.status}`),
    });
    await query(fake, 't1');
    await expect.poll(() => seen).toEqual([`${RECORD} 200`]);
  });
});

describe('rate limits a scheduler is tested against', () => {
  it('countRejected: refused requests use up the window too', async () => {
    const advance = fakeClock();
    const fake = await start({
      tasks: [{ taskId: 't1' }],
      rateLimit: { maxRequests: 1, windowMs: 250, countRejected: true },
    });
    expect((await query(fake, 't1')).status).toBe(200);
    advance(150);
    expect((await query(fake, 't1')).status).toBe(429);
    advance(150);
    // 300 ms after the accepted one: free without countRejected, still refused because the 429 at 150 counts.
    expect((await query(fake, 't1')).status).toBe(429);
    advance(300);
    expect((await query(fake, 't1')).status).toBe(200);
  });

  it('retryAfterHeader: false sends the 429 without Retry-After', async () => {
    const fake = await start({ rateLimit: { maxRequests: 1, windowMs: 10_000, retryAfterHeader: false } });
    await query(fake, 'x');
    const limited = await query(fake, 'x');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBeNull();
    expect(limited.body).toEqual({ code: 429, msg: 'rate limited', data: null });
  });

  it('setRateLimit changes the limit mid-batch: lower bites at once, null turns it off', async () => {
    const fake = await start({ tasks: [{ taskId: 't1' }], rateLimit: { maxRequests: 10, windowMs: 10_000 } });
    for (let i = 0; i < 3; i++) expect((await query(fake, 't1')).status).toBe(200);
    fake.setRateLimit({ maxRequests: 3, windowMs: 10_000, retryAfterSeconds: 2 });
    const limited = await query(fake, 't1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('2');
    fake.setRateLimit(null);
    for (let i = 0; i < 5; i++) expect((await query(fake, 't1')).status).toBe(200);
    fake.setRateLimit({ maxRequests: 1, windowMs: 10_000 });
    expect((await query(fake, 't1')).status).toBe(200);
    expect((await query(fake, 't1')).status).toBe(429);
    expect(() => fake.setRateLimit({ maxRequests: 0, windowMs: 1 })).toThrow(ScenarioError);
  });

  it('setRateLimit on a server started without one', async () => {
    const fake = await start();
    expect((await query(fake, 'a')).status).toBe(200);
    fake.setRateLimit({ maxRequests: 1, windowMs: 10_000 });
    expect((await query(fake, 'a')).status).toBe(200);
    expect((await query(fake, 'a')).status).toBe(429);
  });

  it('counts accepted and rejected status queries and creates; records say which limit refused', async () => {
    const fake = await start({
      tasks: [{ taskId: 't1', perTaskRateLimit: { maxRequests: 1, windowMs: 60_000 } }, { taskId: 't2' }],
      rateLimit: { maxRequests: 4, windowMs: 60_000 },
    });
    await query(fake, 't1'); // accepted
    await query(fake, 't1'); // per-task limit
    await query(fake, 'unknown'); // accepted (answered 422)
    await api(fake, '/api/v1/jobs/createTask', { method: 'POST', body: '{"model":"m","input":{}}' });
    await query(fake, 't2'); // server-wide limit
    await query(fake, 't2', { headers: { authorization: 'Bearer wrong' } }); // auth: not counted
    expect(fake.counts()).toEqual({
      statusAccepted: 2,
      statusRejected: 2,
      createAccepted: 1,
      createRejected: 0,
    });
    expect(fake.requests.map((r) => r.limitedBy)).toEqual([null, 'per-task', null, null, 'rate-limit', null]);
    fake.reset();
    expect(fake.counts()).toEqual({
      statusAccepted: 0,
      statusRejected: 0,
      createAccepted: 0,
      createRejected: 0,
    });
  });

  it('validates the new rateLimit fields', async () => {
    await expect(
      start({ rateLimit: { maxRequests: 1, windowMs: 1, countRejected: 'y' } } as never),
    ).rejects.toThrow(/rateLimit\.countRejected/);
    await expect(
      start({ rateLimit: { maxRequests: 1, windowMs: 1, retryAfterHeader: 0 } } as never),
    ).rejects.toThrow(/rateLimit\.retryAfterHeader/);
  });
});

describe('rate limit', () => {
  it('answers 429 with Retry-After past maxRequests in the window, then recovers', async () => {
    const advance = fakeClock();
    const fake = await start({ tasks: [{ taskId: 't1' }], rateLimit: { maxRequests: 2, windowMs: 300 } });
    expect((await query(fake, 't1')).status).toBe(200);
    expect((await api(fake, '/api/v1/chat/credit')).status).toBe(200);
    const limited = await query(fake, 't1');
    expect(limited.status).toBe(429);
    expect(limited.headers.get('retry-after')).toBe('1');
    expect(limited.body).toEqual({ code: 429, msg: 'rate limited', data: null });
    expect(fake.requestsFor('t1').map((r) => [r.status, r.poll])).toEqual([
      [200, 1],
      [429, null],
    ]);
    advance(350);
    expect((await query(fake, 't1')).status).toBe(200);
  });

  it('sends the configured retryAfterSeconds and does not limit /files', async () => {
    const fake = await start({ rateLimit: { maxRequests: 1, windowMs: 10_000, retryAfterSeconds: 7 } });
    await api(fake, '/api/v1/chat/credit');
    const res = await api(fake, '/api/v1/chat/credit');
    expect(res.status).toBe(429);
    expect(res.headers.get('retry-after')).toBe('7');
    expect((await fetch(`${fake.url}/files/a.png`)).status).toBe(200);
  });
});

describe('createTask', () => {
  it('creates a task that walks waiting → queuing → generating → success by default', async () => {
    const advance = fakeClock();
    const fake = await start();
    const body = JSON.stringify({
      model: 'google/imagen4-fast',
      callBackUrl: 'https://x.test/cb',
      input: { p: 1 },
    });
    const res = await api(fake, '/api/v1/jobs/createTask', { method: 'POST', body });
    const created = (await res.json()) as { code: number; msg: string; data: { taskId: string } };
    expect(created).toEqual({ code: 200, msg: 'success', data: { taskId: 'task_google-imagen4-fast_1' } });
    const { taskId } = created.data;
    const first = (await query(fake, taskId)).body.data as MarketRecord;
    expect(first).toMatchObject({ state: 'waiting', model: 'google/imagen4-fast' });
    // The live shape: keys sorted, input double-encoded.
    expect(first['param']).toBe(
      '{"callBackUrl":"https://x.test/cb","input":"{\\"p\\":1}","model":"google/imagen4-fast"}',
    );
    advance(1300);
    expect(await stateOf(fake, taskId)).toBe('success');
  });

  it('uses createdTaskScenario for the lifecycle and numbers ids', async () => {
    const fake = await start({
      createdTaskScenario: {
        timeline: [{ state: 'generating' }, { state: 'fail', afterPolls: 1 }],
        failMsg: 'x',
      },
    });
    const create = async (): Promise<string> => {
      const res = await api(fake, '/api/v1/jobs/createTask', {
        method: 'POST',
        body: '{"model":"Kling 2.1","input":{}}',
      });
      return ((await res.json()) as { data: { taskId: string } }).data.taskId;
    };
    const id = await create();
    expect(id).toBe('task_kling-2-1_1');
    expect(await create()).toBe('task_kling-2-1_2');
    expect(await stateOf(fake, id)).toBe('generating');
    expect((await query(fake, id)).body.data).toMatchObject({ state: 'fail', failMsg: 'x' });
  });

  it('keeps the body verbatim as param in the docs shape', async () => {
    const fake = await start({ createdTaskScenario: { marketShape: 'docs' } });
    const body = '{"model":"m", "input":{"prompt":"cat"}}';
    const res = await api(fake, '/api/v1/jobs/createTask', { method: 'POST', body });
    const { taskId } = ((await res.json()) as { data: { taskId: string } }).data;
    expect(((await query(fake, taskId)).body.data as MarketRecord)['param']).toBe(body);
  });
});

describe('other routes', () => {
  it('answers the credit endpoint', async () => {
    const a = await start();
    expect(await (await api(a, '/api/v1/chat/credit')).json()).toEqual({
      code: 200,
      msg: 'success',
      data: 100,
    });
    const b = await start({ credits: 3.5 });
    expect(await (await api(b, '/api/v1/chat/credit')).json()).toMatchObject({ data: 3.5 });
  });

  it('serves a valid PNG under /files without auth and refuses ".."', async () => {
    const fake = await start();
    const res = await fetch(`${fake.url}/files/anything-0.png`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('image/png');
    const bytes = Buffer.from(await res.arrayBuffer());
    expect(bytes.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(bytes.subarray(12, 16).toString('latin1')).toBe('IHDR');
    expect(bytes.subarray(-8, -4).toString('latin1')).toBe('IEND');
    // node:http sends the path as written (fetch would normalise the dots away before sending).
    for (const path of ['/files/..%2Fsecret', '/files/%2e%2e%2Fsecret', '/files/a..b', '/files/']) {
      expect(await rawStatus(fake.url, path)).toBe(404);
    }
    // A literal "/files/../x" is resolved by the server's URL parser to "/x", outside /files: never a file.
    expect(await rawStatus(fake.url, '/files/../package.json')).toBe(401);
  });

  it('answers anything else with HTTP 404 JSON', async () => {
    const fake = await start();
    for (const [method, path] of [
      ['GET', '/api/v1/nothing'],
      ['POST', RECORD],
      ['GET', '/api/v1/jobs/createTask'],
    ] as const) {
      const res = await api(fake, path, { method });
      expect(res.status).toBe(404);
      expect(((await res.json()) as { code: number }).code).toBe(404);
    }
  });

  it('rejects malformed options with the field name', async () => {
    await expect(
      start({ tasks: [{ taskId: 't', timeline: [{ state: 'x', afterMs: -1 }] }] }),
    ).rejects.toThrow('tasks[0].timeline[0].afterMs');
  });

  it('listens on the given port and closes idempotently', async () => {
    const probe = await start();
    const port = Number(new URL(probe.url).port);
    await probe.close();
    const fake = await start({ port });
    expect(fake.url).toBe(`http://127.0.0.1:${port}`);
    await Promise.all([fake.close(), fake.close()]);
    await expect(fetch(`${fake.url}/files/a.png`)).rejects.toThrow();
  });
});

describe('CORS, for code running in a browser page', () => {
  it('lets any origin read answers, and answers a preflight without the key', async () => {
    const fake = await start({ tasks: [{ taskId: 't1' }] });
    const auth = { authorization: `Bearer ${fake.apiKey}`, origin: 'http://localhost:5173' };
    const status = await fetch(`${fake.url}${RECORD}?taskId=t1`, { headers: auth });
    expect(status.headers.get('access-control-allow-origin')).toBe('*');
    expect((await fetch(`${fake.url}/files/a.png`)).headers.get('access-control-allow-origin')).toBe('*');
    // A refused request too: the page must be able to read why.
    expect((await fetch(`${fake.url}${RECORD}?taskId=t1`)).headers.get('access-control-allow-origin')).toBe(
      '*',
    );
    const preflight = await fetch(`${fake.url}${RECORD}?taskId=t1`, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://localhost:5173',
        'access-control-request-method': 'GET',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(preflight.headers.get('access-control-allow-methods')).toMatch(/GET, POST/);
  });

  it('sends none with cors: false, like kie.ai', async () => {
    const fake = await start({ tasks: [{ taskId: 't1' }], cors: false });
    const res = await fetch(`${fake.url}${RECORD}?taskId=t1`, {
      headers: { authorization: `Bearer ${fake.apiKey}` },
    });
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    expect((await fetch(`${fake.url}${RECORD}`, { method: 'OPTIONS' })).status).toBe(401);
  });
});
