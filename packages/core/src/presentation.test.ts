import { describe, expect, it } from 'vitest';
import { KieApiError, WaitTimeoutError } from './errors.js';
import { parseTaskResponse } from './record.js';
import type { TaskRecord } from './types.js';
import { settleOutcome, type TaskOutcome } from './outcome.js';
import { combinedState, summarizeOutcome, summarizeRecord, taskDurationMs } from './presentation.js';

const ended = (taskId: string, error: Error, record: TaskRecord | null = null): TaskOutcome =>
  settleOutcome({ taskId, attempts: 1, waitedMs: 10, record, error });

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
      costTimeSeconds: null,
      creditsConsumed: null,
      progress: null,
      timedOut: false,
      error: null,
      outcome: 'success',
    });
  });

  it('keeps the last record of a timed-out task', () => {
    const pending = { ...record, state: 'generating', status: 'pending' as const, completeTime: null };
    const error = new WaitTimeoutError({ taskId: 't1', lastRecord: pending, elapsedMs: 1000, polls: 3 });
    expect(summarizeOutcome(ended('t1', error))).toMatchObject({
      outcome: 'timeout',
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
    expect(summarizeOutcome(ended('t9', error), 'veo')).toMatchObject({
      taskId: 't9',
      outcome: 'error',
      family: 'veo',
      state: null,
      timedOut: false,
      error: expect.stringContaining('check the key') as unknown,
    });
  });
});

describe('batch presentation', () => {
  const pending = { ...record, state: 'generating', status: 'pending' as const, completeTime: null };

  it('combines states: all success, any fail, else the least advanced', () => {
    const at = (state: string) => ({ ...pending, state });
    const out = (record: TaskRecord | null, kind: 'success' | 'timeout' = 'timeout'): TaskOutcome =>
      kind === 'success'
        ? { taskId: 'x', kind, record: record!, error: null, attempts: 1, waitedMs: 1 }
        : ended(
            'x',
            new WaitTimeoutError({ taskId: 'x', lastRecord: record, elapsedMs: 1, polls: 1 }),
            record,
          );
    expect(combinedState([out(record, 'success'), out(record, 'success')])).toBe('success');
    expect(combinedState([out(at('generating')), out(at('queuing'))])).toBe('queuing');
    expect(combinedState([out(at('mystery')), out(at('waiting'))])).toBe('waiting');
    expect(combinedState([out(at('mystery')), out(at('generating'))])).toBe('mystery');
    expect(combinedState([out(at('generating')), out(null)])).toBe('');
    expect(combinedState([])).toBe('');
  });

  it('measures a task once: completeTime − createTime, never negative, null when unknown', () => {
    expect(taskDurationMs(record)).toBe(12_345);
    expect(taskDurationMs(pending)).toBeNull();
    expect(taskDurationMs({ ...record, completeTime: new Date(0) })).toBe(0);
    expect(taskDurationMs(null)).toBeNull();
  });
});
