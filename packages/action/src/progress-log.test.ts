import { KieApiError, type WaitProgress } from '@kie-task/core';
import { describe, expect, it } from 'vitest';
import { record } from '../test/fixtures.js';
import { WaitHistory } from '@kie-task/node-io/wait-session';
import type { Logger } from './log.js';
import { ProgressLog } from './progress-log.js';

function recorder(): Logger & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (m) => lines.push(`info ${m}`),
    debug: (m) => lines.push(`debug ${m}`),
    warning: (m) => lines.push(`warning ${m}`),
    notice: (m) => lines.push(`notice ${m}`),
    startGroup: (t) => lines.push(`group ${t}`),
    endGroup: () => lines.push('endgroup'),
  };
}

/** A ProgressLog fed as the wait session feeds it: the history first, then the log with the record seen before. */
function following(
  taskIds: string[],
  log: Logger,
  now: () => number,
): { history: WaitHistory; onProgress(event: WaitProgress): void } {
  const history = new WaitHistory(taskIds, now());
  const progress = new ProgressLog(taskIds, log, now);
  return {
    history,
    onProgress: (event) => progress.onProgress(event, history.observe(event), history),
  };
}

describe('ProgressLog', () => {
  it('logs one line per state change, every poll under debug, and a heartbeat at most every 30 s', () => {
    let now = 0;
    const log = recorder();
    const progress = following(['t1'], log, () => now);
    const poll = (at: number, state: string, attempt: number): void => {
      now = at;
      progress.onProgress({ taskId: 't1', attempt, elapsedMs: at, record: record({ taskId: 't1', state }) });
    };
    poll(0, 'waiting', 1);
    poll(2_000, 'waiting', 2);
    poll(4_000, 'queuing', 3);
    poll(20_000, 'generating', 4);
    poll(40_000, 'generating', 5);
    poll(55_000, 'generating', 6);
    poll(85_000, 'generating', 7);
    poll(90_000, 'success', 8);
    const info = log.lines.filter((l) => l.startsWith('info '));
    expect(info).toEqual([
      'info     0ms  t1  waiting',
      'info    4.0s  t1  queuing',
      'info   20.0s  t1  generating',
      'info   55.0s  still waiting for t1 (generating)',
      'info   1m25s  still waiting for t1 (generating)',
      'info   1m30s  t1  success (1 result)',
    ]);
    expect(log.lines.filter((l) => l.startsWith('debug '))).toHaveLength(8);
    expect(progress.history.lastSeen('t1')?.state).toBe('success');
    expect(progress.history.lastSeen('other')).toBeNull();
  });

  it('summarises many tasks in the heartbeat, reports unknown states and warnings once', () => {
    let now = 0;
    const log = recorder();
    const progress = following(['a', 'b', 'c'], log, () => now);
    const warn = record({
      taskId: 'a',
      state: 'paused',
      warnings: ['unknown state "paused"; treated as still pending'],
    });
    progress.onProgress({ taskId: 'a', attempt: 1, elapsedMs: 0, record: warn });
    progress.onProgress({ taskId: 'a', attempt: 2, elapsedMs: 0, record: warn });
    progress.onProgress({
      taskId: 'b',
      attempt: 1,
      elapsedMs: 0,
      record: record({ taskId: 'b', state: 'queuing' }),
    });
    now = 31_000;
    const notVisible = new KieApiError({
      kind: 'not-found',
      code: 422,
      httpStatus: 200,
      retryable: false,
      advice: 'x',
    });
    progress.onProgress({ taskId: 'c', attempt: 1, elapsedMs: now, record: null, notVisible });
    expect(log.lines).toContain('info     0ms  a  paused (state unknown to kie-task; still waiting)');
    expect(log.lines.filter((l) => l.startsWith('warning '))).toEqual([
      'warning Task a: unknown state "paused"; treated as still pending',
    ]);
    expect(log.lines).toContain('info   31.0s  c  not visible yet (kie.ai answered 422); still asking');
    now = 62_000;
    progress.onProgress({
      taskId: 'b',
      attempt: 2,
      elapsedMs: now,
      record: record({ taskId: 'b', state: 'queuing' }),
    });
    expect(log.lines.at(-1)).toBe(
      'info   1m02s  still waiting for 3 tasks: 1 paused, 1 queuing, 1 not seen yet',
    );
  });

  it('keeps API text on one line', () => {
    const log = recorder();
    const progress = following(['t'], log, () => 0);
    progress.onProgress({
      taskId: 't',
      attempt: 1,
      elapsedMs: 0,
      record: record({ taskId: 't', state: 'fail', failCode: '1', failMsg: 'x\n::error::y' }),
    });
    expect(log.lines).toContain('info     0ms  t  fail (1): x ⏎ ::error::y');
  });

  it('shows other families in the market vocabulary with their own value', () => {
    const log = recorder();
    const progress = following(['v'], log, () => 0);
    const veo = (state: string, status: 'pending' | 'failed') =>
      record({ taskId: 'v', family: 'veo', state, status, failCode: '400', failMsg: 'blocked' });
    progress.onProgress({ taskId: 'v', attempt: 1, elapsedMs: 0, record: veo('0', 'pending') });
    progress.onProgress({ taskId: 'v', attempt: 2, elapsedMs: 0, record: veo('3', 'failed') });
    expect(log.lines.filter((line) => line.startsWith('info'))).toEqual([
      'info     0ms  v  generating (0)',
      'info     0ms  v  fail (3), code 400: blocked',
    ]);
  });
});

describe('ProgressLog: progress (sora2 and GPT-4o image report it)', () => {
  it('shows the percentage with the state, and a new line each time it gains 10 points', () => {
    let now = 0;
    const log = recorder();
    const progress = following(['s'], log, () => now);
    const poll = (at: number, state: string, percent: number | null): void => {
      now = at;
      const seen = { ...record({ taskId: 's', state }), progress: percent };
      progress.onProgress({ taskId: 's', attempt: 1, elapsedMs: at, record: seen });
    };
    poll(0, 'generating', 3);
    poll(1_000, 'generating', 8);
    poll(2_000, 'generating', 12);
    poll(3_000, 'generating', 19);
    poll(4_000, 'generating', 41);
    poll(35_000, 'generating', 45);
    poll(36_000, 'success', null);
    expect(log.lines.filter((l) => l.startsWith('info '))).toEqual([
      'info     0ms  s  generating 3%',
      'info    2.0s  s  generating 12%',
      'info    4.0s  s  generating 41%',
      'info   35.0s  still waiting for s (generating, 45%)',
      'info   36.0s  s  success (1 result)',
    ]);
  });
});
