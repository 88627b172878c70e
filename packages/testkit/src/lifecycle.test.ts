import { describe, expect, it } from 'vitest';
import { currentStep, isVisible, phaseOf, snapshotOf } from './lifecycle.js';
import type { TaskClock } from './lifecycle.js';
import type { TimelineStep } from './types.js';

const clock = (now: number, earlierPolls: number[] = []): TaskClock => ({ addedAt: 1000, earlierPolls, now });

describe('currentStep', () => {
  const timeline: TimelineStep[] = [
    { state: 'waiting' },
    { state: 'queuing', afterMs: 300 },
    { state: 'generating', afterPolls: 2 },
    { state: 'success', afterMs: 500, afterPolls: 3 },
  ];

  it('takes the last step whose conditions all hold, with the moment it took effect', () => {
    expect(currentStep(timeline, clock(1000))).toEqual({ index: 0, state: 'waiting', since: 1000 });
    expect(currentStep(timeline, clock(1300))).toEqual({ index: 1, state: 'queuing', since: 1300 });
    expect(currentStep(timeline, clock(1350, [1100, 1200]))).toEqual({
      index: 2,
      state: 'generating',
      since: 1200,
    });
    // afterPolls met at 1250 but afterMs only at 1500: both must hold.
    expect(currentStep(timeline, clock(1400, [1100, 1200, 1250])).state).toBe('generating');
    expect(currentStep(timeline, clock(1600, [1100, 1200, 1250]))).toEqual({
      index: 3,
      state: 'success',
      since: 1500,
    });
  });

  it('falls back to the first step while no step holds', () => {
    expect(currentStep([{ state: 'queuing', afterMs: 50 }], clock(1000))).toEqual({
      index: 0,
      state: 'queuing',
      since: 1000,
    });
  });
});

describe('isVisible', () => {
  it('needs both visibleAfterPolls and visibleAfterMs to be met', () => {
    const s = { taskId: 't', visibleAfterPolls: 1, visibleAfterMs: 100 };
    expect(isVisible(s, clock(2000))).toBe(false);
    expect(isVisible(s, clock(1050, [1010]))).toBe(false);
    expect(isVisible(s, clock(1100, [1010]))).toBe(true);
    expect(isVisible({ taskId: 't' }, clock(1000))).toBe(true);
  });
});

describe('phaseOf / snapshotOf', () => {
  it('treats only success and fail as terminal', () => {
    expect(['waiting', 'queuing', 'generating', 'paused', 'success', 'fail'].map(phaseOf)).toEqual([
      'pending',
      'pending',
      'pending',
      'pending',
      'success',
      'fail',
    ]);
  });

  it('builds the default snapshot', () => {
    expect(snapshotOf({ taskId: 'a b' }, clock(1200), 'http://h:1')).toEqual({
      taskId: 'a b',
      family: 'market',
      model: 'test-model',
      param: '{"input":"{}","model":"test-model"}',
      state: 'success',
      phase: 'success',
      createTime: 1000,
      updateTime: 1000,
      completeTime: 1000,
      costTime: 0,
      resultJson: '{"resultUrls":["http://h:1/files/a%20b-0.png"]}',
      failCode: null,
      failMsg: null,
      blank: null,
      messageKey: 'msg',
      serverUrl: 'http://h:1',
      pollsBefore: 0,
      response: undefined,
      timeFormat: 'epoch-ms',
      resultUrlsKey: 'resultUrls',
      market: {
        liveFields: true,
        paramInput: 'string',
        costTimeUnit: 'seconds',
        creditFields: 'creditsConsumed',
        updateTimeFrom: 'createTime',
        resultJsonBlank: '',
      },
      creditsConsumed: 0.8,
      remainedCredits: 100,
      progress: undefined,
      fullResultUrls: undefined,
      omitTaskId: false,
    });
  });
});
