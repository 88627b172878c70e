// Suno music and lyrics records: GET /api/v1/generate/record-info and /api/v1/lyrics/record-info
// (docs.kie.ai/suno-api/get-music-details, …/get-lyrics-details). String `status`; the documented limit is
// 3 status queries per second per task (see the `perTaskRateLimit` option).
import { errorFields, fileUrl, payload, time } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/** How far a Suno music task has got: lyrics only, first track streaming, or all tracks done. */
type Progress = 'text' | 'first' | 'all';

/** The default two tracks at a given progress. */
function tracks(s: TaskSnapshot, progress: Progress): Record<string, unknown>[] {
  return [0, 1].map((i) => {
    const all = progress === 'all';
    const streaming = all || (progress === 'first' && i === 0);
    return {
      id: `${s.taskId}-track-${i}`,
      audioUrl: all ? fileUrl(s, i, 'mp3') : '',
      streamAudioUrl: streaming ? fileUrl(s, `${i}-stream`, 'mp3') : '',
      imageUrl: streaming ? fileUrl(s, i, 'png') : '',
      prompt: '[Verse]\nTest lyrics for a fake song',
      modelName: 'chirp-v4',
      title: `Test Song ${i + 1}`,
      tags: 'test, fake',
      createTime: time(s, s.createTime),
      duration: all ? 120.5 : null,
    };
  });
}

/**
 * Suno music: `status` PENDING, TEXT_SUCCESS (two tracks, no URLs yet), FIRST_SUCCESS (first track has
 * streamAudioUrl and imageUrl only) are pending; SUCCESS; CALLBACK_EXCEPTION (results and error fields);
 * CREATE_TASK_FAILED, GENERATE_AUDIO_FAILED, SENSITIVE_WORD_ERROR failed.
 */
export const suno: FamilyRenderer = {
  family: 'suno',
  statusPath: '/api/v1/generate/record-info',
  states: {
    pending: ['PENDING', 'TEXT_SUCCESS', 'FIRST_SUCCESS'],
    success: ['SUCCESS'],
    fail: ['CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED', 'SENSITIVE_WORD_ERROR'],
    callbackFail: ['CALLBACK_EXCEPTION'],
  },
  defaultTimeline: [{ state: 'SUCCESS' }],
  timeFormat: 'sql',
  render(s: TaskSnapshot): Record<string, unknown> {
    const partial: Progress | undefined =
      s.state === 'TEXT_SUCCESS' ? 'text' : s.state === 'FIRST_SUCCESS' ? 'first' : undefined;
    return {
      taskId: s.taskId,
      parentMusicId: '',
      param: s.param,
      response:
        partial === undefined
          ? payload(s, () => ({ taskId: s.taskId, sunoData: tracks(s, 'all') }))
          : { taskId: s.taskId, sunoData: tracks(s, partial) },
      status: s.state,
      type: 'chirp-v4',
      operationType: 'generate',
      ...errorFields(s),
    };
  },
};

/**
 * Suno lyrics: `status` PENDING; SUCCESS; CALLBACK_EXCEPTION (results and error fields); CREATE_TASK_FAILED,
 * GENERATE_LYRICS_FAILED, SENSITIVE_WORD_ERROR failed. Results are text, no URLs.
 */
export const sunoLyrics: FamilyRenderer = {
  family: 'suno-lyrics',
  statusPath: '/api/v1/lyrics/record-info',
  states: {
    pending: ['PENDING'],
    success: ['SUCCESS'],
    fail: ['CREATE_TASK_FAILED', 'GENERATE_LYRICS_FAILED', 'SENSITIVE_WORD_ERROR'],
    callbackFail: ['CALLBACK_EXCEPTION'],
  },
  defaultTimeline: [{ state: 'SUCCESS' }],
  timeFormat: 'sql',
  render(s: TaskSnapshot): Record<string, unknown> {
    return {
      taskId: s.taskId,
      param: s.param,
      response: payload(s, () => ({
        taskId: s.taskId,
        lyricsData: [1, 2].map((n) => ({
          text: `[Verse]\nTest lyrics, take ${n}\n[Chorus]\nLa la la`,
          title: `Test Lyrics ${n}`,
          status: 'complete',
          errorMessage: '',
        })),
      })),
      status: s.state,
      type: 'LYRICS',
      ...errorFields(s),
    };
  },
};
