import { describe, expect, it } from 'vitest';
import { KieApiError, WaitTimeoutError } from './errors.js';
import { parseTaskResponse } from './record.js';
import type { TaskRecord } from './types.js';
import {
  OutcomeTracker,
  combinedState,
  summarizeOutcome,
  summarizeRecord,
  taskDurationMs,
} from './outcome.js';

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
    const [outcome] = new OutcomeTracker(['t1']).settle([{ taskId: 't1', ok: false, error }]);
    expect(summarizeOutcome(outcome!)).toMatchObject({
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
    const [outcome] = new OutcomeTracker(['t9']).settle([{ taskId: 't9', ok: false, error }]);
    expect(summarizeOutcome(outcome!, 'veo')).toMatchObject({
      taskId: 't9',
      outcome: 'error',
      family: 'veo',
      state: null,
      timedOut: false,
      error: expect.stringContaining('check the key') as unknown,
    });
  });
});

describe('OutcomeTracker', () => {
  const pending = { ...record, state: 'generating', status: 'pending' as const, completeTime: null };

  it('keeps the last record seen for a task stopped by an API error', () => {
    const tracker = new OutcomeTracker(['t1']);
    tracker.observe({ taskId: 't1', attempt: 1, elapsedMs: 5, record: pending });
    const error = new KieApiError({
      kind: 'server',
      code: 500,
      httpStatus: 500,
      retryable: true,
      advice: 'x',
    });
    const [outcome] = tracker.settle([{ taskId: 't1', ok: false, error }]);
    expect(outcome).toMatchObject({ kind: 'error', record: pending, error });
  });

  it('turns an abort into cancelled, and a whole cancelled wait into finished or cancelled tasks', () => {
    const tracker = new OutcomeTracker(['t1', 't2', 't3']);
    tracker.observe({ taskId: 't1', attempt: 1, elapsedMs: 5, record });
    tracker.observe({ taskId: 't2', attempt: 1, elapsedMs: 5, record: pending });
    const reason = new Error('the run was cancelled (SIGTERM)');
    const outcomes = tracker.settle(null, reason);
    expect(outcomes.map((o) => o.kind)).toEqual(['success', 'cancelled', 'cancelled']);
    expect(outcomes[1]).toMatchObject({ record: pending, error: reason });
    expect(outcomes[2]).toMatchObject({ record: null, error: reason });
    const abort = Object.assign(new Error('aborted'), { name: 'AbortError' });
    expect(tracker.settle([{ taskId: 't2', ok: false, error: abort }])[0]?.kind).toBe('cancelled');
  });

  it('combines states: all success, any fail, else the least advanced', () => {
    const at = (state: string) => ({ ...pending, state });
    const out = (record: TaskRecord | null, kind: 'success' | 'timeout' = 'timeout') => ({
      taskId: 'x',
      kind,
      record,
      error: null,
    });
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
