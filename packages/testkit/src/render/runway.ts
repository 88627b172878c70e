// Runway records: GET /api/v1/runway/record-detail (docs.kie.ai/runway-api/get-ai-video-details).
// String `state` spelled wait/queueing (not waiting/queuing), results in `videoInfo`, `failCode`/`failMsg`.
import { fileUrl, numericCode, paramObject, payload, time } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/** Runway: `state` wait / queueing / generating / success / fail. */
export const runway: FamilyRenderer = {
  family: 'runway',
  statusPath: '/api/v1/runway/record-detail',
  states: { pending: ['wait', 'queueing', 'generating'], success: ['success'], fail: ['fail'] },
  defaultTimeline: [{ state: 'success' }],
  timeFormat: 'sql',
  render(s: TaskSnapshot): Record<string, unknown> {
    const p = paramObject(s);
    return {
      // An older docs example has no data.taskId, only videoInfo.taskId (scenario `omitTaskId`).
      ...(s.omitTaskId ? {} : { taskId: s.taskId }),
      parentTaskId: '',
      generateParam: {
        prompt: typeof p['prompt'] === 'string' ? p['prompt'] : 'test prompt',
        imageUrl: typeof p['imageUrl'] === 'string' ? p['imageUrl'] : '',
        expandPrompt: typeof p['expandPrompt'] === 'boolean' ? p['expandPrompt'] : false,
      },
      state: s.state,
      generateTime: time(s, s.createTime),
      videoInfo: payload(s, () => ({
        videoId: `${s.taskId}-video`,
        taskId: s.taskId,
        videoUrl: fileUrl(s, 0, 'mp4'),
        imageUrl: fileUrl(s, 0, 'png'),
      })),
      failCode: s.failCode === null ? s.blank : numericCode(s.failCode),
      failMsg: s.failMsg ?? s.blank,
      expireFlag: 0,
    };
  },
};
