/**
 * Runway Aleph video. Status: https://docs.kie.ai/runway-api/get-aleph-video-details · create:
 * https://docs.kie.ai/runway-api/generate-aleph-video
 */
import { isJsonObject } from '../json.js';
import { defineFamily, objectAt, urlsAt } from './define-family.js';

export const aleph = defineFamily({
  name: 'aleph',
  createPath: '/api/v1/aleph/generate',
  path: '/api/v1/aleph/record-info',
  stateFields: ['successFlag'],
  states: { 0: 'pending', 1: 'success' },
  // Flag 0 means "failed or in progress": only an error code or message tells them apart.
  resolve: (state, data) => {
    if (state !== '0') return undefined;
    const code = data.errorCode;
    const failed =
      (code !== undefined && code !== null && code !== 0 && code !== '' && code !== '0') ||
      (typeof data.errorMessage === 'string' && data.errorMessage !== '');
    return failed ? 'failed' : 'pending';
  },
  paramField: 'paramJson',
  failedState: '0',
  callbackUrlPaths: ['result_video_url'],
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.resultVideoUrl'], warnings),
    result: isJsonObject(data.response) ? objectAt(data, 'response') : null,
  }),
});
