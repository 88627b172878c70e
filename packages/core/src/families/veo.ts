/** Veo 3.x video. https://docs.kie.ai/veo3-api/get-veo-3-video-details */
import { defineFamily, objectAt, urlsAt } from './dedicated.js';
import { FLAG_0123 } from './flags.js';

export const veo = defineFamily({
  name: 'veo',
  path: '/api/v1/veo/record-info',
  stateFields: ['successFlag'],
  states: FLAG_0123,
  paramField: 'paramJson',
  failedState: '3',
  callbackUrlPaths: ['info.resultUrls[]'],
  // The Veo quickstart's sample code reads a legacy top-level `resultUrls` JSON string: accept both.
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.resultUrls[]', 'resultUrls[]'], warnings),
    result: objectAt(data, 'response'),
  }),
});
