// kie.ai as it really answers (kie-api.md §13): one test per fact, through parseTaskResponse and parseCallback.
import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { parseCallback } from './callback.js';
import { summarizeRecord } from './presentation.js';
import { parseTaskResponse } from './record.js';

describe('market records as the live API sends them', () => {
  const live = parseTaskResponse(fixture('market-live-success.json'));

  it('decodes param.input, a JSON string inside the param JSON string', () => {
    expect(live.param).toEqual({
      model: 'z-image',
      input: { aspect_ratio: '1:1', prompt: 'A lighthouse at dusk, oil painting' },
    });
    // The raw string stays as sent, for the `param` output.
    expect(typeof live.raw.param).toBe('string');
  });

  it('still reads the older shape, with input as an object', () => {
    const older = parseTaskResponse(fixture('market-older-callback-consume-credits.json'));
    expect(older.param).toEqual({ model: 'google/imagen4-fast', input: { prompt: 'A castle' } });
  });

  it('keeps an input string that is not JSON as it is, with a warning', () => {
    const body = fixture('market-live-success.json');
    body.data.param = JSON.stringify({ model: 'z-image', input: 'not json {' });
    const record = parseTaskResponse(body);
    expect(record.param).toEqual({ model: 'z-image', input: 'not json {' });
    expect(record.warnings.join('\n')).toContain('data.param.input is not valid JSON');
  });

  it('reads costTime as seconds, never as milliseconds', () => {
    expect(live.costTimeSeconds).toBe(6);
    expect(summarizeRecord(live).costTimeSeconds).toBe(6);
    // The task's duration comes from the timestamps: 6.2 s here.
    expect(summarizeRecord(live).durationMs).toBe(6_200);
  });

  it('reads creditsConsumed, and the older consumeCredits', () => {
    expect(live.creditsConsumed).toBe(0.8);
    expect(summarizeRecord(live).creditsConsumed).toBe(0.8);
    expect(parseTaskResponse(fixture('market-older-callback-consume-credits.json')).creditsConsumed).toBe(
      5.5,
    );
  });

  it('ignores an unusable credits or progress value with a warning instead of failing the record', () => {
    const body = fixture('market-live-success.json');
    body.data.creditsConsumed = 'lots';
    body.data.progress = 250;
    const record = parseTaskResponse(body);
    expect(record.status).toBe('success');
    expect(record.creditsConsumed).toBeNull();
    expect(record.progress).toBeNull();
    expect(record.warnings.join('\n')).toMatch(/creditsConsumed is not a usable number/);
  });

  it('treats null fail fields on a success and "" resultJson while pending as absent', () => {
    expect(live.failCode).toBeNull();
    expect(live.failMsg).toBeNull();
    const pending = parseTaskResponse(fixture('market-live-generating-progress.json'));
    expect(pending).toMatchObject({ status: 'pending', result: null, resultUrls: [], warnings: [] });
  });

  it('reads sora2 progress (0–100) while generating', () => {
    const pending = parseTaskResponse(fixture('market-live-generating-progress.json'));
    expect(pending.progress).toBe(35);
    expect(summarizeRecord(pending).progress).toBe(35);
    expect(live.progress).toBeNull();
  });

  it('does not take updateTime for a completion time', () => {
    // Real bodies repeat createTime in updateTime; completeTime is the only completion time.
    expect(live.updateTime?.getTime()).toBe(live.createTime?.getTime());
    expect(live.completeTime?.toISOString()).toBe('2025-12-01T09:20:06.200Z');
  });

  it('is not mistaken for another family although it carries successFlag and response', () => {
    expect(live).toMatchObject({ family: 'market', state: 'success', status: 'success' });
    expect(live.resultUrls).toEqual(['https://tempfile.aiquickdraw.com/z/5d0c2a.png']);
  });

  it('keeps frame URLs sent as arrays in result, not in resultUrls', () => {
    const body = fixture('market-live-success.json');
    body.data.resultJson = JSON.stringify({
      resultUrls: ['https://tempfile.aiquickdraw.com/v/a.mp4'],
      firstFrameUrl: ['https://tempfile.aiquickdraw.com/v/a-first.jpg'],
      lastFrameUrl: ['https://tempfile.aiquickdraw.com/v/a-last.jpg'],
    });
    const record = parseTaskResponse(body);
    expect(record.resultUrls).toEqual(['https://tempfile.aiquickdraw.com/v/a.mp4']);
    expect(record.result?.firstFrameUrl).toEqual(['https://tempfile.aiquickdraw.com/v/a-first.jpg']);
  });
});

describe('market callbacks as the live API sends them', () => {
  it('decode the double-encoded param and carry creditsConsumed', () => {
    const record = parseCallback(fixture('market-live-callback.json'));
    expect(record).toMatchObject({
      status: 'success',
      creditsConsumed: 4,
      costTimeSeconds: 14,
      param: { model: 'nano-banana-2-lite', input: { prompt: 'A red fox' } },
    });
  });
});
