/**
 * The unified Market jobs API: `GET /api/v1/jobs/recordInfo?taskId=…`.
 * https://docs.kie.ai/market/common/get-task-detail
 */
import { KieParseError } from '../errors.js';
import { optionalString, readEmbeddedJson, typeOf } from '../json.js';
import { parseTimestamp } from '../time.js';
import {
  costTimeSeconds,
  creditsConsumed,
  progressPercent,
  requestParam,
  requiredState,
  urlList,
} from './fields.js';
import { MARKET_PENDING_ORDER } from './market-state.js';
import type { FamilyReading, JsonObject, TaskFamily, TaskStatus } from '../types.js';

const PENDING_STATES: ReadonlySet<string> = new Set(MARKET_PENDING_ORDER);

/** Maps a market state to its status; anything not documented as terminal keeps the task pending. */
function marketStatus(state: string): TaskStatus {
  if (state === 'success') return 'success';
  if (state === 'fail') return 'failed';
  return 'pending';
}

export const market: TaskFamily = {
  name: 'market',
  failedState: 'fail',
  statusPath: (taskId) => `/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(taskId)}`,
  createPath: '/api/v1/jobs/createTask',
  read(data: JsonObject): FamilyReading {
    const warnings: string[] = [];
    const state = requiredState(data, 'state');
    const status = marketStatus(state);
    if (status === 'pending' && !PENDING_STATES.has(state)) {
      warnings.push(`unknown state "${state}"; treated as still pending`);
    }
    const model = optionalString(data.model, 'data.model');
    const param = requestParam(data, 'param', warnings);
    const { result, resultUrls } = readResult(data, status, warnings);
    return {
      state,
      status,
      model,
      param,
      result,
      resultUrls,
      failCode: optionalString(data.failCode, 'data.failCode'),
      failMsg: optionalString(data.failMsg, 'data.failMsg'),
      createTime: parseTimestamp(data.createTime, 'data.createTime'),
      updateTime: parseTimestamp(data.updateTime, 'data.updateTime'),
      completeTime: parseTimestamp(data.completeTime, 'data.completeTime'),
      costTimeSeconds: costTimeSeconds(data, warnings),
      creditsConsumed: creditsConsumed(data, warnings),
      progress: progressPercent(data, warnings),
      warnings,
    };
  },
};

// resultJson is meaningful only on success: there, broken JSON is an error we report; elsewhere we only warn.
function readResult(
  data: JsonObject,
  status: TaskStatus,
  warnings: string[],
): { result: JsonObject | null; resultUrls: string[] } {
  const { value: result, problem } = readEmbeddedJson(data.resultJson, 'data.resultJson', warnings);
  if (problem) {
    if (status === 'success')
      throw new KieParseError('data.resultJson', problem.replace('data.resultJson ', ''));
    warnings.push(problem);
  }
  if (status === 'success' && result === null) warnings.push('the task succeeded but resultJson is empty');
  if (!result) return { result: null, resultUrls: [] };
  const raw = result.resultUrls;
  if (raw !== undefined && raw !== null && !Array.isArray(raw)) {
    warnings.push(`data.resultJson.resultUrls is a ${typeOf(raw)}, not an array`);
  }
  // Watermarked copies and frame URLs stay in `result`: resultUrls holds the primary outputs only.
  return { result, resultUrls: urlList(raw, 'data.resultJson.resultUrls', warnings) };
}
