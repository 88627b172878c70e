// Market ("jobs") records: GET /api/v1/jobs/recordInfo. By default shaped like the bodies logged from the live
// API (kie-api.md §13); `marketShape: 'docs'` gives the Query Task doc page's shape
// (https://docs.kie.ai/market/common/get-task-detail) plus `costTime` in ms from the per-model pages.
import { time, timeOrBlank } from './common.js';
import type { FamilyRenderer, TaskSnapshot } from '../types.js';

/** Renderer of the Market family: string `state`, `resultJson` as a JSON string, epoch-ms timestamps. */
export const market: FamilyRenderer = {
  family: 'market',
  statusPath: '/api/v1/jobs/recordInfo',
  states: { pending: ['waiting', 'queuing', 'generating'], success: ['success'], fail: ['fail'] },
  defaultTimeline: [{ state: 'success' }],
  timeFormat: 'epoch-ms',
  render(s: TaskSnapshot): Record<string, unknown> {
    const shape = s.market;
    const record: Record<string, unknown> = {
      taskId: s.taskId,
      model: s.model,
      state: s.state,
      param: s.param,
      resultJson: s.resultJson ?? shape.resultJsonBlank,
      failCode: s.failCode ?? s.blank,
      failMsg: s.failMsg ?? s.blank,
      completeTime: timeOrBlank(s, s.completeTime),
      createTime: time(s, s.createTime),
      updateTime: time(s, shape.updateTimeFrom === 'createTime' ? s.createTime : s.updateTime),
      costTime:
        s.costTime === null || shape.costTimeUnit === 'ms' ? s.costTime : Math.round(s.costTime / 1000),
    };
    if (s.progress !== undefined) record['progress'] = s.progress;
    if (shape.creditFields === 'creditsConsumed') record['creditsConsumed'] = s.creditsConsumed;
    if (shape.creditFields === 'consumeCredits') {
      record['consumeCredits'] = s.creditsConsumed;
      record['remainedCredits'] = s.remainedCredits;
    }
    if (shape.liveFields) {
      record['operationType'] = s.model;
      record['successFlag'] = s.phase === 'success' ? 1 : 0;
      record['paramJson'] = s.param;
      record['response'] = s.phase === 'success' ? { resultUrls: resultUrlsIn(s.resultJson) } : null;
    }
    return record;
  },
};

/** The `resultUrls` strings of a result JSON string ([] when it does not parse or has none). */
function resultUrlsIn(resultJson: string | null): string[] {
  try {
    const parsed: unknown = JSON.parse(resultJson ?? '');
    const urls: unknown =
      typeof parsed === 'object' && parsed !== null ? Reflect.get(parsed, 'resultUrls') : [];
    return Array.isArray(urls) ? urls.filter((u): u is string => typeof u === 'string') : [];
  } catch {
    return []; // broken JSON on purpose (a scenario's verbatim string)
  }
}
