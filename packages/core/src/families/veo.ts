/**
 * Veo 3.x video. Status: https://docs.kie.ai/veo3-api/get-veo-3-video-details · create:
 * https://docs.kie.ai/veo3-api/generate-veo-3-video
 */
import { defineFamily, objectAt, urlsAt } from './define-family.js';
import { FLAG_0123 } from './flags.js';

export const veo = defineFamily({
  name: 'veo',
  createPath: '/api/v1/veo/generate',
  path: '/api/v1/veo/record-info',
  stateFields: ['successFlag'],
  states: FLAG_0123,
  paramField: 'paramJson',
  failedState: '3',
  callbackUrlPaths: ['info.resultUrls[]'],
  // After /veo/extend, fullResultUrls holds the stitched video, which is what users want: it comes first (§13).
  // The Veo quickstart's sample code reads a legacy top-level `resultUrls` JSON string: accept both.
  results: (data, warnings) => ({
    resultUrls: urlsAt(
      data,
      ['response.fullResultUrls[]', 'response.resultUrls[]', 'resultUrls[]'],
      warnings,
    ),
    result: objectAt(data, 'response'),
  }),
});
