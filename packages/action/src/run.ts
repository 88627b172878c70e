/**
 * The Action's presenter, without the runner: creates the tasks when asked, runs the wait session of
 * @kie-task/node-io (client, one history, downloads as each task succeeds, core's settled outcomes) and turns what it
 * returns into the log, the outputs, the job summary and the failure message (if the step should fail). Never
 * touches process or env.
 */
import { CreateOutcomeUnknownError, type KieClient, type TaskOutcome } from '@kie-task/core';
import { DeadlineReached, formatMs, linkSignals, stateLabel } from '@kie-task/core/internal';
import type { Deadline } from '@kie-task/node-io/deadline';
import { connect, runWaitSession } from '@kie-task/node-io/wait-session';
import { CancelledError } from './cancel.js';
import type { DownloadReport } from './download.js';
import { oneLine } from './workflow-commands.js';
import type { CreateInputs, Inputs } from './inputs.js';
import { renderSummary } from './job-summary.js';
import { Secrets, type Logger } from './log.js';
import { buildOutputs, type Outputs } from './outputs.js';
import { ProgressLog } from './progress-log.js';
import type { RerunSite } from './rerun/site.js';
import type { RerunMemory, openRerunMemory as OpenRerunMemory } from './rerun/memory.js';
import { renderTimeline, timelineTracks } from './timeline.js';

/** What run() needs from its surroundings. */
export interface RunContext {
  logger: Logger;
  /** Aborting stops the wait at once (SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /**
   * The step's one deadline (its `timeout`), started by main: creating, waiting and downloads get what is left of
   * it, and the comment after them.
   */
  deadline: Deadline;
  /** A proxy-aware fetch, when one is needed. */
  fetch?: typeof fetch | undefined;
  now?: () => number;
  /** The run's secrets: removed from every outcome before anything presents it. Default: none. */
  secrets?: Secrets;
  /** Where the step runs (the runner's variables): creates are remembered for re-runs. Default: not remembered. */
  rerun?: RerunSite | null;
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
  const connection = connect({
    apiKey: inputs.apiKey,
    baseUrl: inputs.baseUrl,
    userAgent: 'kie-task-action',
    fetch: context.fetch,
  });
  // One deadline for the step: creating, waiting, and downloads get what is left of it.
  const deadline = context.deadline.at;
  let taskIds = inputs.taskIds;
  let createFailure: string | null = null;
  let reattached: string[] = [];
  if (inputs.create) {
    const memory = context.rerun
      ? await openMemory(inputs, context.rerun, {
          client: connection.client,
          logger,
          signal: context.signal,
          deadline,
        })
      : null;
    const created = await createTasks(
      connection.client,
      inputs.create,
      logger,
      context.signal,
      deadline,
      memory,
    );
    taskIds = created.taskIds;
    createFailure = created.failure;
    reattached = created.reattached;
    if (taskIds.length === 0) {
      return {
        outcomes: [],
        outputs: buildOutputs([], { family: inputs.family }),
        summary: '',
        failure: createFailure,
      };
    }
  }
  const progress = new ProgressLog(taskIds, logger, context.now);
  const count = taskIds.length;
  const cadence = inputs.pollInterval === 'auto' ? 'auto' : `every ${formatMs(inputs.pollInterval)}`;
  const family = inputs.family === 'market' ? '' : `family ${inputs.family}, `;
  logger.info(
    `Waiting for ${count === 1 ? `kie.ai task ${taskIds[0]}` : `${count} kie.ai tasks`} ` +
      `(${family}timeout ${formatMs(inputs.timeoutMs)}, polling ${cadence})`,
  );

  // The downloads' presenter is loaded only when downloading: runs without downloads never pay for it.
  const downloads = inputs.download
    ? (await import('./download.js')).actionDownloads(inputs.download, count, deadline, logger)
    : null;
  const session = await runWaitSession({
    connection,
    taskIds,
    wait: {
      family: inputs.family,
      timeoutMs: Math.max(1, deadline - Date.now()),
      // A fixed interval means fixed: no jitter. `auto` keeps the core's ±20 %.
      ...(inputs.pollInterval === 'auto'
        ? { interval: 'auto' }
        : { interval: inputs.pollInterval, jitter: 0 }),
      ...(inputs.maxRequestsPerSecond === null ? {} : { maxRequestsPerSecond: inputs.maxRequestsPerSecond }),
      ...(context.signal ? { signal: context.signal } : {}),
    },
    downloads: downloads?.settings ?? null,
    onProgress: (event, previous, history) => progress.onProgress(event, previous, history),
    onRetry: (event) => progress.onRetry(event),
  });
  // Redacted once, raw, before any presenter escapes, serialises or clips them (a server may echo the key).
  const secrets = context.secrets ?? new Secrets();
  const cancelled = cancelReason(context.signal);
  const outcomes = session.outcomes.map((outcome) => redactOutcome(outcome, secrets, cancelled));
  const chart = renderTimeline(secrets.removeDeep(timelineTracks(session.history.tasks())), outcomes, {
    startedAt: session.history.startedAt,
    endAt: Date.now(),
  });

  logResults(outcomes, logger);
  const lines = failureLines(outcomes, inputs.failOnError, progress.elapsedMs);
  // The create's failure comes first: it is why some tasks are missing.
  const allLines = createFailure ? new Set([createFailure, ...lines]) : lines;
  let report: DownloadReport | null = null;
  if (downloads && session.downloads) {
    try {
      report = downloads.report(session.downloads);
    } catch (error) {
      // The folder could not be used: like a bad input, this fails the step whatever fail-on-error says.
      allLines.add(error instanceof Error ? error.message : String(error));
    }
  }
  if (report) downloadFailures(report, inputs.failOnError, logger).forEach((line) => allLines.add(line));
  return {
    outcomes,
    outputs: buildOutputs(outcomes, {
      family: inputs.family,
      files: report?.files.map((file) => file.path) ?? [],
      created: inputs.create !== null,
      reattached,
    }),
    summary: renderSummary(outcomes, {
      family: inputs.family,
      downloads: report,
      timeline: chart,
      showPrompt: inputs.showPrompt,
      created: inputs.create !== null,
      reattached,
    }),
    failure: allLines.size > 0 ? [...allLines].join('\n') : null,
  };
}

/**
 * Opens the re-run memory (rerun/, with @actions/cache: loaded only now, so runs that only wait never pay for it).
 * Never rejects: a memory that cannot work warns once and remembers nothing.
 */
async function openMemory(
  inputs: Inputs,
  site: RerunSite,
  step: { client: KieClient; logger: Logger; signal: AbortSignal | undefined; deadline: number },
): Promise<RerunMemory | null> {
  const create = inputs.create!;
  let openRerunMemory: typeof OpenRerunMemory;
  try {
    ({ openRerunMemory } = await import('./rerun/memory.js'));
  } catch (error) {
    step.logger.warning(
      `Re-run memory: could not load it (${oneLine(error instanceof Error ? error.message : String(error))}). ` +
        'A re-run of this step may create (and pay for) its tasks again; this run goes on.',
    );
    return null;
  }
  return openRerunMemory({
    site,
    step: {
      family: inputs.family,
      model: create.model,
      inputs: create.inputs,
      callBackUrl: create.callBackUrl,
      rerunKey: create.rerun.key,
    },
    onRerun: create.rerun.onRerun,
    ...step,
  });
}

/** The tasks created, in input order, and why creating stopped early (null when every create worked). */
interface Created {
  taskIds: string[];
  failure: string | null;
  /** The tasks taken over from an earlier attempt (a re-run), not created again. */
  reattached: string[];
}

/**
 * Creates one task per input, in order, through the client's create window. The first create that fails — fatal
 * or "may have been created" — stops the rest: they are reported as not sent, and the tasks already created are
 * still waited for. With a re-run memory, an item whose task an earlier attempt created is taken over instead, and
 * each create is remembered at once.
 */
async function createTasks(
  client: KieClient,
  create: CreateInputs,
  logger: Logger,
  signal: AbortSignal | undefined,
  deadline: number,
  memory: RerunMemory | null,
): Promise<Created> {
  const total = create.inputs.length;
  const which = (i: number): string => (total === 1 ? 'the task' : `task ${i + 1} of ${total}`);
  const reattached = (memory?.reattached ?? []).filter((id): id is string => id !== null);
  const toCreate = total - reattached.length;
  const what = create.model === null ? `in family ${create.family}` : `with model ${create.model}`;
  if (toCreate > 0) logger.info(`Creating ${toCreate === 1 ? 'a task' : `${toCreate} tasks`} ${what}`);
  const taskIds: string[] = [];
  // The step's cancel and its deadline: a create still waiting for a slot is then never sent.
  const stop = linkSignals([signal], Math.max(0, deadline - Date.now()));
  try {
    for (const [i, input] of create.inputs.entries()) {
      const kept = memory?.reattached[i];
      if (kept) {
        taskIds.push(kept);
        continue;
      }
      try {
        const taskId = await client.createTask(
          create.model === null
            ? { family: create.family, input, callBackUrl: create.callBackUrl }
            : { model: create.model, input, callBackUrl: create.callBackUrl },
          {
            signal: stop.signal,
            onRetry: ({ error, delayMs }) =>
              logger.info(
                `Creating ${which(i)}: ${oneLine(error.message)}; sending again in ${formatMs(delayMs)}`,
              ),
          },
        );
        taskIds.push(taskId);
        memory?.remember(i, taskId);
        logger.info(`Created ${which(i)}: ${taskId}`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        const reason =
          error instanceof Error && error.name === 'AbortError'
            ? `Stopped before creating ${which(i)}: ${stop.signal.reason instanceof DeadlineReached ? 'the timeout passed' : 'the run was cancelled'}; it was not sent.`
            : total === 1
              ? `Could not create the task: ${message}`
              : `Could not create ${which(i)}: ${message}`;
        const notSent = total - i - 1;
        const rest =
          total === 1
            ? ''
            : ` Created before it: ${taskIds.length === 0 ? 'none' : taskIds.join(', ')}.` +
              (notSent > 0
                ? ` Not sent: ${notSent === 1 ? `task ${total}` : `tasks ${i + 2} to ${total}`}.`
                : '');
        if (error instanceof CreateOutcomeUnknownError) logger.warning(oneLine(error.message));
        return { taskIds, failure: `${reason}${rest}`, reattached };
      }
    }
    return { taskIds, failure: null, reattached };
  } finally {
    stop.dispose();
    // Remembered before waiting: a re-run must find every task created, even if this run is then cancelled.
    await memory?.settle();
  }
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

/** The outcome with the run's secrets removed; a cancelled task says why the run was cancelled (SIGINT, SIGTERM). */
function redactOutcome(outcome: TaskOutcome, secrets: Secrets, cancelled: Error | null): TaskOutcome {
  const error = outcome.kind === 'cancelled' && cancelled ? cancelled : outcome.error;
  return {
    ...outcome,
    taskId: secrets.remove(outcome.taskId),
    record: outcome.record && secrets.removeDeep(outcome.record),
    error: error && secrets.removeFromError(error),
  } as TaskOutcome;
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
  // Each task's final state was logged once already, when a poll saw it (progress-log.ts), and a failure is the
  // step's error: here only the result URLs, which the state line does not list.
  const withUrls = outcomes.filter((o) => (o.record?.resultUrls.length ?? 0) > 0);
  if (withUrls.length === 0) return;
  const urls = withUrls.reduce((n, o) => n + o.record!.resultUrls.length, 0);
  const grouped = outcomes.length > 1 || urls > 3;
  if (grouped)
    logger.startGroup(
      `Results: ${outcomes.length} ${outcomes.length === 1 ? 'task' : 'tasks'}, ${urls} result URLs`,
    );
  for (const outcome of withUrls) {
    logger.info(`${outcome.taskId} result URLs:`);
    for (const url of outcome.record!.resultUrls) logger.info(`  ${oneLine(url)}`);
  }
  if (grouped) logger.endGroup();
}
