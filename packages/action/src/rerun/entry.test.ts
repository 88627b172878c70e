import { describe, expect, it } from 'vitest';
import {
  decodeEntry,
  encodeEntry,
  entryKey,
  entryPath,
  keyPrefix,
  stepKey,
  type StepIdentity,
} from './entry.js';
import { readRerunSite, type RerunSite } from './site.js';

const site: RerunSite = {
  runId: '1658821493',
  attempt: 2,
  job: 'generate',
  step: 'gen',
  tempDir: '/home/runner/work/_temp',
  cacheMode: '',
};
const step: StepIdentity = {
  family: 'market',
  model: 'google/imagen4-fast',
  inputs: [{ prompt: 'a cat' }],
  callBackUrl: undefined,
  rerunKey: '',
};

describe('readRerunSite', () => {
  it("reads the runner's variables; null outside a runner", () => {
    expect(
      readRerunSite({
        GITHUB_RUN_ID: '7',
        GITHUB_RUN_ATTEMPT: '3',
        GITHUB_JOB: 'j',
        GITHUB_ACTION: 's',
        RUNNER_TEMP: '/t',
        ACTIONS_CACHE_MODE: 'read',
      }),
    ).toEqual({ runId: '7', attempt: 3, job: 'j', step: 's', tempDir: '/t', cacheMode: 'read' });
    expect(readRerunSite({})).toBeNull();
    expect(readRerunSite({ GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: 'x', RUNNER_TEMP: '/t' })).toBeNull();
    expect(readRerunSite({ GITHUB_RUN_ID: '7', GITHUB_RUN_ATTEMPT: '1' })).toBeNull();
  });
});

describe('keys', () => {
  it('the default step key is the step id and a hash of family, model, input and callback URL', () => {
    const key = stepKey(site, step);
    expect(key).toMatch(/^gen:[0-9a-f]{32}$/);
    expect(stepKey(site, { ...step, inputs: [{ prompt: 'a dog' }] })).not.toBe(key);
    expect(stepKey(site, { ...step, callBackUrl: 'https://hooks.example/x' })).not.toBe(key);
    expect(stepKey(site, { ...step, model: 'other' })).not.toBe(key);
    expect(stepKey({ ...site, step: 'gen2' }, step)).not.toBe(key);
    expect(stepKey(site, { ...step, rerunKey: 'leg-1' })).toBe('leg-1');
  });

  it('the prefix names the run, hashes job and step key, and is a valid @actions/cache key whatever they hold', () => {
    const prefix = keyPrefix(site, 'gen:abc');
    expect(prefix).toMatch(/^kie-task-rerun-1658821493-[0-9a-f]{32}-$/);
    expect(keyPrefix({ ...site, job: 'other' }, 'gen:abc')).not.toBe(prefix);
    expect(keyPrefix({ ...site, runId: '1658821494' }, 'gen:abc')).not.toBe(prefix);
    const odd = keyPrefix({ ...site, runId: '1,2'.repeat(100) }, 'a,b'.repeat(1000));
    expect(odd).not.toContain(',');
    expect(entryKey(odd, 99, 99).length).toBeLessThanOrEqual(512);
    // One step's prefix is never the start of another's (restore keys match by prefix).
    expect(keyPrefix(site, 'a').startsWith(keyPrefix(site, 'ab'))).toBe(false);
    expect(entryKey(prefix, 2, 3)).toBe(`${prefix}2-3`);
  });

  it('the file is the same absolute path on every attempt, under RUNNER_TEMP', () => {
    const prefix = keyPrefix(site, 'k');
    expect(entryPath(site, prefix)).toBe(entryPath({ ...site, attempt: 5 }, prefix));
    expect(entryPath({ ...site, tempDir: '/t/' }, prefix)).toMatch(
      /^\/t\/kie-task-rerun\/[0-9a-f]{16}\.json$/,
    );
  });
});

describe('entries', () => {
  it('round-trip: task IDs in input order, null for an item not created', () => {
    const entry = { attempt: 1, tasks: ['task_1', null, 'task_3'] };
    expect(decodeEntry(encodeEntry(entry), 3)).toEqual(entry);
    expect(encodeEntry(entry)).toBe(
      '{"format":"kie-task-rerun/1","attempt":1,"tasks":["task_1",null,"task_3"]}\n',
    );
  });

  it.each([
    ['not JSON', 'nope'],
    ['another format', '{"format":"x","attempt":1,"tasks":["a","b"]}'],
    ['another count of items', '{"format":"kie-task-rerun/1","attempt":1,"tasks":["a"]}'],
    [
      'an ID that is not a task ID',
      '{"format":"kie-task-rerun/1","attempt":1,"tasks":["a","::set-output x"]}',
    ],
    ['a bad attempt', '{"format":"kie-task-rerun/1","attempt":0,"tasks":["a","b"]}'],
    [
      'too large',
      `{"format":"kie-task-rerun/1","attempt":1,"tasks":["a","b"],"pad":"${'x'.repeat(70_000)}"}`,
    ],
  ])('refuses %s', (_, text) => {
    expect(decodeEntry(text, 2)).toBeNull();
  });
});
