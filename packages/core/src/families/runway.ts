/**
 * Runway video. Status: https://docs.kie.ai/runway-api/get-ai-video-details · create:
 * https://docs.kie.ai/runway-api/generate-ai-video
 */
import { defineFamily, objectAt, urlsAt } from './define-family.js';

export const runway = defineFamily({
  name: 'runway',
  createPath: '/api/v1/runway/generate',
  path: '/api/v1/runway/record-detail',
  stateFields: ['state'],
  // Runway spells its pending states `wait` and `queueing`, unlike the market's `waiting`/`queuing`.
  states: { wait: 'pending', queueing: 'pending', generating: 'pending', success: 'success', fail: 'failed' },
  paramField: 'generateParam',
  failedState: 'fail',
  // Runway's callback is snake_case.
  callbackUrlPaths: ['video_url'],
  // imageUrl is the cover frame of the video: a secondary output, kept in `result`.
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['videoInfo.videoUrl'], warnings),
    result: objectAt(data, 'videoInfo'),
  }),
});
