import { describe, expect, it } from 'vitest';
import { fixture, fixtureText } from '../test/fixtures.js';
import { KieApiError, KieParseError } from './errors.js';
import { parseTaskResponse } from './record.js';

function expectParseError(run: () => unknown, path: string): void {
  let caught: unknown;
  try {
    run();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(KieParseError);
  expect((caught as KieParseError).path).toBe(path);
}

function expectApiError(run: () => unknown): KieApiError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(KieApiError);
    return error as KieApiError;
  }
  throw new Error('expected a KieApiError');
}

describe('parseTaskResponse: the documented market example', () => {
  it('reads every field of the doc page example (text body, `message` key)', () => {
    const record = parseTaskResponse(fixtureText('market-success-doc.json'));
    expect(record.taskId).toBe('task_12345678');
    expect(record.model).toBe('sora-2-pro-storyboard');
    expect(record.state).toBe('success');
    expect(record.status).toBe('success');
    expect(record.family).toBe('market');
    expect(record.resultUrls).toEqual(['https://example.com/generated-image.jpg']);
    expect(record.result).toEqual({ resultUrls: ['https://example.com/generated-image.jpg'] });
    expect(record.param?.model).toBe('sora-2-pro-storyboard');
    expect((record.param?.input as { n_frames: string }).n_frames).toBe('15');
    expect(record.failCode).toBeNull();
    expect(record.failMsg).toBeNull();
    expect(record.createTime?.toISOString()).toBe(new Date(1698765400000).toISOString());
    expect(record.completeTime?.getTime()).toBe(1698765432000);
    expect(record.updateTime?.getTime()).toBe(1698765432000);
    expect(record.costTimeSeconds).toBeNull();
    expect(record.creditsConsumed).toBeNull();
    expect(record.warnings).toEqual([]);
    // raw keeps the original strings
    expect(typeof record.raw.param).toBe('string');
    expect(record.raw.resultJson).toBe('{"resultUrls":["https://example.com/generated-image.jpg"]}');
  });

  it('accepts the already-parsed JSON just the same', () => {
    const fromText = parseTaskResponse(fixtureText('market-success-doc.json'));
    const fromObject = parseTaskResponse(fixture('market-success-doc.json'));
    expect(fromObject).toEqual(fromText);
  });

  it('accepts `msg` as well as `message`', () => {
    const body = fixture('market-success-doc.json');
    const withMsg = { code: body.code, msg: 'success', data: body.data };
    expect(parseTaskResponse(withMsg).status).toBe('success');
  });
});

describe('parseTaskResponse: states', () => {
  const withState = (state: unknown) => ({ code: 200, msg: 'success', data: { taskId: 't1', state } });

  it.each([
    ['waiting', 'pending'],
    ['queuing', 'pending'],
    ['generating', 'pending'],
    ['success', 'success'],
    ['fail', 'failed'],
  ])('maps %s to %s', (state, status) => {
    const record = parseTaskResponse(withState(state));
    expect(record.state).toBe(state);
    expect(record.status).toBe(status);
  });

  it('keeps an unknown state by name, as pending, with a warning', () => {
    const record = parseTaskResponse(withState('paused'));
    expect(record.state).toBe('paused');
    expect(record.status).toBe('pending');
    expect(record.warnings.join()).toContain('unknown state "paused"');
  });

  it('rejects a missing or non-string state with its path', () => {
    expectParseError(() => parseTaskResponse({ code: 200, data: { taskId: 't1' } }), 'data.state');
    expectParseError(() => parseTaskResponse(withState({ nested: true })), 'data.state');
  });
});

describe('parseTaskResponse: null vs empty string, results', () => {
  it('treats null like "" while pending', () => {
    const record = parseTaskResponse(fixture('market-generating-nulls.json'));
    expect(record.status).toBe('pending');
    expect(record.failCode).toBeNull();
    expect(record.failMsg).toBeNull();
    expect(record.completeTime).toBeNull();
    expect(record.result).toBeNull();
    expect(record.resultUrls).toEqual([]);
    expect(record.costTimeSeconds).toBeNull();
    expect(record.creditsConsumed).toBeNull();
    expect(record.param?.callBackUrl).toBe('https://your-domain.com/api/callback');
  });

  it('keeps watermark URLs in result, not in resultUrls', () => {
    const record = parseTaskResponse(fixture('market-sora-watermark.json'));
    expect(record.resultUrls).toEqual(['https://tempfile.aiquickdraw.com/v/a.mp4']);
    expect(record.result?.resultWaterMarkUrls).toEqual(['https://tempfile.aiquickdraw.com/v/a-wm.mp4']);
    expect(record.costTimeSeconds).toBe(96000); // as reported: the OpenAPI example says ms
  });

  it('exposes resultObject outputs in result with no URLs', () => {
    const record = parseTaskResponse(fixture('market-result-object.json'));
    expect(record.status).toBe('success');
    expect(record.resultUrls).toEqual([]);
    expect(record.result).toEqual({ resultObject: { mask_urls: ['https://file.aiquickdraw.com/m/1.png'] } });
  });

  it('accepts param and resultJson as objects, dedupes URLs, keeps frames in result, reads numeric strings', () => {
    const record = parseTaskResponse(fixture('market-seedance-frames.json'));
    expect(record.resultUrls).toEqual(['https://file.aiquickdraw.com/s/v.mp4']);
    expect(record.result?.lastFrameUrl).toBe('https://file.aiquickdraw.com/s/l.png');
    expect(record.param?.model).toBe('bytedance/seedance-1-pro');
    expect(record.completeTime?.getTime()).toBe(1760000096000);
  });

  it('warns when a success has no resultJson', () => {
    for (const resultJson of [undefined, null, '']) {
      const record = parseTaskResponse({
        code: 200,
        msg: 'ok',
        data: { taskId: 't', state: 'success', resultJson },
      });
      expect(record.status).toBe('success');
      expect(record.resultUrls).toEqual([]);
      expect(record.warnings).toContain('the task succeeded but resultJson is empty');
    }
  });

  it('fails on a success whose resultJson is broken JSON', () => {
    expectParseError(
      () =>
        parseTaskResponse({
          code: 200,
          data: { taskId: 't', state: 'success', resultJson: '{"resultUrls":[' },
        }),
      'data.resultJson',
    );
  });

  it('only warns about a broken resultJson or param while pending', () => {
    const record = parseTaskResponse({
      code: 200,
      data: { taskId: 't', state: 'generating', resultJson: '{', param: 'not json' },
    });
    expect(record.param).toBeNull();
    expect(record.warnings).toEqual(['data.param is not valid JSON', 'data.resultJson is not valid JSON']);
  });

  it('skips non-string URLs with a warning', () => {
    const record = parseTaskResponse({
      code: 200,
      data: {
        taskId: 't',
        state: 'success',
        resultJson: { resultUrls: ['https://a/1.png', 7, null, 'https://a/2.png'] },
      },
    });
    expect(record.resultUrls).toEqual(['https://a/1.png', 'https://a/2.png']);
    expect(record.warnings).toHaveLength(2);
  });

  it('keeps only http(s) URLs: javascript:, data: and relative links are skipped with a warning', () => {
    const record = parseTaskResponse({
      code: 200,
      data: {
        taskId: 't',
        state: 'success',
        resultJson: {
          resultUrls: [
            'javascript:alert(1)',
            'data:image/png;base64,AAAA',
            '/relative.png',
            'HTTPS://a/ok.png',
          ],
        },
      },
    });
    expect(record.resultUrls).toEqual(['HTTPS://a/ok.png']);
    expect(record.warnings.filter((w) => w.includes('not an http(s) URL'))).toHaveLength(3);
    const veo = parseTaskResponse(
      {
        code: 200,
        data: { taskId: 'v', successFlag: 1, response: { resultUrls: ['javascript:x', 'https://a/v.mp4'] } },
      },
      { family: 'veo' },
    );
    expect(veo.resultUrls).toEqual(['https://a/v.mp4']);
  });

  it('reads a numeric failCode as a string', () => {
    const record = parseTaskResponse({
      code: 200,
      data: { taskId: 't', state: 'fail', failCode: 500, failMsg: 'boom' },
    });
    expect(record).toMatchObject({ status: 'failed', failCode: '500', failMsg: 'boom' });
  });

  it('warns when the record is for another task', () => {
    const record = parseTaskResponse(
      { code: 200, data: { taskId: 'other', state: 'waiting' } },
      { taskId: 'mine' },
    );
    expect(record.taskId).toBe('other');
    expect(record.warnings).toContain('asked for task mine but the record is for other');
  });
});

describe('parseTaskResponse: envelope codes with HTTP 200', () => {
  it.each([
    [401, 'auth', false, 'API key'],
    [402, 'credits', false, 'Top up'],
    [433, 'usage-limit', false, "key's usage limit"],
    [400, 'bad-request', false, 'task ID'],
    [404, 'not-found', false, 'not found'],
    [422, 'not-found', false, 'recordInfo is null'],
    [429, 'rate-limited', true, 'rate limited'],
    [455, 'unavailable', true, 'maintenance'],
    [500, 'server', true, 'internal error'],
    [505, 'disabled', false, 'disabled'],
  ])('envelope %i is a KieApiError of kind %s', (code, kind, retryable, advice) => {
    const error = expectApiError(() =>
      parseTaskResponse({ code, msg: 'x', data: null }, { httpStatus: 200, taskId: 'task-9' }),
    );
    expect(error).toMatchObject({
      code,
      kind,
      retryable,
      httpStatus: 200,
      taskId: 'task-9',
      apiMessage: 'x',
    });
    expect(error.message).toContain(advice);
    expect(error.message).toContain('task-9');
  });

  it.each([501, 408, 451])('envelope %i is a generation failure: a failed record, not an error', (code) => {
    const record = parseTaskResponse({ code, msg: 'Generation failed', data: null }, { taskId: 'task-9' });
    expect(record).toMatchObject({
      taskId: 'task-9',
      status: 'failed',
      state: 'fail',
      failCode: String(code),
      failMsg: 'Generation failed',
    });
  });

  it('reads the record attached to a failed market callback (code 501)', () => {
    const record = parseTaskResponse(fixture('market-fail-callback.json'));
    expect(record).toMatchObject({
      taskId: 'e989621f54392584b05867f87b160672',
      model: 'google/imagen4-fast',
      status: 'failed',
      failCode: '500',
      failMsg: 'Internal server error',
    });
  });

  it('needs a task ID for a failure without data', () => {
    expectParseError(() => parseTaskResponse({ code: 501, msg: 'failed' }), 'data.taskId');
  });

  it('accepts a numeric-string code', () => {
    expect(parseTaskResponse({ code: '200', data: { taskId: 't', state: 'waiting' } }).state).toBe('waiting');
  });
});

describe('parseTaskResponse: HTTP layer', () => {
  it('uses the HTTP status when the body is an HTML error page', () => {
    const error = expectApiError(() =>
      parseTaskResponse('<html><body>502 Bad Gateway</body></html>', { httpStatus: 502 }),
    );
    expect(error).toMatchObject({ code: null, httpStatus: 502, retryable: true, kind: 'server' });
  });

  it('lets the envelope decide over the HTTP status', () => {
    const error = expectApiError(() =>
      parseTaskResponse('{"code":401,"msg":"You do not have access permissions"}', { httpStatus: 401 }),
    );
    expect(error).toMatchObject({ code: 401, httpStatus: 401, kind: 'auth', retryable: false });
    const record = parseTaskResponse(
      { code: 501, msg: 'failed', data: null },
      { httpStatus: 500, taskId: 't' },
    );
    expect(record.status).toBe('failed');
  });

  it('treats HTTP 408 and 429 without envelope as retryable, 401 as fatal', () => {
    expect(expectApiError(() => parseTaskResponse('', { httpStatus: 408 })).retryable).toBe(true);
    expect(
      expectApiError(() => parseTaskResponse('', { httpStatus: 429, retryAfterMs: 2000 })),
    ).toMatchObject({
      retryable: true,
      retryAfterMs: 2000,
      kind: 'rate-limited',
    });
    expect(expectApiError(() => parseTaskResponse('Unauthorized', { httpStatus: 401 })).kind).toBe('auth');
  });

  it('reports truncated JSON at `$`', () => {
    const text = fixtureText('market-success-doc.json');
    expectParseError(() => parseTaskResponse(text.slice(0, text.length / 2), { httpStatus: 200 }), '$');
  });

  it('reports a missing envelope code and a non-object data', () => {
    expectParseError(() => parseTaskResponse({ data: {} }), 'code');
    expectParseError(() => parseTaskResponse([1, 2]), '$');
    expectParseError(() => parseTaskResponse({ code: 200, data: 'x' }), 'data');
    expectParseError(() => parseTaskResponse({ code: 200, data: { state: 'waiting' } }), 'data.taskId');
  });

  it('rejects an unknown family with a KieParseError naming the choices', () => {
    expectParseError(() => parseTaskResponse({ code: 200, data: {} }, { family: 'nope' }), 'family');
  });
});

describe('parseTaskResponse: bounded work, whatever the answer', () => {
  const market = (resultJson: unknown): string =>
    JSON.stringify({
      code: 200,
      msg: 'success',
      data: { taskId: 't1', model: 'z-image', state: 'success', param: '{}', resultJson },
    });

  it('a resultJson object 100,000 levels deep keeps its URLs, is cut with a warning, and stringifies', () => {
    const depth = 100_000;
    const deep = `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
    const body = market('X').replace('"X"', `{"resultUrls":["https://cdn.example/a.png"],"extra":${deep}}`);
    const record = parseTaskResponse(body);
    expect(record.status).toBe('success');
    expect(record.resultUrls).toEqual(['https://cdn.example/a.png']);
    expect(record.warnings).toContain('data is nested deeper than 64 levels; the deeper parts were left out');
    expect(() => JSON.stringify(record)).not.toThrow();
  });

  it('a resultJson string 100,000 levels deep is cut the same way, naming the field', () => {
    const depth = 100_000;
    const deep = `${'['.repeat(depth)}${']'.repeat(depth)}`;
    const record = parseTaskResponse(market(`{"resultUrls":["https://cdn.example/a.png"],"extra":${deep}}`));
    expect(record.resultUrls).toEqual(['https://cdn.example/a.png']);
    expect(record.warnings).toContain(
      'data.resultJson is nested deeper than 64 levels; the deeper parts were left out',
    );
    expect(() => JSON.stringify(record.result)).not.toThrow();
  });

  it('160,000 result URLs are cut to the first 1,000, once each, with one warning', () => {
    const urls = Array.from({ length: 160_000 }, (_, i) => `https://cdn.example/${i % 150_000}.png`);
    const record = parseTaskResponse(market(JSON.stringify({ resultUrls: urls })));
    expect(record.resultUrls).toHaveLength(1_000);
    expect(record.resultUrls[999]).toBe('https://cdn.example/999.png');
    expect(record.warnings).toEqual([
      'data.resultJson.resultUrls has 160000 entries; kept the first 1000 result URLs, the rest were cut',
    ]);
  });

  it('duplicates count once and keep their first position; skipped entries are named ten at most', () => {
    const urls = [
      'https://a.example/1',
      'x',
      'https://a.example/1',
      'https://a.example/2',
      ...(Array(20).fill(7) as number[]),
    ];
    const record = parseTaskResponse(market(JSON.stringify({ resultUrls: urls })));
    expect(record.resultUrls).toEqual(['https://a.example/1', 'https://a.example/2']);
    expect(record.warnings).toHaveLength(11);
    expect(record.warnings[0]).toBe('data.resultJson.resultUrls[1] is not an http(s) URL; skipped');
    expect(record.warnings[10]).toBe('data.resultJson.resultUrls: 11 more entries skipped');
  });

  it('a dedicated family with 160,000 URLs in one array is read without spreading it, and cut', () => {
    const urls = Array.from({ length: 160_000 }, (_, i) => `https://cdn.example/${i}.mp4`);
    const record = parseTaskResponse(
      { code: 200, msg: 'success', data: { taskId: 'v1', successFlag: 1, response: { resultUrls: urls } } },
      { family: 'veo' },
    );
    expect(record.resultUrls).toHaveLength(1_000);
    expect(record.warnings.at(-1)).toMatch(/has 160000 entries; kept the first 1000 result URLs/);
  });
});
