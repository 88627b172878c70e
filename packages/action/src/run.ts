/**
 * The Action's work, without the runner: wait for the tasks through @kie-task/core, log progress, download the
 * results when asked (download.ts, imported only then), and return the outputs, the summary and the failure message
 * (if the step should fail). Never touches process or env.
 */
import { KieClient, type WaitResult } from '@kie-task/core';
import { OutcomeTracker, failLabel, formatMs, stateLabel, type TaskOutcome } from '@kie-task/core/internal';
import { CancelledError } from './cancel.js';
import type { DownloadReport, Downloads } from './download.js';
import { oneLine } from './escape.js';
import type { Inputs } from './inputs.js';
import { renderSummary } from './job-summary.js';
import { Secrets, type Logger } from './log.js';
import { buildOutputs, type Outputs } from './outputs.js';
import { ProgressLog } from './progress-log.js';
import { TaskTimeline, renderTimeline } from './timeline.js';

/** What run() needs from its surroundings. */
export interface RunContext {
  logger: Logger;
  /** Aborting stops the wait at once (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** A proxy-aware fetch, when one is needed. */
  fetch?: typeof fetch | undefined;
  now?: () => number;
  /** The run's secrets: removed from every outcome before anything presents it. Default: none. */
  secrets?: Secrets;
}

/** What the step reports. */
export interface RunResult {
  outcomes: TaskOutcome[];
  outputs: Outputs;
  /** The job summary, markdown. */
  summary: string;
  /** Why the step fails, or null when it succeeds. */
  failure: string | null;
  /** Epoch ms: when the step's `timeout` runs out (the comment gets what is left). */
  deadline: number;
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
  const tracker = new OutcomeTracker(inputs.taskIds);
  const progress = new ProgressLog(inputs.taskIds, tracker, logger, context.now);
  const timeline = new TaskTimeline(inputs.taskIds);
  const count = inputs.taskIds.length;
  const cadence = inputs.pollInterval === 'auto' ? 'auto' : `every ${formatMs(inputs.pollInterval)}`;
  const family = inputs.family === 'market' ? '' : `family ${inputs.family}, `;
  logger.info(
    `Waiting for ${count === 1 ? `kie.ai task ${inputs.taskIds[0]}` : `${count} kie.ai tasks`} ` +
      `(${family}timeout ${formatMs(inputs.timeoutMs)}, polling ${cadence})`,
  );

  // One deadline for the step, shared by the wait and the downloads, which start as each task succeeds.
  const deadline = Date.now() + inputs.timeoutMs;
  const downloader = inputs.download ? await startDownloads(inputs, context, deadline) : null;
  let results: WaitResult[] | null = null;
  try {
    results = await client.waitForTasks(inputs.taskIds, {
      family: inputs.family,
      timeoutMs: inputs.timeoutMs,
      // A fixed interval means fixed: no jitter. `auto` keeps the core's ±20 %.
      ...(inputs.pollInterval === 'auto'
        ? { interval: 'auto' }
        : { interval: inputs.pollInterval, jitter: 0 }),
      ...(inputs.maxRequestsPerSecond === null ? {} : { maxRequestsPerSecond: inputs.maxRequestsPerSecond }),
      ...(context.signal ? { signal: context.signal } : {}),
      onProgress: (event) => {
        progress.onProgress(event);
        timeline.observe(event);
        downloader?.onProgress(event);
      },
      onRetry: (event) => progress.onRetry(event),
    });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
  }
  // Redacted once, raw, before any presenter escapes, serialises or clips them (a server may echo the key).
  const secrets = context.secrets ?? new Secrets();
  const outcomes = tracker
    .settle(results, cancelReason(context.signal) ?? new CancelledError('abort'))
    .map((outcome) => redactOutcome(outcome, secrets));
  const chart = renderTimeline(secrets.removeDeep(timeline.tracks()), outcomes, {
    startedAt: timeline.startedAt,
    endAt: Date.now(),
  });

  logResults(outcomes, logger);
  const lines = failureLines(outcomes, inputs.failOnError, progress.elapsedMs);
  let downloads: DownloadReport | null = null;
  // After a cancel with no download started, there is nothing to report (as before any task succeeded).
  if (downloader && (!context.signal?.aborted || downloader.started)) {
    try {
      downloads = await downloader.finish(outcomes);
    } catch (error) {
      // The folder could not be used: like a bad input, this fails the step whatever fail-on-error says.
      lines.add(error instanceof Error ? error.message : String(error));
    }
  }
  if (downloads) downloadFailures(downloads, inputs.failOnError, logger).forEach((line) => lines.add(line));
  return {
    outcomes,
    outputs: buildOutputs(outcomes, {
      family: inputs.family,
      files: downloads?.files.map((file) => file.path) ?? [],
    }),
    summary: renderSummary(outcomes, { family: inputs.family, downloads, timeline: chart }),
    failure: lines.size > 0 ? [...lines].join('\n') : null,
    deadline,
  };
}

/** Loads the downloader (only now: runs without downloads never pay for it) and starts it, before the wait. */
async function startDownloads(inputs: Inputs, context: RunContext, deadline: number): Promise<Downloads> {
  const { startDownloads: start } = await import('./download.js');
  return start({
    inputs: inputs.download!,
    apiKey: inputs.apiKey,
    baseUrl: inputs.baseUrl,
    taskIds: inputs.taskIds,
    deadline,
    logger: context.logger,
    signal: context.signal,
    fetch: context.fetch,
  });
}

/**
 * Failure lines for the downloads: a cancel always; each failed file (host and reason, never the signed URL) when
 * `failOnError`, else a warning per file.
 */
function downloadFailures(report: DownloadReport, failOnError: boolean, logger: Logger): string[] {
  const lines: string[] = [];
  if (report.stopped) {
    const saved = report.files.length;
    lines.push(
      `Stopped downloading: ${report.stopped}. ${saved} ${saved === 1 ? 'file was' : 'files were'} saved.`,
    );
  }
  for (const failure of report.failures) {
    if (failOnError) lines.push(failure.message);
    else logger.warning(failure.message);
  }
  return lines;
}

function redactOutcome(outcome: TaskOutcome, secrets: Secrets): TaskOutcome {
  return {
    taskId: secrets.remove(outcome.taskId),
    kind: outcome.kind,
    record: outcome.record && secrets.removeDeep(outcome.record),
    error: outcome.error && secrets.removeFromError(outcome.error),
  };
}

function cancelReason(signal: AbortSignal | undefined): Error | null {
  if (!signal?.aborted) return null;
  return signal.reason instanceof Error ? signal.reason : new CancelledError(String(signal.reason));
}

/**
 * Why the step fails, one line per problem: API errors (with what they mean and the fix), timeouts (last state, time
 * waited), a cancel, and — when `failOnError` — failed tasks as `Task <id> failed (<failCode>): <failMsg>`.
 */
function failureLines(
  outcomes: readonly TaskOutcome[],
  failOnError: boolean,
  elapsedMs: number,
): Set<string> {
  const lines = new Set<string>();
  const cancelled = outcomes.filter((o) => o.kind === 'cancelled');
  if (cancelled.length > 0) {
    const reason = cancelled[0]!.error?.message ?? 'the run was cancelled';
    const states = cancelled
      .map((o) => `${o.taskId} ${o.record ? stateLabel(o.record) : 'not seen yet'}`)
      .join(', ');
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
  return lines;
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
  const state = record ? stateLabel(record) : 'no state seen';
  switch (outcome.kind) {
    case 'success':
      return `success, ${record?.resultUrls.length ?? 0} result URL(s)`;
    case 'fail':
      return record ? failLabel(record) : 'fail';
    case 'timeout':
      return `timed out, last state ${state}`;
    case 'cancelled':
      return `cancelled, last state ${state}`;
    case 'error':
      return `stopped by an error, last state ${state}`;
  }
}
