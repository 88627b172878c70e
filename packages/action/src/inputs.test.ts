import { join, resolve } from 'node:path';
import { CREATABLE_FAMILY_NAMES, FAMILY_NAMES } from '@kie-task/core';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { InputError, inputNeedsYaml, readInputs, type GetInput } from './inputs.js';

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
const WORKSPACE = resolve('/home/runner/work/repo/repo');
const error = (over: Record<string, string>): string => {
  try {
    readInputs(inputs(over), { workspace: WORKSPACE });
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
      create: null,
      apiKey: KEY,
      family: 'market',
      baseUrl: 'https://api.kie.ai',
      timeoutMs: 1_800_000,
      pollInterval: 'auto',
      maxRequestsPerSecond: null,
      failOnError: true,
      summary: true,
      showPrompt: true,
      download: null,
      comment: null,
    });
  });

  it('accepts every family of the core, and auto', () => {
    for (const family of [...FAMILY_NAMES, 'auto'])
      expect(readInputs(inputs({ family })).family).toBe(family);
    expect(readInputs(inputs({ family: 'VEO' })).family).toBe('veo');
  });

  it('refuses an unknown family, naming every accepted value', () => {
    const message = error({ family: 'sora' });
    expect(message).toMatch(/^Invalid family input "sora": use one of market, veo, runway, suno, /);
    for (const family of [...FAMILY_NAMES, 'auto']) expect(message).toContain(family);
  });

  it('reads the download inputs only when download is on, relative to the workspace', () => {
    expect(readInputs(inputs({ 'download-dir': '../x', 'max-download-size': 'huge' })).download).toBeNull();
    expect(readInputs(inputs({ download: 'true' }), { workspace: WORKSPACE }).download).toEqual({
      dir: join(WORKSPACE, 'kie-results'),
      workspace: WORKSPACE,
      maxBytes: 500_000_000,
    });
    const custom = readInputs(
      inputs({ download: 'true', 'download-dir': 'out/../media/', 'max-download-size': '1.5GiB' }),
      { workspace: WORKSPACE },
    ).download;
    expect(custom).toMatchObject({ dir: join(WORKSPACE, 'media'), maxBytes: Math.floor(1.5 * 1024 ** 3) });
    const absolute = join(WORKSPACE, 'abs');
    expect(
      readInputs(inputs({ download: 'true', 'download-dir': absolute }), { workspace: WORKSPACE }).download
        ?.dir,
    ).toBe(absolute);
  });

  it('refuses a download-dir outside the workspace, or the workspace itself', () => {
    const on = { download: 'true' };
    for (const dir of [
      '../x',
      'a/../../x',
      '..',
      resolve('/tmp/elsewhere'),
      resolve(WORKSPACE, '..', 'repo2'),
    ]) {
      expect(error({ ...on, 'download-dir': dir })).toMatch(
        /^Invalid download-dir input ".*": it resolves outside the workspace\. Use a folder inside the workspace/,
      );
    }
    expect(error({ ...on, 'download-dir': '.' })).toMatch(/it is the workspace itself/);
    expect(error({ ...on, 'download-dir': 'a/..' })).toMatch(/it is the workspace itself/);
    // A folder whose name merely starts with two dots is inside.
    expect(
      readInputs(inputs({ ...on, 'download-dir': '..media' }), { workspace: WORKSPACE }).download?.dir,
    ).toBe(join(WORKSPACE, '..media'));
    expect(() => readInputs(inputs(on))).toThrow(/GITHUB_WORKSPACE is not set/);
  });

  it('refuses a bad max-download-size, naming the forms', () => {
    expect(error({ download: 'true', 'max-download-size': '10 parsecs' })).toMatch(
      /^Invalid max-download-size input "10 parsecs": use a number of bytes .* such as 200kB, 500MB, 1\.5GB or 1GiB/,
    );
    expect(error({ download: 'true', 'max-download-size': '0' })).toMatch(/^Invalid max-download-size/);
    expect(error({ download: 'maybe' })).toBe('Invalid download input "maybe": use true or false.');
  });

  it('reads max-requests-per-second as a positive number; empty means adaptive', () => {
    const rate = (value: string): number | null =>
      readInputs(inputs({ 'max-requests-per-second': value })).maxRequestsPerSecond;
    expect(rate('')).toBeNull();
    expect(rate('2')).toBe(2);
    expect(rate(' 0.5 ')).toBe(0.5);
    expect(rate('.25')).toBe(0.25);
    for (const bad of ['0', '-1', 'fast', '2/s', '1e3', 'Infinity', 'NaN', '0.0']) {
      expect(error({ 'max-requests-per-second': bad })).toBe(
        `Invalid max-requests-per-second input "${bad}": use a positive number of status requests per second, ` +
          'such as 2 or 0.5 (matrix legs sharing one API key: divide its budget by the number of legs), ' +
          "or leave it empty to adapt to kie.ai's limit.",
      );
    }
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
      'Invalid timeout input "10x": use 500ms, 90s, 15m (or 15min, 15 minutes), 1h, 1h30m, or a number of seconds.',
    );
    expect(error({ 'poll-interval': 'fast' })).toBe(
      'Invalid poll-interval input "fast": use auto, or 500ms, 90s, 15m (or 15min, 15 minutes), 1h, 1h30m, or a number of seconds.',
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
      /^Invalid base-url input "http:\/\/api.kie.ai": it must use https/,
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

describe('readInputs: model, input, callback-url', () => {
  const create = (over: Record<string, string>) =>
    readInputs(inputs({ 'task-id': '', model: 'google/imagen4-fast', ...over }), {}, { parseYaml }).create;
  const createError = (over: Record<string, string>): string => {
    try {
      create(over);
    } catch (e) {
      expect(e).toBeInstanceOf(InputError);
      return (e as Error).message;
    }
    throw new Error('expected an InputError');
  };

  it('a JSON mapping is one task; a list of mappings one task each, in order', () => {
    expect(create({ input: '{"prompt":"a cat"}' })).toEqual({
      family: 'market',
      model: 'google/imagen4-fast',
      inputs: [{ prompt: 'a cat' }],
      callBackUrl: undefined,
      rerun: { onRerun: 'reattach', key: '' },
    });
    expect(create({ input: '[{"prompt":"a"},{"prompt":"b"}]' })?.inputs).toEqual([
      { prompt: 'a' },
      { prompt: 'b' },
    ]);
  });

  it('on-rerun is reattach (default) or create; rerun-key is trimmed, at most 512 characters, and needs model', () => {
    expect(create({ input: '{}', 'on-rerun': 'CREATE', 'rerun-key': ' leg-1 ' })?.rerun).toEqual({
      onRerun: 'create',
      key: 'leg-1',
    });
    expect(createError({ input: '{}', 'on-rerun': 'retry' })).toMatch(
      /^Invalid on-rerun input "retry": use reattach/,
    );
    expect(create({ input: '{}', 'rerun-key': 'a,b'.repeat(170) })?.rerun.key).toHaveLength(510);
    expect(createError({ input: '{}', 'rerun-key': 'x'.repeat(513) })).toMatch(
      /^Invalid rerun-key input .*at most 512/,
    );
    expect(() => readInputs(inputs({ 'task-id': 'abc123', 'rerun-key': 'k' }))).toThrow(
      'The rerun-key input needs model',
    );
  });

  it('reads YAML when the input is not JSON', () => {
    expect(create({ input: 'prompt: a cat\naspect_ratio: "1:1"' })?.inputs).toEqual([
      { prompt: 'a cat', aspect_ratio: '1:1' },
    ]);
    expect(create({ input: '- prompt: a\n- prompt: b\n  n: 2' })?.inputs).toEqual([
      { prompt: 'a' },
      { prompt: 'b', n: 2 },
    ]);
    expect(inputNeedsYaml('{"a":1}')).toBe(false);
    expect(inputNeedsYaml('a: 1')).toBe(true);
    expect(inputNeedsYaml('')).toBe(false);
  });

  it('exactly one of task-id and model, the message naming both', () => {
    expect(createError({ 'task-id': 'task_1', input: '{}' })).toMatch(/^Both task-id and model are given/);
    expect(error({ 'task-id': '', model: '' })).toMatch(/^Missing task-id or model input/);
    expect(error({ input: '{"prompt":"x"}' })).toMatch(
      /input input needs model \(market\) or a family that can/,
    );
    expect(error({ 'callback-url': 'https://x.example' })).toMatch(/callback-url input needs model/);
    expect(error({ family: 'suno-lyrics', input: '{"prompt":"x"}' })).toMatch(/input input needs model/);
  });

  it('input that is not a mapping or a list of mappings names input and where it went wrong', () => {
    expect(createError({ input: '' })).toMatch(/^Missing input input/);
    expect(createError({ input: '"a cat"' })).toMatch(/^Invalid input input: .*got a string/);
    expect(createError({ input: '42' })).toMatch(/got a number/);
    expect(createError({ input: '[]' })).toMatch(/list is empty/);
    expect(createError({ input: '[{"a":1}, "b"]' })).toMatch(/item 2 of the list \(input\[1\]\) is a string/);
    expect(createError({ input: '- a: 1\n- [2]' })).toMatch(/input\[1\]\) is a list/);
    expect(createError({ input: 'a: [1,\nb: {' })).toMatch(
      /^Invalid input input: neither JSON nor YAML\. .*line/,
    );
    expect(createError({ input: 'a: 1\na: 2' })).toMatch(/^Invalid input input: neither JSON nor YAML/);
  });

  it('model is for market models only: with another family the message says which form to use', () => {
    expect(createError({ family: 'veo', input: '{}' })).toMatch(
      /^The model input is for market models \(jobs\/createTask\), not family veo\. To create a veo task, leave model empty and pass the family's whole request body as input/,
    );
    expect(createError({ family: 'auto', input: '{}' })).toMatch(
      /not family auto\. Tasks can be created in: market, veo/,
    );
  });

  it('family + input creates in that family, the input being its request body; a list creates several', () => {
    for (const family of CREATABLE_FAMILY_NAMES.filter((name) => name !== 'market')) {
      expect(readInputs(inputs({ family, input: '{"prompt":"a"}', 'task-id': '' })).create).toEqual({
        family,
        model: null,
        inputs: [{ prompt: 'a' }],
        callBackUrl: undefined,
        rerun: { onRerun: 'reattach', key: '' },
      });
    }
    const many = readInputs(
      inputs({
        family: 'suno',
        input: '[{"prompt":"a"},{"prompt":"b"}]',
        'task-id': '',
        'callback-url': 'https://h.test/x',
      }),
    );
    expect(many.create).toMatchObject({
      family: 'suno',
      inputs: [{ prompt: 'a' }, { prompt: 'b' }],
      callBackUrl: 'https://h.test/x',
    });
    expect(many.family).toBe('suno');
    expect(error({ family: 'veo', input: '{"prompt":"a"}' })).toMatch(/^Both task-id and input are given/);
  });

  it('a bad model or callback-url is refused', () => {
    expect(createError({ model: 'a b', input: '{}' })).toMatch(/^Invalid model input "a b"/);
    expect(createError({ input: '{}', 'callback-url': 'ftp://x' })).toMatch(/^Invalid callback-url input/);
    expect(create({ input: '{}', 'callback-url': 'https://hooks.example/kie' })?.callBackUrl).toBe(
      'https://hooks.example/kie',
    );
  });

  it('a callback-url with a control character is refused on its raw text, naming the character', () => {
    // `new URL` strips tabs and line breaks, so a URL check alone accepts these.
    expect(createError({ input: '{}', 'callback-url': 'https://hooks.exa\tmple/kie' })).toBe(
      'Invalid callback-url input: it contains a tab (U+0009) at position 18. Pass the URL on one line, with no ' +
        'tabs or control characters (check the secret or expression it comes from).',
    );
    expect(createError({ input: '{}', 'callback-url': 'https://hooks.example/\nkie' })).toMatch(
      /contains a line break \(LF\) \(U\+000A\) at position 23/,
    );
    expect(createError({ input: '{}', 'callback-url': 'https://hooks.example/k\u0085ie' })).toMatch(
      /contains a control character \(U\+0085\)/,
    );
  });
});
