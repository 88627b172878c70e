// Runway Aleph records: GET /api/v1/aleph/record-info (docs.kie.ai/runway-api/get-aleph-video-details).
// `successFlag` is 1 on success and 0 both while in progress and after a failure; a failure is told apart
// only by a non-empty errorCode/errorMessage.
import { fileUrl, intFlag, numericCode, payload, time, timeOrBlank } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/**
 * Aleph: timeline `'0'` pending (successFlag 0, errorCode 0, errorMessage ''), `'1'` success, and the
 * fake-only state `'failed'`: successFlag 0 with errorCode/errorMessage from failCode/failMsg.
 */
export const aleph: FamilyRenderer = {
  family: 'aleph',
  statusPath: '/api/v1/aleph/record-info',
  states: { pending: ['0'], success: ['1'], fail: ['failed'] },
  defaultTimeline: [{ state: '1' }],
  timeFormat: 'iso',
  render(s: TaskSnapshot): Record<string, unknown> {
    const failed = s.phase === 'fail';
    return {
      taskId: s.taskId,
      paramJson: s.param,
      response: payload(s, () => ({
        taskId: s.taskId,
        resultVideoUrl: fileUrl(s, 0, 'mp4'),
        resultImageUrl: fileUrl(s, 0, 'png'),
      })),
      completeTime: timeOrBlank(s, s.completeTime),
      createTime: time(s, s.createTime),
      successFlag: failed ? 0 : intFlag(s.state),
      errorCode: failed ? numericCode(s.failCode) : 0,
      errorMessage: failed ? s.failMsg : '',
    };
  },
};
