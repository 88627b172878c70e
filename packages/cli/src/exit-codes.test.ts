import { KieApiError, WaitTimeoutError, abortError, type TaskRecord } from '@kie-task/core';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeForError, exitCodeForResult, mostSevere } from './exit-codes.js';

describe('mostSevere', () => {
  it('ranks 2 > 130 > 4 > 1 > 3 > 0', () => {
    expect(mostSevere([])).toBe(0);
    expect(mostSevere([0, 3])).toBe(3);
    expect(mostSevere([3, 1, 0])).toBe(1);
    expect(mostSevere([1, 4, 3])).toBe(4);
    expect(mostSevere([4, 130, 1])).toBe(130);
    expect(mostSevere([130, 2, 4])).toBe(2);
  });
});

describe('exit code of an outcome', () => {
  const record = (status: TaskRecord['status']): TaskRecord => ({ status }) as TaskRecord;

  it('maps results and errors', () => {
    expect(exitCodeForResult({ taskId: 't', ok: true, record: record('success') })).toBe(ExitCode.Ok);
    expect(exitCodeForResult({ taskId: 't', ok: true, record: record('failed') })).toBe(ExitCode.TaskFailed);
    const timeout = new WaitTimeoutError({ taskId: 't', lastRecord: null, elapsedMs: 1, polls: 1 });
    expect(exitCodeForResult({ taskId: 't', ok: false, error: timeout })).toBe(ExitCode.Timeout);
    const auth = new KieApiError({ kind: 'auth', code: 401, httpStatus: 401, retryable: false, advice: 'x' });
    expect(exitCodeForError(auth)).toBe(ExitCode.ApiError);
    expect(exitCodeForError(abortError('SIGINT'))).toBe(ExitCode.Interrupted);
  });
});
