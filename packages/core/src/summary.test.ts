import { describe, expect, it } from 'vitest';
import { KieApiError, WaitTimeoutError } from './errors.js';
import { parseTaskResponse } from './record.js';
import { summarizeRecord, summarizeResult } from './summary.js';

const record = parseTaskResponse({
  code: 200,
  msg: 'success',
  data: {
    taskId: 't1',
    model: 'm',
    state: 'success',
    resultJson: '{"resultUrls":["https://x/1.png"]}',
    createTime: 1_700_000_000_000,
    completeTime: 1_700_000_012_345,
  },
});

describe('task summaries', () => {
  it('flattens a record with ISO times and the duration', () => {
    expect(summarizeRecord(record)).toEqual({
      taskId: 't1',
      family: 'market',
      model: 'm',
      state: 'success',
      rawState: 'success',
      resultUrls: ['https://x/1.png'],
      failCode: null,
      failMsg: null,
      createTime: '2023-11-14T22:13:20.000Z',
      completeTime: '2023-11-14T22:13:32.345Z',
      durationMs: 12_345,
      timedOut: false,
      error: null,
    });
  });

  it('keeps the last record of a timed-out task', () => {
    const pending = { ...record, state: 'generating', status: 'pending' as const, completeTime: null };
    const error = new WaitTimeoutError({ taskId: 't1', lastRecord: pending, elapsedMs: 1000, polls: 3 });
    expect(summarizeResult({ taskId: 't1', ok: false, error })).toMatchObject({
      state: 'generating',
      timedOut: true,
      durationMs: null,
      error: expect.stringContaining('Timed out') as unknown,
    });
  });

  it('reports an error with no state', () => {
    const error = new KieApiError({
      kind: 'auth',
      code: 401,
      httpStatus: 401,
      retryable: false,
      advice: 'check the key.',
    });
    expect(summarizeResult({ taskId: 't9', ok: false, error }, 'veo')).toMatchObject({
      taskId: 't9',
      family: 'veo',
      state: null,
      timedOut: false,
      error: expect.stringContaining('check the key') as unknown,
    });
  });
});
