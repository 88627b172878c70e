import { describe, expect, it } from 'vitest';
import { query, stateOf, useFake, api } from '../test/helpers.js';
import type { MarketRecord } from '../test/helpers.js';
import { faultFor, matchesWhen } from './faults.js';
import type { Fault } from './scenario.js';

const start = useFake();

describe('matchesWhen / faultFor', () => {
  it('selects polls by index, list, range and always', () => {
    const polls = [1, 2, 3, 4, 5];
    expect(polls.filter((p) => matchesWhen(2, p))).toEqual([2]);
    expect(polls.filter((p) => matchesWhen([1, 4], p))).toEqual([1, 4]);
    expect(polls.filter((p) => matchesWhen({ from: 2, to: 3 }, p))).toEqual([2, 3]);
    expect(polls.filter((p) => matchesWhen({ from: 4 }, p))).toEqual([4, 5]);
    expect(polls.filter((p) => matchesWhen('always', p))).toEqual(polls);
  });

  it('picks the first matching fault', () => {
    const faults: Fault[] = [
      { on: 2, kind: 'reset' },
      { on: 'always', kind: 'hang' },
    ];
    expect(faultFor(faults, 2)?.kind).toBe('reset');
    expect(faultFor(faults, 3)?.kind).toBe('hang');
    expect(faultFor(undefined, 1)).toBeUndefined();
  });
});

describe('faults over HTTP', () => {
  it('http: sends the status, Retry-After and a default JSON envelope, then recovers', async () => {
    const fake = await start({
      tasks: [{ taskId: 't1', faults: [{ on: [1, 2], kind: 'http', status: 429, retryAfter: '1' }] }],
    });
    const first = await query(fake, 't1');
    expect(first.status).toBe(429);
    expect(first.headers.get('retry-after')).toBe('1');
    expect(first.headers.get('content-type')).toBe('application/json');
    expect(first.body).toEqual({ code: 429, msg: 'rate limited', data: null });
    expect((await query(fake, 't1')).status).toBe(429);
    expect(await stateOf(fake, 't1')).toBe('success');
    expect(fake.requestsFor('t1').map((r) => r.status)).toEqual([429, 429, 200]);
  });

  it('http: sends a custom text body as text/plain', async () => {
    const fake = await start({
      tasks: [{ taskId: 't1', faults: [{ on: 1, kind: 'http', status: 503, body: 'upstream down' }] }],
    });
    const res = await api(fake, '/api/v1/jobs/recordInfo?taskId=t1');
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toBe('text/plain');
    expect(await res.text()).toBe('upstream down');
  });

  it('html: sends a proxy error page, 502 by default', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 't1',
          faults: [
            { on: 1, kind: 'html' },
            { on: 2, kind: 'html', status: 504 },
          ],
        },
      ],
    });
    const first = await api(fake, '/api/v1/jobs/recordInfo?taskId=t1');
    expect(first.status).toBe(502);
    expect(first.headers.get('content-type')).toBe('text/html');
    expect(await first.text()).toContain('<title>502 Bad Gateway</title>');
    const second = await api(fake, '/api/v1/jobs/recordInfo?taskId=t1');
    expect(second.status).toBe(504);
    expect(await second.text()).toContain('504 Gateway Timeout');
  });

  it('reset: the client sees a network error; the poll still counts', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 't1',
          timeline: [{ state: 'waiting' }, { state: 'success', afterPolls: 1 }],
          faults: [{ on: 1, kind: 'reset' }],
        },
      ],
    });
    await expect(query(fake, 't1')).rejects.toThrow(TypeError);
    expect(await stateOf(fake, 't1')).toBe('success');
    expect(fake.requestsFor('t1').map((r) => [r.status, r.poll])).toEqual([
      [0, 1],
      [200, 2],
    ]);
  });

  it('hang: the client gives up via its signal, and close() still resolves fast', async () => {
    const fake = await start({ tasks: [{ taskId: 't1', faults: [{ on: 'always', kind: 'hang' }] }] });
    const client = new AbortController();
    const given = expect(query(fake, 't1', { signal: client.signal })).rejects.toMatchObject({
      name: 'AbortError',
    });
    await expect.poll(() => fake.requests).toHaveLength(1); // it arrived and hangs
    client.abort();
    await given;
    const pending = query(fake, 't1'); // a client that would wait forever
    const failed = expect(pending).rejects.toThrow();
    await expect.poll(() => fake.requests).toHaveLength(2); // it has arrived and hangs
    const t0 = Date.now();
    await fake.close();
    expect(Date.now() - t0).toBeLessThan(2_000); // not forever
    await failed;
    expect(fake.requests.map((r) => r.status)).toEqual([0, 0]);
  });

  it('truncated: HTTP 200 whose body no longer parses', async () => {
    const fake = await start({ tasks: [{ taskId: 't1', faults: [{ on: 1, kind: 'truncated' }] }] });
    const res = await api(fake, '/api/v1/jobs/recordInfo?taskId=t1');
    expect(res.status).toBe(200);
    const text = await res.text();
    expect(text.startsWith('{"code":200')).toBe(true);
    expect(() => JSON.parse(text) as unknown).toThrow(SyntaxError);
  });

  it.each([
    [401, 'You do not have access permissions'],
    [402, 'Credits insufficient'],
    [404, 'Task not found'],
    [422, 'recordInfo is null'],
    [455, 'Service unavailable: maintenance'],
    [500, 'Server error'],
    [501, 'Generation failed'],
    [505, 'Feature disabled'],
  ])('envelope %i: HTTP 200 with {code, msg, data: null}', async (code, msg) => {
    const fake = await start({ tasks: [{ taskId: 't1', faults: [{ on: 1, kind: 'envelope', code }] }] });
    expect(await query(fake, 't1')).toMatchObject({ status: 200, body: { code, msg, data: null } });
  });

  it('envelope: uses a custom msg and the scenario messageKey', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 't1',
          messageKey: 'message',
          faults: [{ on: 1, kind: 'envelope', code: 500, msg: 'boom' }],
        },
      ],
    });
    expect((await query(fake, 't1')).body).toEqual({ code: 500, message: 'boom', data: null });
  });

  it('delay: answers normally after the delay, with the record as of the answer', async () => {
    const fake = await start({
      tasks: [
        {
          taskId: 't1',
          timeline: [{ state: 'generating' }, { state: 'success', afterMs: 100 }],
          faults: [{ on: 1, kind: 'delay', ms: 200 }],
        },
      ],
    });
    const t0 = Date.now();
    const { status, body } = await query(fake, 't1');
    expect(Date.now() - t0).toBeGreaterThanOrEqual(190);
    expect(status).toBe(200);
    expect((body.data as MarketRecord)['state']).toBe('success');
  });

  it('delay: close() does not wait for a delayed answer', async () => {
    const fake = await start({ tasks: [{ taskId: 't1', faults: [{ on: 1, kind: 'delay', ms: 10_000 }] }] });
    const failed = expect(query(fake, 't1')).rejects.toThrow();
    await expect.poll(() => fake.requests).toHaveLength(1); // it has arrived and is delayed
    const t0 = Date.now();
    await fake.close();
    expect(Date.now() - t0).toBeLessThan(2_000); // not the 10 s delay
    await failed;
  });
});
