/** `kie-task wait <taskId...>`: wait for tasks, show progress, print results, optionally download them. */
import type { WaitResult } from '@kie-task/core';
import { OutcomeTracker, summarizeOutcome, toMarketState, type TaskSummary } from '@kie-task/core/internal';
import { startResultDownloads, type DownloadedFile, type ResultDownloads } from '@kie-task/node-io/download';
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
  const downloads = flags.download !== undefined ? startDownloads(ctx, flags, taskIds, refresh) : null;

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
        // A task's files start downloading as soon as it succeeds, while the others are still polled.
        if (event.record?.status === 'success') downloads?.add(event.taskId, event.record.resultUrls);
        const { taskId, elapsedMs, record, notVisible } = event;
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
  if (downloads && (results || downloads.started)) {
    const downloaded = await downloads.finish(summaries);
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

/** The downloads of `wait --download`: each task's start when it succeeds; `finish` waits for them all. */
interface WaitDownloads {
  readonly started: boolean;
  add(taskId: string, resultUrls: readonly string[]): void;
  finish(summaries: readonly TaskSummary[]): Promise<{ files: DownloadedFile[]; code: number }>;
}

function startDownloads(
  ctx: CommandContext,
  flags: WaitFlags,
  taskIds: readonly string[],
  refresh: (url: string, signal: AbortSignal) => Promise<string>,
): WaitDownloads {
  const arrived: DownloadedFile[] = [];
  const queued = new Set<string>();
  let queue: ResultDownloads | null = null;
  // Created at the first success: --download-timeout counts from when downloading starts.
  const open = (): ResultDownloads =>
    (queue ??= startResultDownloads({
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
    }));
  const add = (taskId: string, resultUrls: readonly string[]): void => {
    if (queued.has(taskId) || resultUrls.length === 0) return;
    queued.add(taskId);
    open().add({ taskId, resultUrls });
  };
  const order = (file: DownloadedFile): number => taskIds.indexOf(file.taskId) * 1e6 + file.index;
  return {
    get started(): boolean {
      return queued.size > 0;
    },
    add,
    async finish(summaries) {
      for (const s of summaries) if (s.outcome === 'success') add(s.taskId, s.resultUrls);
      try {
        const outcome = await open().done();
        return {
          files: [...outcome.files].sort((a, b) => order(a) - order(b)),
          code: outcome.failures.length > 0 ? ExitCode.ApiError : ExitCode.Ok,
        };
      } catch (error) {
        if (!(error instanceof Error && error.name === 'AbortError')) throw error;
        printError(ctx, 'interrupted while downloading');
        return { files: arrived.sort((a, b) => order(a) - order(b)), code: ExitCode.Interrupted };
      }
    },
  };
}
