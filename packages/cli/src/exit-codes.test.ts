import { KieApiError } from '@kie-task/core';
import { abortError } from '@kie-task/core/internal';
import { describe, expect, it } from 'vitest';
import { ExitCode, exitCodeForError, exitCodeForOutcome, mostSevere } from './exit-codes.js';

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
  it('maps outcomes and errors', () => {
    expect(exitCodeForOutcome('success')).toBe(ExitCode.Ok);
    expect(exitCodeForOutcome('fail')).toBe(ExitCode.TaskFailed);
    expect(exitCodeForOutcome('timeout')).toBe(ExitCode.Timeout);
    expect(exitCodeForOutcome('error')).toBe(ExitCode.ApiError);
    expect(exitCodeForOutcome('cancelled')).toBe(ExitCode.Interrupted);
    const auth = new KieApiError({ kind: 'auth', code: 401, httpStatus: 401, retryable: false, advice: 'x' });
    expect(exitCodeForError(auth)).toBe(ExitCode.ApiError);
    expect(exitCodeForError(abortError('SIGINT'))).toBe(ExitCode.Interrupted);
  });
});
