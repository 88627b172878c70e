import { describe, expect, it } from 'vitest';
import { fixture } from '../test/fixtures.js';
import { parseCallback } from './callback.js';
import { KieParseError } from './errors.js';

const F = 'https://tempfile.aiquickdraw.com';

describe('parseCallback', () => {
  it('reads a market callback like a status response', () => {
    const ok = parseCallback(fixture('market-success-doc.json'));
    expect(ok).toMatchObject({
      taskId: 'task_12345678',
      status: 'success',
      family: 'market',
      callbackType: null,
    });
    const failed = parseCallback(JSON.stringify(fixture('market-fail-callback.json')));
    expect(failed).toMatchObject({ status: 'failed', failCode: '500', failMsg: 'Internal server error' });
  });

  it('finds the task ID in data.taskId, data.task_id or the root taskId', () => {
    const veo = parseCallback(
      { code: 200, msg: 'ok', data: { taskId: 'a', info: { resultUrls: [`${F}/1.mp4`] } } },
      { family: 'veo' },
    );
    expect(veo).toMatchObject({ taskId: 'a', status: 'success', resultUrls: [`${F}/1.mp4`] });
    const runway = parseCallback(
      {
        code: 200,
        msg: 'ok',
        data: { task_id: 'b', video_id: 'v', video_url: `${F}/r.mp4`, image_url: `${F}/r.jpg` },
      },
      { family: 'runway' },
    );
    expect(runway).toMatchObject({ taskId: 'b', resultUrls: [`${F}/r.mp4`] });
    const aleph = parseCallback(
      {
        code: 200,
        msg: 'ok',
        taskId: 'c',
        data: { result_video_url: `${F}/a.mp4`, result_image_url: `${F}/a.png` },
      },
      { family: 'aleph' },
    );
    expect(aleph).toMatchObject({ taskId: 'c', resultUrls: [`${F}/a.mp4`] });
  });

  it('reads 4o, Flux and Midjourney result shapes', () => {
    expect(
      parseCallback(
        { code: 200, data: { taskId: 'x', info: { result_urls: [`${F}/4o.png`] } } },
        { family: '4o-image' },
      ).resultUrls,
    ).toEqual([`${F}/4o.png`]);
    expect(
      parseCallback(
        {
          code: 200,
          data: { taskId: 'x', info: { originImageUrl: `${F}/in.png`, resultImageUrl: `${F}/out.png` } },
        },
        { family: 'flux-kontext' },
      ).resultUrls,
    ).toEqual([`${F}/out.png`]);
    expect(
      parseCallback(
        { code: 200, data: { taskId: 'x', promptJson: '{}', resultUrls: [`${F}/mj.png`] } },
        { family: 'midjourney' },
      ).resultUrls,
    ).toEqual([`${F}/mj.png`]);
  });

  it("follows Suno's several callbacks per task", () => {
    const track = { id: 'm1', audio_url: `${F}/1.mp3`, stream_audio_url: `${F}/1s`, image_url: `${F}/1.jpg` };
    const body = (callbackType: string, data: unknown[]) => ({
      code: 200,
      msg: 'ok',
      data: { callbackType, task_id: 's1', data },
    });
    expect(parseCallback(body('text', []), { family: 'suno' })).toMatchObject({
      status: 'pending',
      state: 'text',
      callbackType: 'text',
    });
    expect(parseCallback(body('first', [track]), { family: 'suno' })).toMatchObject({
      status: 'pending',
      resultUrls: [],
    });
    expect(
      parseCallback(body('complete', [track, { ...track, audio_url: `${F}/2.mp3` }]), { family: 'suno' }),
    ).toMatchObject({
      status: 'success',
      resultUrls: [`${F}/1.mp3`, `${F}/2.mp3`],
    });
    expect(
      parseCallback(
        { code: 400, msg: 'sensitive word', data: { callbackType: 'error', task_id: 's1' } },
        { family: 'suno' },
      ),
    ).toMatchObject({
      status: 'failed',
      failCode: '400',
      failMsg: 'sensitive word',
    });
  });

  it('reads any non-200 code of a dedicated family as a failed generation', () => {
    expect(
      parseCallback(
        { code: 501, msg: 'Generation failed', data: { taskId: 'v', info: null } },
        { family: 'veo' },
      ),
    ).toMatchObject({
      status: 'failed',
      failCode: '501',
      failMsg: 'Generation failed',
      resultUrls: [],
    });
  });

  it('throws KieParseError without a task ID, for non-objects and for unknown families', () => {
    expect(() => parseCallback({ code: 200, data: {} }, { family: 'veo' })).toThrow(KieParseError);
    expect(() => parseCallback('[1]')).toThrow(KieParseError);
    expect(() => parseCallback('{', { family: 'veo' })).toThrow(KieParseError);
    expect(() => parseCallback({ code: 200, data: { taskId: 'x' } }, { family: 'nope' })).toThrow(
      /Use one of/,
    );
  });
});
