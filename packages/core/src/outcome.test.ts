import { describe, expect, it } from 'vitest';
import { abortError } from './abort.js';
import { KieApiError, WaitTimeoutError } from './errors.js';
import { recordOrThrow, settleOutcome } from './outcome.js';
import { parseTaskResponse } from './record.js';

const record = (state: string) =>
  parseTaskResponse({
    code: 200,
    msg: 'success',
    data: {
      taskId: 't1',
      model: 'm',
      state,
      resultJson: '{"resultUrls":["https://x/1.png"]}',
      failCode: '',
      failMsg: '',
    },
  });

const apiError = new KieApiError({
  kind: 'server',
  code: 500,
  httpStatus: 500,
  retryable: true,
  advice: 'x',
});

describe('settleOutcome', () => {
  const base = { taskId: 't1', attempts: 3, waitedMs: 1200 };

  it('a terminal record settles as success or fail, with the polls and the time waited', () => {
    expect(settleOutcome({ ...base, record: record('success'), error: null })).toEqual({
      ...base,
      kind: 'success',
      record: record('success'),
      error: null,
    });
    expect(settleOutcome({ ...base, record: record('fail'), error: null }).kind).toBe('fail');
  });

  it('a timeout keeps the last record the error carries, an API error and a cancel keep the last one seen', () => {
    const pending = record('generating');
    const timeout = new WaitTimeoutError({ taskId: 't1', lastRecord: pending, elapsedMs: 1200, polls: 3 });
    expect(settleOutcome({ ...base, record: null, error: timeout })).toMatchObject({
      kind: 'timeout',
      record: pending,
      error: timeout,
    });
    expect(settleOutcome({ ...base, record: pending, error: apiError })).toMatchObject({
      kind: 'error',
      record: pending,
      error: apiError,
    });
    const cancel = abortError(new Error('SIGTERM'));
    expect(settleOutcome({ ...base, record: pending, error: cancel })).toMatchObject({
      kind: 'cancelled',
      record: pending,
      error: cancel,
    });
  });
});

describe('recordOrThrow', () => {
  it('returns the record kie.ai finished with, failed ones included', () => {
    const failed = record('fail');
    expect(
      recordOrThrow({ taskId: 't1', kind: 'fail', record: failed, error: null, attempts: 1, waitedMs: 1 }),
    ).toBe(failed);
  });

  it("throws the outcome's error otherwise", () => {
    const outcome = settleOutcome({ taskId: 't1', attempts: 1, waitedMs: 1, record: null, error: apiError });
    expect(() => recordOrThrow(outcome)).toThrow(apiError);
  });
});
