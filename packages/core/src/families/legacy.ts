/**
 * Families kie.ai no longer lists (absent from the 2026-08 docs snapshot): supported on a best-effort basis.
 * Midjourney: https://docs.kie.ai/mj-api/get-mj-task-details, create https://docs.kie.ai/mj-api/generate-mj-image ·
 * Luma: https://docs.kie.ai/luma-api/get-luma-modify-details, create
 * https://docs.kie.ai/luma-api/generate-luma-modify-video (both pages still served in December 2026).
 */
import { objectAt, defineFamily, urlsAt } from './define-family.js';
import { FLAG_0123 } from './flags.js';

export const midjourney = defineFamily({
  name: 'midjourney',
  createPath: '/api/v1/mj/generate',
  path: '/api/v1/mj/record-info',
  stateFields: ['successFlag'],
  states: FLAG_0123,
  paramField: 'paramJson',
  failedState: '3',
  callbackUrlPaths: ['resultUrls[]'],
  // Objects, not strings: [{ resultUrl }].
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['resultInfoJson.resultUrls[].resultUrl'], warnings),
    result: objectAt(data, 'resultInfoJson'),
  }),
});

export const luma = defineFamily({
  name: 'luma',
  createPath: '/api/v1/modify/generate',
  path: '/api/v1/modify/record-info',
  stateFields: ['successFlag'],
  states: FLAG_0123,
  // Flag 4: the callback failed but the generation succeeded.
  successIfResults: ['4'],
  paramField: 'paramJson',
  failedState: '3',
  callbackUrlPaths: ['info.resultUrls[]', 'resultUrls[]'],
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.resultUrls[]'], warnings),
    result: objectAt(data, 'response'),
  }),
});
