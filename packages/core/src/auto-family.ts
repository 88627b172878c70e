/**
 * `family: 'auto'`: task IDs do not reveal their family, so ask each family's status endpoint in turn. A fresh
 * market task may answer 422 for a while, so one round of "not found" rules nothing out. An endpoint that refuses
 * the request outright (400, 403, 405, 505, …: gone, disabled, or not for this ID) is ruled out; only account
 * errors (401, 402) stop the probe. The first family that returns a record wins and is kept.
 */
import { KieApiError } from './errors.js';
import type { TaskFamily } from './types.js';
import { queryTask, type QueryContext, type QueryOutcome } from './query.js';

/** The family name that asks for probing. */
export const AUTO_FAMILY = 'auto';

// Problems with the key or the account answer the same on every endpoint: no point asking the others.
const ACCOUNT_ERRORS = new Set(['auth', 'credits']);

/** Asks every candidate once, in order; removes candidates whose endpoint refuses the request. */
export async function probeRound(
  taskId: string,
  context: QueryContext,
  candidates: TaskFamily[],
): Promise<QueryOutcome> {
  let notVisible: KieApiError | undefined;
  let refused: KieApiError | undefined;
  // "Generation failed" with no record (envelope 501/408/451) does not prove the family: keep asking, and use it
  // only if no endpoint returns a real record this round.
  let bareFailure: QueryOutcome | undefined;
  for (const family of [...candidates]) {
    try {
      const outcome = await queryTask(taskId, { ...context, family });
      if (outcome.kind === 'record' && Object.keys(outcome.record.raw).length === 0) bareFailure ??= outcome;
      else if (outcome.kind === 'record') return outcome;
      else notVisible ??= outcome.error;
    } catch (error) {
      if (!(error instanceof KieApiError) || error.retryable || ACCOUNT_ERRORS.has(error.kind)) throw error;
      refused = error;
      candidates.splice(candidates.indexOf(family), 1);
    }
  }
  if (bareFailure) return bareFailure;
  // Every endpoint refused: that refusal is the answer (an IP allow-list answers 403 everywhere, for one).
  if (candidates.length === 0 && refused) throw refused;
  return {
    kind: 'not-visible',
    error: new KieApiError({
      kind: 'not-found',
      code: notVisible?.code ?? null,
      httpStatus: notVisible?.httpStatus ?? null,
      retryable: false,
      taskId,
      advice: `no task family knows this task (asked: ${candidates.map((f) => f.name).join(', ')}). Check the task ID, or set the family explicitly.`,
    }),
  };
}
