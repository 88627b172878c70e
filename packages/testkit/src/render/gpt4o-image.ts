// GPT-4o image records: GET /api/v1/gpt4o-image/record-info (docs.kie.ai/4o-image-api/get-4-o-image-details).
// Both an integer `successFlag` and a string `status`; the timeline state is the `status` value.
import { errorFields, fileUrl, payload, showsResults, time, timeOrBlank } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

const SUCCESS_FLAG: Readonly<Record<string, number>> = {
  GENERATING: 0,
  SUCCESS: 1,
  CREATE_TASK_FAILED: 2,
  GENERATE_FAILED: 2,
};

/**
 * 4o image: `status` GENERATING / SUCCESS / CREATE_TASK_FAILED / GENERATE_FAILED, `successFlag` derived
 * (0 / 1 / 2 / 2; 0 for unknown states), `progress` "0.00"–"1.00" (pending: +0.10 per earlier query, at most
 * "0.99"). `response.resultUrls`, or `response.result_urls` with the scenario's `resultUrlsKey`.
 */
export const gpt4oImage: FamilyRenderer = {
  family: '4o-image',
  statusPath: '/api/v1/gpt4o-image/record-info',
  states: { pending: ['GENERATING'], success: ['SUCCESS'], fail: ['CREATE_TASK_FAILED', 'GENERATE_FAILED'] },
  defaultTimeline: [{ state: 'SUCCESS' }],
  timeFormat: 'iso',
  render(s: TaskSnapshot): Record<string, unknown> {
    const progress = showsResults(s) ? 1 : Math.min(0.99, s.pollsBefore * 0.1);
    return {
      taskId: s.taskId,
      paramJson: s.param,
      completeTime: timeOrBlank(s, s.completeTime),
      response: payload(s, () => ({ [s.resultUrlsKey]: [fileUrl(s, 0, 'png')] })),
      successFlag: SUCCESS_FLAG[s.state] ?? 0,
      status: s.state,
      ...errorFields(s),
      createTime: time(s, s.createTime),
      progress: progress.toFixed(2),
    };
  },
};
