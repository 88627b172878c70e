// Suno's follow-up tools, each with its own record-info path (docs.kie.ai/suno-api/get-wav-details,
// …/get-vocal-separation-details, …/get-music-video-details, …/get-midi-details, …/get-cover-details).
// WAV, vocal removal and MP4 use a STRING `successFlag`; MIDI and cover use an integer one.
import { errorFields, fileUrl, intFlag, payload, time, timeOrBlank } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/** The fields every Suno tool record shares, around its result field. */
function toolRecord(
  s: TaskSnapshot,
  flag: unknown,
  results: Record<string, unknown>,
): Record<string, unknown> {
  return {
    taskId: s.taskId,
    musicId: `${s.taskId}-music`,
    callbackUrl: '',
    completeTime: timeOrBlank(s, s.completeTime),
    ...results,
    successFlag: flag,
    createTime: time(s, s.createTime),
    ...errorFields(s),
  };
}

/** Suno WAV: `successFlag` PENDING; SUCCESS; CALLBACK_EXCEPTION (results and error fields); CREATE_TASK_FAILED, GENERATE_WAV_FAILED. */
export const sunoWav: FamilyRenderer = {
  family: 'suno-wav',
  statusPath: '/api/v1/wav/record-info',
  states: {
    pending: ['PENDING'],
    success: ['SUCCESS'],
    fail: ['CREATE_TASK_FAILED', 'GENERATE_WAV_FAILED'],
    callbackFail: ['CALLBACK_EXCEPTION'],
  },
  defaultTimeline: [{ state: 'SUCCESS' }],
  timeFormat: 'epoch-ms',
  render(s: TaskSnapshot): Record<string, unknown> {
    return toolRecord(s, s.state, {
      response: payload(s, () => ({ audioWavUrl: fileUrl(s, 0, 'wav') })),
    });
  },
};

/** Stem names of a vocal-removal result, in the documented order. */
const STEMS = [
  'originUrl',
  'instrumentalUrl',
  'vocalUrl',
  'backingVocalsUrl',
  'drumsUrl',
  'bassUrl',
  'guitarUrl',
  'keyboardUrl',
  'percussionUrl',
  'stringsUrl',
  'synthUrl',
  'fxUrl',
  'brassUrl',
  'woodwindsUrl',
] as const;

/** Stems the default result fills (the rest are null, as after a plain vocal/instrumental split). */
const DEFAULT_STEMS: ReadonlySet<string> = new Set(['originUrl', 'instrumentalUrl', 'vocalUrl']);

/**
 * Suno vocal removal: `successFlag` PENDING; SUCCESS; CALLBACK_EXCEPTION (results and error fields);
 * CREATE_TASK_FAILED, GENERATE_AUDIO_FAILED.
 */
export const sunoVocalRemoval: FamilyRenderer = {
  family: 'suno-vocal-removal',
  statusPath: '/api/v1/vocal-removal/record-info',
  states: {
    pending: ['PENDING'],
    success: ['SUCCESS'],
    fail: ['CREATE_TASK_FAILED', 'GENERATE_AUDIO_FAILED'],
    callbackFail: ['CALLBACK_EXCEPTION'],
  },
  defaultTimeline: [{ state: 'SUCCESS' }],
  timeFormat: 'epoch-ms',
  render(s: TaskSnapshot): Record<string, unknown> {
    const stems = (): Record<string, string | null> =>
      Object.fromEntries(
        STEMS.map((key) => [key, DEFAULT_STEMS.has(key) ? fileUrl(s, key.replace(/Url$/, ''), 'mp3') : null]),
      );
    return toolRecord(s, s.state, { response: payload(s, stems) });
  },
};

/** Suno MP4: `successFlag` PENDING; SUCCESS; CREATE_TASK_FAILED, GENERATE_MP4_FAILED. */
export const sunoMp4: FamilyRenderer = {
  family: 'suno-mp4',
  statusPath: '/api/v1/mp4/record-info',
  states: { pending: ['PENDING'], success: ['SUCCESS'], fail: ['CREATE_TASK_FAILED', 'GENERATE_MP4_FAILED'] },
  defaultTimeline: [{ state: 'SUCCESS' }],
  timeFormat: 'epoch-ms',
  render(s: TaskSnapshot): Record<string, unknown> {
    return toolRecord(s, s.state, {
      response: payload(s, () => ({ videoUrl: fileUrl(s, 0, 'mp4') })),
    });
  },
};

/** A small MIDI transcription: JSON notes, no URL. */
function defaultMidi(): Record<string, unknown> {
  return {
    state: 'complete',
    instruments: [
      {
        name: 'Drums',
        notes: [
          { pitch: 73, start: 0.036458333333333336, end: 0.18229166666666666, velocity: 1 },
          { pitch: 61, start: 0.046875, end: 0.19270833333333334, velocity: 1 },
        ],
      },
      {
        name: 'Electric Bass (finger)',
        notes: [{ pitch: 44, start: 7.6875, end: 7.911458333333333, velocity: 1 }],
      },
    ],
  };
}

/** Suno MIDI: integer `successFlag` 0 pending, 1 success, 2 create failed, 3 generation failed. */
export const sunoMidi: FamilyRenderer = {
  family: 'suno-midi',
  statusPath: '/api/v1/midi/record-info',
  states: { pending: ['0'], success: ['1'], fail: ['2', '3'] },
  defaultTimeline: [{ state: '1' }],
  timeFormat: 'epoch-ms',
  render(s: TaskSnapshot): Record<string, unknown> {
    return {
      taskId: s.taskId,
      recordTaskId: -1,
      audioId: `${s.taskId}-audio`,
      callbackUrl: '',
      completeTime: timeOrBlank(s, s.completeTime),
      midiData: payload(s, defaultMidi),
      successFlag: intFlag(s.state),
      createTime: time(s, s.createTime),
      ...errorFields(s),
    };
  },
};

/** Suno cover art: integer `successFlag` 0 pending, 1 success, 2 / 3 failed; two images. */
export const sunoCover: FamilyRenderer = {
  family: 'suno-cover',
  statusPath: '/api/v1/suno/cover/record-info',
  states: { pending: ['0'], success: ['1'], fail: ['2', '3'] },
  defaultTimeline: [{ state: '1' }],
  timeFormat: 'epoch-ms',
  render(s: TaskSnapshot): Record<string, unknown> {
    return {
      taskId: s.taskId,
      parentTaskId: '',
      callbackUrl: '',
      completeTime: timeOrBlank(s, s.completeTime),
      response: payload(s, () => ({ images: [fileUrl(s, 0, 'png'), fileUrl(s, 1, 'png')] })),
      successFlag: intFlag(s.state),
      createTime: time(s, s.createTime),
      ...errorFields(s),
    };
  },
};
