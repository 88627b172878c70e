/**
 * The Suno music family and its utilities. Status: https://docs.kie.ai/suno-api/get-music-details · create (music
 * only): https://docs.kie.ai/suno-api/generate-music
 */
import type { CreateCodes } from '../code-meanings.js';
import type { CreateCodeMeaning } from '../types.js';
import { isJsonObject } from '../json.js';
import { defineFamily, objectAt, urlsAt } from './define-family.js';
import { FLAG_0123, sunoStates } from './flags.js';

// "Maximum 3 queries per second per task" (Get Music Details).
const SUNO_MIN_POLL_MS = 334;
const responseOf = (data: Record<string, unknown>) => objectAt(data, 'response');

// Generate Music documents its own codes. Older copies of the page say 405 and 430 for the rate and 429 for
// credits; the current one says 429 for the rate and 402 for credits. A 429 is retried either way (nothing was made,
// and a credits refusal then ends with kie.ai's message); 405/430 are the rate too.
const RATE: CreateCodeMeaning = {
  disposition: 'retry',
  kind: 'rate-limited',
  advice: 'kie.ai refused the create for the rate; nothing was created.',
};
const SUNO_CREATE_CODES: CreateCodes = {
  405: RATE,
  430: RATE,
  409: {
    disposition: 'fatal',
    kind: 'validation',
    advice: 'kie.ai reports a conflict with an existing record.',
  },
  413: {
    disposition: 'fatal',
    kind: 'validation',
    advice: 'the prompt, style or title is too long for the model. No task was created.',
  },
};

export const suno = defineFamily({
  name: 'suno',
  createPath: '/api/v1/generate',
  createCodes: SUNO_CREATE_CODES,
  path: '/api/v1/generate/record-info',
  stateFields: ['status'],
  states: {
    ...sunoStates('GENERATE_AUDIO_FAILED', 'SENSITIVE_WORD_ERROR'),
    // Lyrics done, then the first track: progress, not the end.
    TEXT_SUCCESS: 'pending',
    FIRST_SUCCESS: 'pending',
  },
  successIfResults: ['CALLBACK_EXCEPTION'],
  paramField: 'param',
  failedState: 'GENERATE_AUDIO_FAILED',
  minPollIntervalMs: SUNO_MIN_POLL_MS,
  // Suno calls back several times per task (callbackType text → first → complete), in snake_case.
  callbackUrlPaths: ['data[].audio_url'],
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.sunoData[].audioUrl'], warnings),
    result: responseOf(data),
  }),
});

export const sunoLyrics = defineFamily({
  name: 'suno-lyrics',
  path: '/api/v1/lyrics/record-info',
  stateFields: ['status'],
  states: sunoStates('GENERATE_LYRICS_FAILED', 'SENSITIVE_WORD_ERROR'),
  successIfResults: ['CALLBACK_EXCEPTION'],
  paramField: 'param',
  failedState: 'GENERATE_LYRICS_FAILED',
  textOutput: true,
  minPollIntervalMs: SUNO_MIN_POLL_MS,
  // Text, not media: the lyrics are in result.lyricsData.
  results: (data) => {
    const response = responseOf(data);
    const lyrics = response?.lyricsData;
    return { resultUrls: [], result: Array.isArray(lyrics) && lyrics.length > 0 ? response : null };
  },
});

export const sunoWav = defineFamily({
  name: 'suno-wav',
  path: '/api/v1/wav/record-info',
  stateFields: ['successFlag'],
  states: sunoStates('GENERATE_WAV_FAILED'),
  successIfResults: ['CALLBACK_EXCEPTION'],
  failedState: 'GENERATE_WAV_FAILED',
  callbackUrlPaths: ['audio_wav_url', 'audioWavUrl'],
  minPollIntervalMs: SUNO_MIN_POLL_MS,
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.audioWavUrl'], warnings),
    result: responseOf(data),
  }),
});

// The documented stems, in the docs' order; originUrl is the input and stays in `result`.
const STEMS = [
  'vocalUrl',
  'instrumentalUrl',
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
];

export const sunoVocalRemoval = defineFamily({
  name: 'suno-vocal-removal',
  path: '/api/v1/vocal-removal/record-info',
  stateFields: ['successFlag'],
  states: sunoStates('GENERATE_AUDIO_FAILED'),
  successIfResults: ['CALLBACK_EXCEPTION'],
  failedState: 'GENERATE_AUDIO_FAILED',
  minPollIntervalMs: SUNO_MIN_POLL_MS,
  callbackUrlPaths: STEMS.map(
    (stem) =>
      `vocal_removal_info.${stem
        .replace(/Url$/, '_url')
        .replace(/([A-Z])/g, '_$1')
        .toLowerCase()}`,
  ),
  results: (data, warnings) => ({
    resultUrls: urlsAt(
      data,
      STEMS.map((stem) => `response.${stem}`),
      warnings,
    ),
    result: responseOf(data),
  }),
});

export const sunoMp4 = defineFamily({
  name: 'suno-mp4',
  path: '/api/v1/mp4/record-info',
  stateFields: ['successFlag'],
  states: sunoStates('GENERATE_MP4_FAILED'),
  failedState: 'GENERATE_MP4_FAILED',
  callbackUrlPaths: ['video_url', 'videoUrl'],
  minPollIntervalMs: SUNO_MIN_POLL_MS,
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.videoUrl'], warnings),
    result: responseOf(data),
  }),
});

export const sunoMidi = defineFamily({
  name: 'suno-midi',
  path: '/api/v1/midi/record-info',
  stateFields: ['successFlag'],
  states: FLAG_0123,
  failedState: '3',
  textOutput: true,
  minPollIntervalMs: SUNO_MIN_POLL_MS,
  // Notes as JSON, no URL.
  results: (data) => ({
    resultUrls: [],
    result: isJsonObject(data.midiData) ? { midiData: data.midiData } : null,
  }),
});

export const sunoCover = defineFamily({
  name: 'suno-cover',
  path: '/api/v1/suno/cover/record-info',
  stateFields: ['successFlag'],
  // The example sends an integer; the text lists PENDING/SUCCESS/…: accept both.
  states: { ...FLAG_0123, ...sunoStates('GENERATE_COVER_FAILED') },
  failedState: '3',
  minPollIntervalMs: SUNO_MIN_POLL_MS,
  callbackUrlPaths: ['images[]', 'data.images[]'],
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.images[]'], warnings),
    result: responseOf(data),
  }),
});
