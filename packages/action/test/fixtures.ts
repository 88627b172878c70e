// Test helpers: TaskRecords and outcomes without a server.
import { WaitTimeoutError, type OutcomeKind, type TaskOutcome, type TaskRecord } from '@kie-task/core';

/** A market TaskRecord with sensible defaults. */
export function record(over: Partial<TaskRecord> = {}): TaskRecord {
  const state = over.state ?? 'success';
  return {
    taskId: 'task_1',
    model: 'google/imagen4-fast',
    state,
    status: state === 'success' ? 'success' : state === 'fail' ? 'failed' : 'pending',
    param: { model: 'google/imagen4-fast' },
    resultUrls: state === 'success' ? ['https://cdn.example/a.png'] : [],
    result: null,
    failCode: null,
    failMsg: null,
    createTime: new Date('2026-01-01T00:00:00.000Z'),
    updateTime: new Date('2026-01-01T00:00:05.000Z'),
    completeTime: state === 'success' || state === 'fail' ? new Date('2026-01-01T00:00:05.000Z') : null,
    costTimeSeconds: null,
    creditsConsumed: null,
    progress: null,
    family: 'market',
    warnings: [],
    raw: {
      param: '{"model":"google/imagen4-fast"}',
      resultJson: '{"resultUrls":["https://cdn.example/a.png"]}',
    },
    ...over,
  };
}

/** An outcome of the given kind. */
export function outcome(
  kind: OutcomeKind,
  over: Partial<TaskRecord> | null = {},
  error: Error | null = null,
): TaskOutcome {
  const state = kind === 'success' ? 'success' : kind === 'fail' ? 'fail' : 'generating';
  const taskId = over?.taskId ?? 'task_1';
  const seen = over === null ? null : record({ state, ...over });
  const why =
    kind === 'timeout'
      ? new WaitTimeoutError({ taskId, lastRecord: seen, elapsedMs: 1_000, polls: 2 })
      : new Error(`${kind} happened`);
  return {
    taskId,
    kind,
    record: seen,
    error: error ?? (kind === 'success' || kind === 'fail' ? null : why),
    attempts: 2,
    waitedMs: 1_000,
  } as TaskOutcome;
}
