/**
 * GPT-4o image. Status: https://docs.kie.ai/4o-image-api/get-4-o-image-details · create:
 * https://docs.kie.ai/4o-image-api/generate-4-o-image
 */
import { defineFamily, objectAt, urlsAt } from './define-family.js';

export const gpt4oImage = defineFamily({
  name: '4o-image',
  createPath: '/api/v1/gpt4o-image/generate',
  path: '/api/v1/gpt4o-image/record-info',
  // `status` names the failure; `successFlag` (0/1/2) is the fallback when it is absent.
  stateFields: ['status', 'successFlag'],
  states: {
    GENERATING: 'pending',
    SUCCESS: 'success',
    CREATE_TASK_FAILED: 'failed',
    GENERATE_FAILED: 'failed',
    0: 'pending',
    1: 'success',
    2: 'failed',
  },
  paramField: 'paramJson',
  progressScale: 'fraction',
  failedState: 'GENERATE_FAILED',
  callbackUrlPaths: ['info.result_urls[]', 'info.resultUrls[]'],
  // The OpenAPI says resultUrls, the quickstart result_urls.
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.resultUrls[]', 'response.result_urls[]'], warnings),
    result: objectAt(data, 'response'),
  }),
});
