import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { demoScenario } from './demo.js';
import { loadScenarioFile, validateOptions } from './options.js';
import { validateScenario } from './scenario.js';
import { ScenarioError } from './validate.js';

/** The ScenarioError thrown by `fn`. */
function errorOf(fn: () => unknown): ScenarioError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ScenarioError) return error;
    throw error;
  }
  throw new Error('expected a ScenarioError');
}

describe('validateScenario', () => {
  it('accepts a minimal and a full scenario, returning it', () => {
    expect(validateScenario({ taskId: 't' })).toEqual({ taskId: 't' });
    const full = {
      taskId: 't',
      family: 'market',
      model: 'm',
      param: { a: 1 },
      timeline: [{ state: 'waiting' }, { state: 'paused', afterMs: 5, afterPolls: 2 }],
      resultJson: null,
      failCode: null,
      failMsg: 'x',
      costTimeMs: 10,
      visibleAfterPolls: 1,
      visibleAfterMs: 0,
      notVisibleCode: 404,
      faults: [
        { on: 1, kind: 'http', status: 429, retryAfter: '1', body: '{}', contentType: 'application/json' },
        { on: [2, 3], kind: 'html' },
        { on: { from: 4 }, kind: 'reset' },
        { on: { from: 5, to: 6 }, kind: 'hang' },
        { on: 'always', kind: 'truncated' },
        { on: 7, kind: 'envelope', code: 501, msg: 'no' },
        { on: 8, kind: 'delay', ms: 10 },
      ],
      messageKey: 'message',
      nullsWhilePending: false,
    };
    expect(validateScenario(full)).toBe(full);
  });

  it.each([
    [null, '', 'must be an object'],
    [{}, 'taskId', 'must be a string'],
    [{ taskId: '' }, 'taskId', 'must not be empty'],
    [{ taskId: 't', timline: [] }, 'timline', 'is not a known field'],
    [{ taskId: 't', family: 'sora' }, 'family', 'must be one of "market", "veo", "4o-image"'],
    [{ taskId: 't', family: 'veo', resultJson: {} }, 'resultJson', 'is for the market family'],
    [{ taskId: 't', response: {} }, 'response', 'is for the dedicated families'],
    [{ taskId: 't', family: 'veo', response: [] }, 'response', 'must be an object or null'],
    [
      { taskId: 't', family: 'veo', resultUrlsKey: 'resultUrls' },
      'resultUrlsKey',
      'is for the 4o-image family only',
    ],
    [{ taskId: 't', family: '4o-image', resultUrlsKey: 'urls' }, 'resultUrlsKey', 'must be one of'],
    [{ taskId: 't', timeFormat: 'unix' }, 'timeFormat', 'must be one of "epoch-ms", "iso", "sql"'],
    [{ taskId: 't', perTaskRateLimit: 3 }, 'perTaskRateLimit', 'must be true, false or'],
    [
      { taskId: 't', perTaskRateLimit: { maxRequests: 0, windowMs: 1000 } },
      'perTaskRateLimit.maxRequests',
      'must be an integer >= 1',
    ],
    [{ taskId: 't', param: 3 }, 'param', 'must be a string or an object'],
    [{ taskId: 't', marketShape: 'old' }, 'marketShape', 'must be one of "live", "docs"'],
    [{ taskId: 't', family: 'veo', marketShape: 'docs' }, 'marketShape', 'is for the market family only'],
    [{ taskId: 't', paramInput: 'json' }, 'paramInput', 'must be one of "string", "object"'],
    [{ taskId: 't', costTimeUnit: 's' }, 'costTimeUnit', 'must be one of "seconds", "ms"'],
    [{ taskId: 't', creditFields: 'credits' }, 'creditFields', 'must be one of'],
    [{ taskId: 't', creditsConsumed: -1 }, 'creditsConsumed', 'must be a number >= 0'],
    [{ taskId: 't', remainedCredits: 'x' }, 'remainedCredits', 'must be a number'],
    [{ taskId: 't', updateTimeFrom: 'now' }, 'updateTimeFrom', 'must be one of'],
    [{ taskId: 't', frameUrls: 1 }, 'frameUrls', 'must be one of true, false'],
    [{ taskId: 't', family: 'veo', frameUrls: true }, 'frameUrls', 'is for the market family only'],
    [{ taskId: 't', fullResultUrls: true }, 'fullResultUrls', 'is for the veo family only'],
    [{ taskId: 't', family: 'veo', fullResultUrls: [''] }, 'fullResultUrls[0]', 'must not be empty'],
    [
      { taskId: 't', family: 'veo', fullResultUrls: true, response: {} },
      'fullResultUrls',
      'cannot be combined with response',
    ],
    [{ taskId: 't', omitTaskId: true }, 'omitTaskId', 'is for the runway family only'],
    [{ taskId: 't', family: 'runway', omitTaskId: 'y' }, 'omitTaskId', 'must be one of true, false'],
    [
      { taskId: 't', timeline: [{ state: 'generating', progress: 101 }] },
      'timeline[0].progress',
      'must be a number between 0 and 100',
    ],
    [
      { taskId: 't', family: 'veo', timeline: [{ state: '0', progress: 5 }] },
      'timeline[0].progress',
      'is for the market family only',
    ],
    [{ taskId: 't', timeline: [] }, 'timeline', 'must have at least one step'],
    [{ taskId: 't', timeline: [{}] }, 'timeline[0].state', 'must be a string'],
    [
      { taskId: 't', timeline: [{ state: 's', afterMs: -1 }] },
      'timeline[0].afterMs',
      'must be a number >= 0',
    ],
    [
      { taskId: 't', timeline: [{ state: 's', afterPolls: 1.5 }] },
      'timeline[0].afterPolls',
      'must be an integer',
    ],
    [{ taskId: 't', resultJson: [] }, 'resultJson', 'must be a string, an object or null'],
    [{ taskId: 't', failCode: 500 }, 'failCode', 'must be a string'],
    [{ taskId: 't', notVisibleCode: 400 }, 'notVisibleCode', 'must be one of 404, 422'],
    [{ taskId: 't', messageKey: 'mesage' }, 'messageKey', 'must be one of'],
    [{ taskId: 't', nullsWhilePending: 'yes' }, 'nullsWhilePending', 'must be one of true, false'],
    [{ taskId: 't', faults: {} }, 'faults', 'must be an array'],
    [{ taskId: 't', faults: [{ on: 1, kind: 'boom' }] }, 'faults[0].kind', 'must be one of'],
    [{ taskId: 't', faults: [{ on: 0, kind: 'reset' }] }, 'faults[0].on', 'must be an integer >= 1'],
    [{ taskId: 't', faults: [{ on: [], kind: 'reset' }] }, 'faults[0].on', 'must not be an empty list'],
    [{ taskId: 't', faults: [{ on: [1, 'x'], kind: 'reset' }] }, 'faults[0].on[1]', 'must be an integer'],
    [
      { taskId: 't', faults: [{ on: { from: 3, to: 2 }, kind: 'reset' }] },
      'faults[0].on.to',
      'must be an integer >= 3',
    ],
    [{ taskId: 't', faults: [{ on: 'sometimes', kind: 'reset' }] }, 'faults[0].on', 'must be a poll number'],
    [{ taskId: 't', faults: [{ kind: 'reset' }] }, 'faults[0].on', 'must be a poll number'],
    [
      { taskId: 't', faults: [{ on: 1, kind: 'http' }] },
      'faults[0].status',
      'must be an integer between 100 and 599',
    ],
    [{ taskId: 't', faults: [{ on: 1, kind: 'reset', ms: 5 }] }, 'faults[0].ms', 'is not a known field'],
    [{ taskId: 't', faults: [{ on: 1, kind: 'delay' }] }, 'faults[0].ms', 'must be a number'],
    [
      { taskId: 't', faults: [{ on: 1, kind: 'envelope', code: '501' }] },
      'faults[0].code',
      'must be an integer',
    ],
  ])('rejects %j, naming %s', (input, field, problem) => {
    const error = errorOf(() => validateScenario(input));
    expect(error.field).toBe(field);
    expect(error.message).toContain(`Invalid scenario: ${field || 'value'} ${problem}`);
  });
});

describe('validateOptions', () => {
  it('accepts the demo scenario and an empty object', () => {
    expect(validateOptions({})).toEqual({});
    const full = {
      perTaskRateLimit: true,
      files: {
        'a.png': { status: 200, contentType: 'image/png', body: 'base64:AA==', headers: { etag: 'x' } },
      },
      expiredFiles: ['a.png'],
    };
    expect(validateOptions(full)).toEqual(full);
    expect(validateOptions(demoScenario()).tasks?.map((t) => t.taskId)).toEqual([
      'task_demo_success',
      'task_demo_fail',
    ]);
  });

  it.each([
    [{ tasks: [{ taskId: 'a' }, { taskId: 'b', model: '' }] }, 'tasks[1].model'],
    [{ tasks: [{ taskId: 'a' }, { taskId: 'a' }] }, 'tasks[1].taskId'],
    [{ port: 70000 }, 'port'],
    [{ apiKey: '' }, 'apiKey'],
    [{ rateLimit: { maxRequests: 0, windowMs: 10 } }, 'rateLimit.maxRequests'],
    [{ rateLimit: { maxRequests: 1 } }, 'rateLimit.windowMs'],
    [{ unknownTask: 'ignore' }, 'unknownTask'],
    [{ createdTaskScenario: { taskId: 'x' } }, 'createdTaskScenario.taskId'],
    [{ createdTaskScenario: { timeline: [{ state: 1 }] } }, 'createdTaskScenario.timeline[0].state'],
    [{ onRequest: 'log' }, 'onRequest'],
    [{ task: [] }, 'task'],
    [{ perTaskRateLimit: 'yes' }, 'perTaskRateLimit'],
    [{ files: [] }, 'files'],
    [{ files: { '../x': {} } }, 'files.../x'],
    [{ files: { 'fresh/a.png': {} } }, 'files.fresh/a.png'],
    [{ files: { 'a.png': { status: 99 } } }, 'files.a.png.status'],
    [{ files: { 'a.png': { size: 1 } } }, 'files.a.png.size'],
    [{ files: { 'a.png': { body: 'x', sizeBytes: 1 } } }, 'files.a.png.sizeBytes'],
    [{ files: { 'a.png': { headers: { etag: 1 } } } }, 'files.a.png.headers.etag'],
    [{ files: { 'a.png': { stallAfterBytes: -1 } } }, 'files.a.png.stallAfterBytes'],
    [{ expiredFiles: 'a.png' }, 'expiredFiles'],
    [{ expiredFiles: ['a.png', ''] }, 'expiredFiles[1]'],
  ])('rejects %j, naming %s', (input, field) => {
    expect(errorOf(() => validateOptions(input)).field).toBe(field);
  });
});

describe('loadScenarioFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kie-testkit-'));
  const write = (name: string, text: string): string => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it('reads options from JSON', () => {
    const path = write('ok.json', JSON.stringify({ tasks: [{ taskId: 't1' }], credits: 5 }));
    expect(loadScenarioFile(path)).toEqual({ tasks: [{ taskId: 't1' }], credits: 5 });
  });

  it('names the file and the field when invalid', () => {
    const path = write(
      'bad.json',
      JSON.stringify({ tasks: [{ taskId: 't1', timeline: [{ state: 's', afterMs: 'x' }] }] }),
    );
    expect(() => loadScenarioFile(path)).toThrow(`${path}: Invalid scenario: tasks[0].timeline[0].afterMs`);
  });

  it('says when the file is not JSON', () => {
    const path = write('broken.json', '{ tasks: ');
    expect(() => loadScenarioFile(path)).toThrow(`Scenario file ${path} is not valid JSON`);
  });
});
