/**
 * The Action's work, without the runner: wait for the tasks through @kie-task/core, log progress, and return the
 * outputs, the summary and the failure message (if the step should fail). Never touches process or env.
 */
import { KieClient, formatMs, type WaitResult } from '@kie-task/core';
import type { Logger } from './actions.js';
import { oneLine } from './escape.js';
import type { Inputs } from './inputs.js';
import { cancelledOutcomes, outcomesOf, type TaskOutcome } from './outcome.js';
import { buildOutputs, type Outputs } from './outputs.js';
import { ProgressLog } from './progress.js';
import { CancelledError } from './signals.js';
import { renderSummary } from './summary.js';

/** What run() needs from its surroundings. */
export interface RunContext {
  logger: Logger;
  /** Aborting stops the wait at once (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** A proxy-aware fetch, when one is needed. */
  fetch?: typeof fetch | undefined;
  now?: () => number;
}

/** What the step reports. */
export interface RunResult {
  outcomes: TaskOutcome[];
  outputs: Outputs;
  /** The job summary, markdown. */
  summary: string;
  /** Why the step fails, or null when it succeeds. */
  failure: string | null;
}

/** Waits for every task of `inputs` and reports. Rejects only on unexpected errors. */
export async function run(inputs: Inputs, context: RunContext): Promise<RunResult> {
  const { logger } = context;
  const client = new KieClient({
    apiKey: inputs.apiKey,
    baseUrl: inputs.baseUrl,
    userAgent: 'kie-task-action',
    ...(context.fetch ? { fetch: context.fetch } : {}),
  });
  const progress = new ProgressLog(inputs.taskIds, logger, context.now);
  const count = inputs.taskIds.length;
  const cadence = inputs.pollInterval === 'auto' ? 'auto' : `every ${formatMs(inputs.pollInterval)}`;
  logger.info(
    `Waiting for ${count === 1 ? `kie.ai task ${inputs.taskIds[0]}` : `${count} kie.ai tasks`} ` +
      `(timeout ${formatMs(inputs.timeoutMs)}, polling ${cadence})`,
  );

  let results: WaitResult[] | null = null;
  try {
    results = await client.waitForTasks(inputs.taskIds, {
      timeoutMs: inputs.timeoutMs,
      // A fixed interval means fixed: no jitter. `auto` keeps the core's ±20 %.
      ...(inputs.pollInterval === 'auto'
        ? { interval: 'auto' }
        : { interval: inputs.pollInterval, jitter: 0 }),
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: (event) => progress.onProgress(event),
      onRetry: (event) => progress.onRetry(event),
    });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  }
  const cancel = cancelReason(context.signal);
  const outcomes = results
    ? outcomesOf(results, progress.lastSeen)
    : cancelledOutcomes(inputs.taskIds, progress.lastSeen, cancel ?? new CancelledError('abort'));

  logResults(outcomes, logger);
  return {
    outcomes,
    outputs: buildOutputs(outcomes),
    summary: renderSummary(outcomes),
    failure: failureMessage(outcomes, inputs.failOnError, progress.elapsedMs),
  };
}

function cancelReason(signal: AbortSignal | undefined): Error | null {
  if (!signal?.aborted) return null;
  return signal.reason instanceof Error ? signal.reason : new CancelledError(String(signal.reason));
}

/**
 * The step's failure message, or null: API errors (with what they mean and the fix), timeouts (last state, time
 * waited), a cancel, and — when `failOnError` — failed tasks as `Task <id> failed (<failCode>): <failMsg>`.
 */
function failureMessage(
  outcomes: readonly TaskOutcome[],
  failOnError: boolean,
  elapsedMs: number,
): string | null {
  const lines = new Set<string>();
  const cancelled = outcomes.filter((o) => o.kind === 'cancelled');
  if (cancelled.length > 0) {
    const reason = cancelled[0]!.error?.message ?? 'the run was cancelled';
    const states = cancelled.map((o) => `${o.taskId} ${o.record?.state ?? 'not seen yet'}`).join(', ');
    lines.add(`Stopped waiting after ${formatMs(elapsedMs)}: ${reason}. Last state: ${states}.`);
  }
  for (const outcome of outcomes) {
    if (outcome.kind === 'error' || outcome.kind === 'timeout')
      lines.add(outcome.error?.message ?? 'unknown error');
    if (outcome.kind === 'fail' && failOnError) {
      const record = outcome.record;
      // One line per problem: the full failMsg, line breaks included, is in the fail-msg output.
      lines.add(
        `Task ${outcome.taskId} failed (${record?.failCode ?? 'no code'}): ${oneLine(record?.failMsg ?? 'no message')}`,
      );
    }
  }
  return lines.size > 0 ? [...lines].join('\n') : null;
}

function logResults(outcomes: readonly TaskOutcome[], logger: Logger): void {
  const urls = outcomes.reduce((n, o) => n + (o.record?.resultUrls.length ?? 0), 0);
  const grouped = outcomes.length > 1 || urls > 3;
  if (grouped)
    logger.startGroup(
      `Results: ${outcomes.length} ${outcomes.length === 1 ? 'task' : 'tasks'}, ${urls} result URLs`,
    );
  for (const outcome of outcomes) {
    logger.info(`${outcome.taskId}: ${resultLine(outcome)}`);
    for (const url of outcome.record?.resultUrls ?? []) logger.info(`  ${oneLine(url)}`);
  }
  if (grouped) logger.endGroup();
}

function resultLine(outcome: TaskOutcome): string {
  const { record } = outcome;
  const state = record?.state ?? 'no state seen';
  switch (outcome.kind) {
    case 'success':
      return `success, ${record?.resultUrls.length ?? 0} result URL(s)`;
    case 'fail':
      return `${state} (${record?.failCode ?? 'no code'})`;
    case 'timeout':
      return `timed out, last state ${state}`;
    case 'cancelled':
      return `cancelled, last state ${state}`;
    case 'error':
      return `stopped by an error, last state ${state}`;
  }
}
