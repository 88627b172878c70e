/**
 * `kie-task wait <taskId...>`: the CLI's presenter of a wait session (@kie-task/node-io: one history, downloads as
 * each task succeeds, core's settled outcomes) — progress on stderr, results on stdout, the exit code.
 */
import type { TaskOutcome } from '@kie-task/core';
import { summarizeOutcome, toMarketState, type TaskSummary } from '@kie-task/core/internal';
import type { DownloadReport } from '@kie-task/node-io/wait-session';
import { runWaitSession } from '@kie-task/node-io/wait-session';
import { ExitCode, exitCodeForOutcome, mostSevere } from '../exit-codes.js';
import { PlainProgress } from '../progress/plain.js';
import { TtyProgress } from '../progress/tty.js';
import { silentProgress, type Progress } from '../progress/types.js';
import { cleanLine } from '../terminal-text.js';
import { connect, printError, printJson, type CommandContext, type GlobalFlags } from './context.js';

/** Flags of `wait`, parsed. */
export interface WaitFlags extends GlobalFlags {
  json?: boolean;
  quiet?: boolean;
  family: string;
  /** ms */
  timeout: number;
  /** `'auto'` or ms */
  interval: 'auto' | number;
  /** A ceiling on status requests per second; absent = adaptive. */
  maxRequestsPerSecond?: number;
  /** Folder to download results into. */
  download?: string;
  /** bytes */
  maxDownloadSize: number;
  /** ms, for all downloads together */
  downloadTimeout: number;
}

/** Why tasks stopped when the whole wait was interrupted (SIGINT/SIGTERM). */
const INTERRUPTED = 'Interrupted before the task finished';

/**
 * Waits for every task through one shared scheduler. stdout gets the results only (result URLs, or the saved
 * file paths with --download; one JSON array of TaskSummary with --json); progress and errors go to stderr.
 */
export async function runWait(
  ids: readonly string[],
  flags: WaitFlags,
  ctx: CommandContext,
): Promise<number> {
  const taskIds = [...new Set(ids)];
  const connection = connect(ctx, flags);
  const progress = chooseProgress(ctx, flags);
  progress.start(taskIds);
  let session;
  try {
    session = await runWaitSession({
      connection,
      taskIds,
      wait: {
        family: flags.family,
        timeoutMs: flags.timeout,
        interval: flags.interval,
        ...(flags.maxRequestsPerSecond === undefined
          ? {}
          : { maxRequestsPerSecond: flags.maxRequestsPerSecond }),
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      },
      downloads:
        flags.download === undefined
          ? null
          : {
              dir: flags.download,
              maxBytes: flags.maxDownloadSize,
              // --download-timeout counts from when downloading starts.
              deadline: () => Date.now() + flags.downloadTimeout,
              onFile: (file) => {
                if (flags.json) ctx.io.stderr.write(`saved ${file.path}\n`);
              },
              onFailure: (failure) => printError(ctx, failure.message),
            },
      onProgress: ({ taskId, elapsedMs, record, notVisible }) => {
        const state = record ? toMarketState(record) : 'unknown';
        const status = notVisible ? 'not-visible' : (record?.status ?? 'pending');
        progress.update({
          taskId,
          state,
          status,
          elapsedMs,
          progress: record?.progress ?? null,
          failure: record?.status === 'failed' ? failureText(record.failCode, record.failMsg) : null,
        });
      },
      onRetry: ({ taskId, error }) => progress.retry(taskId, error.message),
    });
  } catch (error) {
    progress.end([]);
    throw error;
  }

  const summaries = session.outcomes.map((outcome) => summarizeOutcome(interrupted(outcome), flags.family));
  progress.end(summaries);
  const codes = session.outcomes.map((outcome) => exitCodeForOutcome(outcome.kind));
  reportProblems(ctx, summaries);
  const files = session.downloads ? presentDownloads(ctx, session.downloads, codes) : [];

  if (flags.json) {
    printJson(ctx, summaries);
  } else if (flags.download !== undefined) {
    for (const file of files) ctx.io.stdout.write(`${file}\n`);
  } else {
    for (const summary of summaries) {
      if (summary.outcome === 'success') {
        for (const url of summary.resultUrls) ctx.io.stdout.write(`${cleanLine(url)}\n`);
      }
    }
  }
  return mostSevere(codes);
}

/** A cancelled task says it was interrupted, in the CLI's words. */
function interrupted(outcome: TaskOutcome): TaskOutcome {
  return outcome.kind === 'cancelled' ? { ...outcome, error: new Error(INTERRUPTED) } : outcome;
}

/** The saved paths, in task and URL order; adds the downloads' exit code (4 for a failed file, 130 if stopped). */
function presentDownloads(ctx: CommandContext, report: DownloadReport, codes: number[]): string[] {
  if (report.stopped !== null) {
    printError(ctx, 'interrupted while downloading');
    codes.push(ExitCode.Interrupted);
  } else {
    codes.push(report.failures.length > 0 ? ExitCode.ApiError : ExitCode.Ok);
  }
  return report.files.map((file) => file.path);
}

/** A failed task's code and message, for the progress line that reports it. */
function failureText(code: string | null, message: string | null): string {
  return `${code ? `(${code}) ` : ''}${message ?? 'no failMsg given'}`;
}

function chooseProgress(ctx: CommandContext, flags: WaitFlags): Progress {
  if (flags.quiet) return silentProgress;
  const stderr = ctx.io.stderr;
  if (stderr.isTTY === true && ctx.env['TERM'] !== 'dumb') {
    // https://no-color.org: any non-empty NO_COLOR turns colour off.
    const colour = !ctx.env['NO_COLOR'];
    return new TtyProgress(stderr, { hideCursor: ctx.hideCursor, colour });
  }
  return new PlainProgress(stderr);
}

/** One stderr line per task that did not succeed (identical API errors, e.g. a bad key, once). */
function reportProblems(ctx: CommandContext, summaries: readonly TaskSummary[]): void {
  const said = new Set<string>();
  for (const summary of summaries) {
    let line: string | null = null;
    if (summary.outcome === 'cancelled') {
      line = `interrupted; task ${summary.taskId} was ${summary.state ?? 'not seen yet'}`;
    } else if (summary.error !== null) {
      line =
        summary.timedOut || summary.error.includes(summary.taskId)
          ? summary.error
          : `task ${summary.taskId}: ${summary.error}`;
      if (!summary.timedOut && said.has(summary.error)) line = null;
      said.add(summary.error);
    } else if (summary.outcome === 'fail') {
      const code = summary.failCode ? ` (failCode ${summary.failCode})` : '';
      line = `task ${summary.taskId} failed${code}: ${summary.failMsg ?? 'no failMsg given'}`;
    }
    if (line !== null) printError(ctx, line);
  }
}
