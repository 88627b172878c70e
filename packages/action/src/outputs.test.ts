import { describe, expect, it } from 'vitest';
import { outcome, record } from '../test/fixtures.js';
import { combinedState, summarizeOutcome } from '@kie-task/core/internal';
import { OUTPUT_NAMES, buildOutputs, emptyOutputs } from './outputs.js';

const taskObject = summarizeOutcome;

describe('combinedState', () => {
  it('is success only when every task succeeded, fail when any failed', () => {
    expect(combinedState([outcome('success'), outcome('success')])).toBe('success');
    expect(combinedState([outcome('success'), outcome('fail'), outcome('timeout')])).toBe('fail');
  });

  it('is otherwise the least advanced state; unknown states rank as generating but keep their name', () => {
    const pending = (state: string) => outcome('timeout', { state });
    expect(combinedState([pending('generating'), pending('queuing'), pending('waiting')])).toBe('waiting');
    expect(combinedState([outcome('success'), pending('generating'), pending('queuing')])).toBe('queuing');
    expect(combinedState([pending('paused'), pending('generating')])).toBe('paused');
    expect(combinedState([pending('generating'), pending('paused')])).toBe('generating');
    expect(combinedState([pending('waiting'), outcome('error', null)])).toBe('');
    expect(combinedState([])).toBe('');
  });
});

describe('buildOutputs', () => {
  it('writes every output, first-task fields from the first task', () => {
    const outputs = buildOutputs([
      outcome('success', { taskId: 'a', resultUrls: ['https://x/1.png', 'https://x/2.mp4'] }),
      outcome('fail', { taskId: 'b', failCode: '400', failMsg: 'bad\nprompt' }),
      outcome('success', { taskId: 'c', resultUrls: ['https://x/3.png'] }),
    ]);
    expect(Object.keys(outputs)).toEqual([...OUTPUT_NAMES]);
    expect(outputs).toMatchObject({
      'task-id': 'a,b,c',
      state: 'fail',
      'timed-out': 'false',
      'result-urls': '["https://x/1.png","https://x/2.mp4","https://x/3.png"]',
      'result-url': 'https://x/1.png',
      'result-json': '{"resultUrls":["https://cdn.example/a.png"]}',
      param: '{"model":"google/imagen4-fast"}',
      model: 'google/imagen4-fast',
      'fail-code': '400',
      'fail-msg': 'bad\nprompt',
      'create-time': '2026-01-01T00:00:00.000Z',
      'complete-time': '2026-01-01T00:00:05.000Z',
      'duration-ms': '5000',
    });
    const tasks = JSON.parse(outputs.tasks) as unknown[];
    expect(tasks).toHaveLength(3);
    expect(tasks[1]).toEqual({
      taskId: 'b',
      family: 'market',
      outcome: 'fail',
      model: 'google/imagen4-fast',
      state: 'fail',
      rawState: 'fail',
      resultUrls: [],
      failCode: '400',
      failMsg: 'bad\nprompt',
      createTime: '2026-01-01T00:00:00.000Z',
      completeTime: '2026-01-01T00:00:05.000Z',
      durationMs: 5000,
      costTimeSeconds: null,
      creditsConsumed: null,
      progress: null,
      timedOut: false,
      error: null,
    });
  });

  it('sums the credits kie.ai reported, exactly, and leaves the output empty when it reported none', () => {
    const priced = (credits: number | null) =>
      outcome('success', { taskId: `t${String(credits)}`, creditsConsumed: credits });
    expect(buildOutputs([priced(0.1), priced(0.2), priced(null)]).credits).toBe('0.3');
    expect(buildOutputs([priced(0.8), priced(5.5)]).credits).toBe('6.3');
    expect(buildOutputs([priced(null)]).credits).toBe('');
    expect(JSON.parse(buildOutputs([priced(0.8)]).tasks)).toMatchObject([{ creditsConsumed: 0.8 }]);
  });

  it('says timed-out and leaves times empty for a pending task', () => {
    const outputs = buildOutputs([outcome('timeout', { state: 'queuing' })]);
    expect(outputs).toMatchObject({
      state: 'queuing',
      'timed-out': 'true',
      'complete-time': '',
      'duration-ms': '',
    });
  });

  it('has empty but present outputs before any wait', () => {
    const outputs = emptyOutputs(['a', 'b']);
    expect(outputs).toMatchObject({
      'task-id': 'a,b',
      state: '',
      'result-urls': '[]',
      tasks: '[]',
      'timed-out': 'false',
    });
  });

  it('describes a task that was never seen', () => {
    expect(taskObject(outcome('error', null, new Error('kie.ai answered 401')))).toMatchObject({
      state: null,
      model: null,
      resultUrls: [],
      timedOut: false,
      error: 'kie.ai answered 401',
    });
  });

  it('keeps the last record seen of a timed-out or cancelled task', () => {
    expect(taskObject(outcome('timeout', { state: 'queuing' }, new Error('Timed out')))).toMatchObject({
      state: 'queuing',
      timedOut: true,
      error: 'Timed out',
    });
    expect(taskObject(outcome('cancelled', { state: 'waiting' }, new Error('cancelled')))).toMatchObject({
      state: 'waiting',
      timedOut: false,
      error: 'cancelled',
    });
  });

  it('says the family of a task never seen', () => {
    const never = outcome('error', null, new Error('kie.ai answered 401'));
    expect(taskObject(never, 'veo')).toMatchObject({ family: 'veo', state: null, rawState: null });
    expect(JSON.parse(buildOutputs([never], { family: 'suno' }).tasks)).toMatchObject([{ family: 'suno' }]);
  });
});

describe('other families', () => {
  const veo = (successFlag: string, status: 'success' | 'failed' | 'pending') =>
    record({ family: 'veo', state: successFlag, status, model: null });

  it('keep state in the market vocabulary and carry their own value in raw-state', () => {
    const failed = buildOutputs([outcome('fail', veo('3', 'failed'))]);
    expect(failed).toMatchObject({ state: 'fail', 'raw-state': '3' });
    const pending = buildOutputs([outcome('timeout', veo('0', 'pending'))]);
    expect(pending).toMatchObject({ state: 'generating', 'raw-state': '0', 'timed-out': 'true' });
    const market = buildOutputs([outcome('timeout', { state: 'queuing' })]);
    expect(market).toMatchObject({ state: 'queuing', 'raw-state': 'queuing' });
    expect(buildOutputs([outcome('error', null)])['raw-state']).toBe('');
  });

  it("raw-state is the first task's, state the combined one", () => {
    const outputs = buildOutputs([
      outcome('success', { taskId: 'a', family: 'suno', state: 'SUCCESS', status: 'success' }),
      outcome('fail', { ...veo('2', 'failed'), taskId: 'b' }),
    ]);
    expect(outputs).toMatchObject({ state: 'fail', 'raw-state': 'SUCCESS' });
  });
});

describe('files and file', () => {
  it('list the downloaded files, and are empty without downloads', () => {
    expect(buildOutputs([outcome('success')])).toMatchObject({ files: '[]', file: '' });
    const files = ['/w/kie-results/a-1.png', '/w/kie-results/a-2.png'];
    expect(buildOutputs([outcome('success')], { files })).toMatchObject({
      files: JSON.stringify(files),
      file: files[0],
    });
    expect(emptyOutputs(['a'])).toMatchObject({ files: '[]', file: '', 'raw-state': '' });
  });
});
