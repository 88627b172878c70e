/**
 * Downloading the results into `download-dir`, when `download: true`. run.ts imports this module dynamically, so
 * runs without downloads never load it. The work is @kie-task/node-io's streaming downloader:
 * abortable, stall-detecting, size-capped while streaming, retried within the deadline, and it builds every file
 * name itself (`<taskId>-<n>.<ext>` from a reduced character set; Content-Disposition is ignored), so nothing can
 * be written outside the folder.
 */
import type { TaskOutcome } from '@kie-task/core/internal';
import {
  createDownloadUrlRefresher,
  downloadResults,
  formatBytes,
  type DownloadFailure,
  type DownloadedFile,
} from '@kie-task/node-io/download';
import { createDownloadFolder, displayPath } from '@kie-task/node-io/paths';
import type { DownloadInputs } from './inputs.js';
import type { Logger } from './log.js';

/** What {@link downloadOutcomes} needs. */
export interface DownloadRequest {
  inputs: DownloadInputs;
  /** For fresh links to expired results (`POST /api/v1/common/download-url`); never sent to the file host. */
  apiKey: string;
  baseUrl: string;
  outcomes: readonly TaskOutcome[];
  /** Epoch ms: the step's deadline, shared with the wait. */
  deadline: number;
  logger: Logger;
  signal?: AbortSignal | undefined;
  /** Proxy-aware fetch, for the file host and kie.ai alike. */
  fetch?: typeof fetch | undefined;
}

/** A result saved in `download-dir`. */
interface SavedResult {
  taskId: string;
  /** 1-based position in the task's result URLs. */
  index: number;
  /** Absolute. */
  path: string;
  /** Relative to the workspace, with forward slashes: how the log and the summary show it. */
  shown: string;
  bytes: number;
}

/** A result that did not arrive: the message names the URL's host and the reason, never the URL. */
interface FailedResult {
  taskId: string;
  index: number;
  message: string;
}

/** What the downloads came to. */
export interface DownloadReport {
  /** The folder, relative to the workspace, with forward slashes. */
  dir: string;
  /** Task by task, in URL order. */
  files: SavedResult[];
  failures: FailedResult[];
  /** Why downloading stopped before the end (a cancel), or null. Files that arrived are still listed. */
  stopped: string | null;
}

/**
 * Downloads every result URL of the successful tasks into `inputs.dir` (created if missing). Resolves with what
 * arrived and what did not; rejects only when the folder cannot be used (outside the workspace through a symbolic
 * link, or not creatable).
 */
export async function downloadOutcomes(request: DownloadRequest): Promise<DownloadReport> {
  const { inputs, logger, signal } = request;
  await createDownloadFolder(inputs.workspace, inputs.dir);
  const tasks = request.outcomes
    .filter((o) => o.kind === 'success' && o.record)
    .map((o) => ({ taskId: o.taskId, resultUrls: o.record!.resultUrls }));
  const count = tasks.reduce((n, t) => n + t.resultUrls.length, 0);
  const shown = displayPath(inputs.workspace, inputs.dir);
  logger.info(
    `Downloading ${count} ${count === 1 ? 'result' : 'results'} to ${shown} (at most ${formatBytes(inputs.maxBytes)} each)`,
  );
  const arrived: DownloadedFile[] = [];
  const failed: DownloadFailure[] = [];
  const refresh = createDownloadUrlRefresher({
    apiKey: request.apiKey,
    baseUrl: request.baseUrl,
    userAgent: 'kie-task-action',
    ...(request.fetch ? { fetch: request.fetch } : {}),
  });
  let stopped: string | null = null;
  try {
    await downloadResults(tasks, {
      dir: inputs.dir,
      maxBytes: inputs.maxBytes,
      deadline: request.deadline,
      refresh,
      ...(signal ? { signal } : {}),
      ...(request.fetch ? { fetch: request.fetch } : {}),
      onFile: (file) => {
        arrived.push(file);
        logger.info(`  saved ${displayPath(inputs.workspace, file.path)} (${formatBytes(file.bytes)})`);
      },
      onFailure: (failure) => {
        failed.push(failure);
        logger.info(`  ${failure.message}`);
      },
    });
  } catch (error) {
    if (!(error instanceof Error && error.name === 'AbortError')) throw error;
    const reason: unknown = signal?.reason;
    stopped = reason instanceof Error ? reason.message : 'the run was cancelled';
  }
  // Completion order → task by task, in URL order.
  const position = (taskId: string, index: number): number =>
    tasks.findIndex((t) => t.taskId === taskId) * 1e6 + index;
  const byPosition = <T extends { taskId: string; index: number }>(a: T, b: T): number =>
    position(a.taskId, a.index) - position(b.taskId, b.index);
  return {
    dir: shown,
    files: arrived.sort(byPosition).map(({ taskId, index, path, bytes }) => ({
      taskId,
      index,
      path,
      shown: displayPath(inputs.workspace, path),
      bytes,
    })),
    failures: failed.sort(byPosition).map(({ taskId, index, message }) => ({ taskId, index, message })),
    stopped,
  };
}
