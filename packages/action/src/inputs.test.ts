import { describe, expect, it } from 'vitest';
import { InputError, readInputs, type GetInput } from './inputs.js';

const KEY = 'sk-unit-SECRET-0123456789';
const DEFAULTS: Record<string, string> = {
  'task-id': 'task_1',
  'api-key': KEY,
  'base-url': 'https://api.kie.ai',
  timeout: '30m',
  'poll-interval': 'auto',
  'fail-on-error': 'true',
  summary: 'true',
};
const inputs =
  (over: Record<string, string> = {}): GetInput =>
  (name) =>
    ({ ...DEFAULTS, ...over })[name] ?? '';
const error = (over: Record<string, string>): string => {
  try {
    readInputs(inputs(over));
  } catch (e) {
    expect(e).toBeInstanceOf(InputError);
    return (e as Error).message;
  }
  throw new Error('expected an InputError');
};

describe('readInputs', () => {
  it('reads the defaults', () => {
    expect(readInputs(inputs())).toEqual({
      taskIds: ['task_1'],
      apiKey: KEY,
      baseUrl: 'https://api.kie.ai',
      timeoutMs: 1_800_000,
      pollInterval: 'auto',
      failOnError: true,
      summary: true,
      comment: null,
    });
  });

  it('splits task IDs on newlines, commas and spaces, keeping input order', () => {
    const ids = readInputs(inputs({ 'task-id': ' b1, a2\n\nc3  d4,\r\ne5 ' })).taskIds;
    expect(ids).toEqual(['b1', 'a2', 'c3', 'd4', 'e5']);
  });

  it('accepts a fixed poll interval, loopback http and YAML booleans', () => {
    const read = readInputs(
      inputs({
        'poll-interval': '10s',
        'base-url': 'http://127.0.0.1:8080/',
        'fail-on-error': 'False',
        summary: 'TRUE',
      }),
    );
    expect(read).toMatchObject({
      pollInterval: 10_000,
      baseUrl: 'http://127.0.0.1:8080',
      failOnError: false,
      summary: true,
    });
  });

  it('names the input and the accepted forms', () => {
    expect(error({ timeout: '10x' })).toBe(
      'Invalid timeout input "10x": use 500ms, 90s, 15m, 1h, 1h30m, or a number of seconds.',
    );
    expect(error({ 'poll-interval': 'fast' })).toBe(
      'Invalid poll-interval input "fast": use auto, or 500ms, 90s, 15m, 1h, 1h30m, or a number of seconds.',
    );
    expect(error({ 'fail-on-error': 'yes' })).toBe('Invalid fail-on-error input "yes": use true or false.');
    expect(error({ summary: '' })).toBe('Invalid summary input "": use true or false.');
    expect(error({ 'task-id': ' , \n' })).toMatch(/^Missing task-id input: .*newlines, commas or spaces/);
    expect(error({ 'task-id': 'a,b,a' })).toBe(
      'Invalid task-id input: "a" is listed twice; list each task ID once.',
    );
    expect(error({ 'task-id': 'a<b>' })).toMatch(/^Invalid task-id input "a<b>"/);
    expect(error({ 'api-key': '' })).toMatch(/^Missing api-key input/);
  });

  it('refuses plain http except on loopback, and never echoes credentials', () => {
    expect(error({ 'base-url': 'http://api.kie.ai' })).toMatch(
      /^Invalid base-url input "http:\/\/api.kie.ai": use https/,
    );
    expect(error({ 'base-url': 'not a url' })).toMatch(/absolute URL/);
    const message = error({ 'base-url': 'http://user:hunter2@example.com' });
    expect(message).not.toContain('hunter2');
    expect(error({ 'base-url': 'https://user:hunter2@example.com' })).not.toContain('hunter2');
  });

  it('never repeats the API key in an error', () => {
    const message = error({ 'api-key': `${KEY} extra` });
    expect(message).toMatch(/whitespace/);
    expect(message).not.toContain(KEY);
  });
});
