/**
 * `family: 'auto'`: task IDs do not reveal their family, so ask each family's status endpoint in turn. A fresh
 * market task may answer 422 for a while, so one round of "not found" rules nothing out; only a 400 (the endpoint
 * rejects the request outright) does. The first family that returns a record wins and is kept.
 */
import { KieApiError } from './errors.js';
import type { TaskFamily } from './families/index.js';
import { queryTask, type QueryContext, type QueryOutcome } from './query.js';

/** The family name that asks for probing. */
export const AUTO_FAMILY = 'auto';

/** Asks every candidate once, in order; removes candidates that reject the request. */
export async function probeRound(
  taskId: string,
  context: QueryContext,
  candidates: TaskFamily[],
): Promise<QueryOutcome> {
  let notVisible: KieApiError | undefined;
  for (const family of [...candidates]) {
    try {
      const outcome = await queryTask(taskId, { ...context, family });
      if (outcome.kind === 'record') return outcome;
      notVisible ??= outcome.error;
    } catch (error) {
      if (!(error instanceof KieApiError && error.kind === 'bad-request')) throw error;
      candidates.splice(candidates.indexOf(family), 1);
    }
  }
  return {
    kind: 'not-visible',
    error: new KieApiError({
      kind: 'not-found',
      code: notVisible?.code ?? null,
      httpStatus: notVisible?.httpStatus ?? null,
      retryable: false,
      taskId,
      advice: `no task family knows this task (asked: ${candidates.map((f) => f.name).join(', ') || 'none'}). Check the task ID, or set the family explicitly.`,
    }),
  };
}
