// Veo 3.x records: GET /api/v1/veo/record-info (docs.kie.ai/veo3-api/get-veo-3-video-details).
// Integer `successFlag`, results in `response`, timestamps like "2025-06-06 10:30:00" (UTC, no zone).
import { fileUrl, flagRecord, payload } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/**
 * Veo: `successFlag` 0 generating, 1 success, 2 failed, 3 generation failed; with the scenario's
 * `fullResultUrls`, the default response also holds the stitched video after an extend.
 */
export const veo: FamilyRenderer = {
  family: 'veo',
  statusPath: '/api/v1/veo/record-info',
  states: { pending: ['0'], success: ['1'], fail: ['2', '3'] },
  defaultTimeline: [{ state: '1' }],
  timeFormat: 'sql',
  render(s: TaskSnapshot): Record<string, unknown> {
    return flagRecord(s, {
      response: payload(s, () => ({
        taskId: s.taskId,
        resultUrls: [fileUrl(s, 0, 'mp4')],
        originUrls: [fileUrl(s, 'origin-0', 'mp4')],
        ...(s.fullResultUrls === undefined ? {} : { fullResultUrls: s.fullResultUrls }),
        resolution: '1080p',
      })),
      fallbackFlag: false,
    });
  },
};
