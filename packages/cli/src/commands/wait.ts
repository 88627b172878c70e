/** `kie-task wait <taskId...>`: wait for tasks, show progress, print results, optionally download them. */
import type { WaitResult } from '@kie-task/core';
import { OutcomeTracker, summarizeOutcome, toMarketState, type TaskSummary } from '@kie-task/core/internal';
import { downloadResults, type DownloadedFile } from '@kie-task/node-io/download';
import { ExitCode, exitCodeForOutcome, mostSevere } from '../exit-codes.js';
import { PlainProgress } from '../progress/plain.js';
import { TtyProgress } from '../progress/tty.js';
import { silentProgress, type Progress } from '../progress/types.js';
import { cleanLine } from '../sanitize.js';
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
const INTERRUPTED = new Error('Interrupted before the task finished');

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
  const { client, refresh } = connect(ctx, flags);
  const signal = ctx.io.signal;
  const progress = chooseProgress(ctx, flags);
  const tracker = new OutcomeTracker(taskIds);

  progress.start(taskIds);
  let results: WaitResult[] | null = null;
  try {
    results = await client.waitForTasks(taskIds, {
      family: flags.family,
      timeoutMs: flags.timeout,
      interval: flags.interval,
      ...(flags.maxRequestsPerSecond === undefined
        ? {}
        : { maxRequestsPerSecond: flags.maxRequestsPerSecond }),
      ...(signal ? { signal } : {}),
      onProgress: (event) => {
        tracker.observe(event);
        const { taskId, elapsedMs, record, notVisible } = event;
        const state = record ? toMarketState(record) : 'unknown';
        const status = notVisible ? 'not-visible' : (record?.status ?? 'pending');
        progress.update({ taskId, state, status, elapsedMs, progress: record?.progress ?? null });
      },
      onRetry: ({ taskId, error }) => progress.retry(taskId, error.message),
    });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) {
      progress.end([]);
      throw error;
    }
  }

  const outcomes = tracker.settle(results, INTERRUPTED);
  const summaries = outcomes.map((outcome) => summarizeOutcome(outcome, flags.family));
  progress.end(summaries);
  const codes = outcomes.map((outcome) => exitCodeForOutcome(outcome.kind));
  reportProblems(ctx, summaries);

  let files: DownloadedFile[] = [];
  if (flags.download !== undefined && results) {
    const downloaded = await download(ctx, flags, summaries, refresh);
    files = downloaded.files;
    codes.push(downloaded.code);
  }

  if (flags.json) {
    printJson(ctx, summaries);
  } else if (flags.download !== undefined) {
    for (const file of files) ctx.io.stdout.write(`${file.path}\n`);
  } else {
    for (const summary of summaries) {
      if (summary.outcome === 'success') {
        for (const url of summary.resultUrls) ctx.io.stdout.write(`${cleanLine(url)}\n`);
      }
    }
  }
  return mostSevere(codes);
}

function chooseProgress(ctx: CommandContext, flags: WaitFlags): Progress {
  if (flags.quiet) return silentProgress;
  const stderr = ctx.io.stderr;
  if (stderr.isTTY === true && ctx.env['TERM'] !== 'dumb')
    return new TtyProgress(stderr, { hideCursor: ctx.hideCursor });
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

async function download(
  ctx: CommandContext,
  flags: WaitFlags,
  summaries: readonly TaskSummary[],
  refresh: (url: string, signal: AbortSignal) => Promise<string>,
): Promise<{ files: DownloadedFile[]; code: number }> {
  const tasks = summaries.filter((s) => s.outcome === 'success' && s.resultUrls.length > 0);
  const arrived: DownloadedFile[] = [];
  try {
    const outcome = await downloadResults(tasks, {
      dir: flags.download!,
      maxBytes: flags.maxDownloadSize,
      deadline: Date.now() + flags.downloadTimeout,
      refresh,
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
      ...(ctx.io.fetch ? { fetch: ctx.io.fetch } : {}),
      onFile: (file) => {
        arrived.push(file);
        if (flags.json) ctx.io.stderr.write(`saved ${file.path}\n`);
      },
      onFailure: (failure) => printError(ctx, failure.message),
    });
    return { files: outcome.files, code: outcome.failures.length > 0 ? ExitCode.ApiError : ExitCode.Ok };
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    printError(ctx, 'interrupted while downloading');
    const order = (file: DownloadedFile): number =>
      tasks.findIndex((t) => t.taskId === file.taskId) * 1e6 + file.index;
    return { files: arrived.sort((a, b) => order(a) - order(b)), code: ExitCode.Interrupted };
  }
}
