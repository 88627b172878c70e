/**
 * Flux Kontext image. Status: https://docs.kie.ai/flux-kontext-api/get-image-details · create:
 * https://docs.kie.ai/flux-kontext-api/generate-or-edit-image
 */
import { defineFamily, objectAt, urlsAt } from './define-family.js';
import { FLAG_0123 } from './flags.js';

export const fluxKontext = defineFamily({
  name: 'flux-kontext',
  createPath: '/api/v1/flux/kontext/generate',
  path: '/api/v1/flux/kontext/record-info',
  stateFields: ['successFlag'],
  states: FLAG_0123,
  paramField: 'paramJson',
  failedState: '3',
  callbackUrlPaths: ['info.resultImageUrl'],
  // originImageUrl is the input; it stays in `result`.
  results: (data, warnings) => ({
    resultUrls: urlsAt(data, ['response.resultImageUrl'], warnings),
    result: objectAt(data, 'response'),
  }),
});
