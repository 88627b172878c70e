// Midjourney records (legacy, gone from the 2026-08 docs): GET /api/v1/mj/record-info.
// Results are OBJECTS: `resultInfoJson.resultUrls[].resultUrl`.
import { fileUrl, flagRecord, payload } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/** Midjourney: `successFlag` 0 generating, 1 success, 2 create failed, 3 generate failed. */
export const midjourney: FamilyRenderer = {
  family: 'midjourney',
  statusPath: '/api/v1/mj/record-info',
  states: { pending: ['0'], success: ['1'], fail: ['2', '3'] },
  defaultTimeline: [{ state: '1' }],
  timeFormat: 'iso',
  render(s: TaskSnapshot): Record<string, unknown> {
    return flagRecord(s, {
      taskType: 'mj_txt2img',
      resultInfoJson: payload(s, () => ({
        resultUrls: [0, 1, 2, 3].map((n) => ({ resultUrl: fileUrl(s, n, 'png') })),
      })),
    });
  },
};
