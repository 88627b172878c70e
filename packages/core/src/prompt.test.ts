import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { promptOf } from './prompt.js';
import { parseTaskResponse } from './record.js';
import type { TaskRecord } from './types.js';

const withParam = (param: TaskRecord['param']): TaskRecord => ({
  ...parseTaskResponse(fixture('market-success-doc.json')),
  param,
});

describe('promptOf', () => {
  it('reads param.prompt or param.input.prompt, nothing else', () => {
    expect(promptOf(withParam({ prompt: 'p' }))).toBe('p');
    expect(promptOf(withParam({ input: { prompt: 'q' } }))).toBe('q');
    expect(promptOf(withParam({ callBackUrl: 'https://x', input: { image_url: 'https://y' } }))).toBeNull();
    expect(promptOf(withParam({ prompt: 3 }))).toBeNull();
    expect(promptOf(withParam(null))).toBeNull();
    expect(promptOf(null)).toBeNull();
  });

  it('finds the prompt of a real market body, whose param.input is a JSON string inside the param JSON string', () => {
    expect(promptOf(parseTaskResponse(fixture('market-live-success.json')))).toBe(
      'A lighthouse at dusk, oil painting',
    );
    expect(promptOf(parseTaskResponse(fixture('market-live-generating-progress.json')))).toBe(
      'A paper boat\nsails on a puddle',
    );
  });
});
