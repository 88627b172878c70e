// Flux Kontext records: GET /api/v1/flux/kontext/record-info (docs.kie.ai/flux-kontext-api/get-image-details).
import { fileUrl, flagRecord, payload } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/** Flux Kontext: `successFlag` 0 generating, 1 success, 2 create failed, 3 generate failed. */
export const fluxKontext: FamilyRenderer = {
  family: 'flux-kontext',
  statusPath: '/api/v1/flux/kontext/record-info',
  states: { pending: ['0'], success: ['1'], fail: ['2', '3'] },
  defaultTimeline: [{ state: '1' }],
  timeFormat: 'iso',
  render(s: TaskSnapshot): Record<string, unknown> {
    return flagRecord(s, {
      response: payload(s, () => ({
        originImageUrl: fileUrl(s, 'origin-0', 'png'),
        resultImageUrl: fileUrl(s, 0, 'png'),
      })),
    });
  },
};
