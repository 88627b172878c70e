// Market ("jobs") records: GET /api/v1/jobs/recordInfo, shaped like the Query Task doc page
// (https://docs.kie.ai/market/common/get-task-detail) plus `costTime` from the per-model pages.
import type { TaskSnapshot } from '../lifecycle.js';
import { time, timeOrBlank } from './common.js';
import type { FamilyRenderer } from './index.js';

/** Renderer of the Market family: string `state`, `resultJson` as a JSON string, epoch-ms timestamps. */
export const market: FamilyRenderer = {
  family: 'market',
  statusPath: '/api/v1/jobs/recordInfo',
  states: { pending: ['waiting', 'queuing', 'generating'], success: ['success'], fail: ['fail'] },
  defaultTimeline: [{ state: 'success' }],
  timeFormat: 'epoch-ms',
  render(s: TaskSnapshot): Record<string, unknown> {
    return {
      taskId: s.taskId,
      model: s.model,
      state: s.state,
      param: s.param,
      resultJson: s.resultJson ?? s.blank,
      failCode: s.failCode ?? s.blank,
      failMsg: s.failMsg ?? s.blank,
      completeTime: timeOrBlank(s, s.completeTime),
      createTime: time(s, s.createTime),
      updateTime: time(s, s.updateTime),
      costTime: s.costTime,
    };
  },
};
