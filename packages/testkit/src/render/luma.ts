// Luma modify records (legacy, gone from the 2026-08 docs): GET /api/v1/modify/record-info.
import { fileUrl, flagRecord, payload } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/**
 * Luma: `successFlag` 0 generating, 1 success, 2 create failed, 3 generate failed, 4 callback failed but the
 * generation succeeded (results AND errorCode/errorMessage, default message "Callback failed").
 */
export const luma: FamilyRenderer = {
  family: 'luma',
  statusPath: '/api/v1/modify/record-info',
  states: { pending: ['0'], success: ['1'], fail: ['2', '3'], callbackFail: ['4'] },
  defaultTimeline: [{ state: '1' }],
  timeFormat: 'iso',
  render(s: TaskSnapshot): Record<string, unknown> {
    return flagRecord(s, {
      response: payload(s, () => ({
        taskId: s.taskId,
        resultUrls: [fileUrl(s, 0, 'mp4')],
        originUrls: [fileUrl(s, 'origin-0', 'mp4')],
      })),
    });
  },
};
