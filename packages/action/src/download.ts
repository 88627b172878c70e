/**
 * Downloading the results into `download-dir`, when `download: true`, each task's as soon as it succeeds. run.ts
 * imports this module dynamically, so runs without downloads never load it. The work is @kie-task/node-io's streaming downloader:
 * abortable, stall-detecting, size-capped while streaming, retried within the deadline, and it builds every file
 * name itself (`<taskId>-<n>.<ext>` from a reduced character set; Content-Disposition is ignored), so nothing can
 * be written outside the folder.
 */
import type { WaitProgress } from '@kie-task/core';
import type { TaskOutcome } from '@kie-task/core/internal';
import {
  createDownloadUrlRefresher,
  startResultDownloads,
  formatBytes,
  type DownloadFailure,
  type DownloadedFile,
} from '@kie-task/node-io/download';
import { createDownloadFolder, displayPath } from '@kie-task/node-io/paths';
import type { DownloadInputs } from './inputs.js';
import type { Logger } from './log.js';

/** What {@link startDownloads} needs. */
export interface DownloadRequest {
  inputs: DownloadInputs;
  /** For fresh links to expired results (`POST /api/v1/common/download-url`); never sent to the file host. */
  apiKey: string;
  baseUrl: string;
  /** Every task of the step, in input order: the report lists files in this order. */
  taskIds: readonly string[];
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

/** Downloads that start while the wait goes on: see {@link startDownloads}. */
export interface Downloads {
  /** True once a task's downloads were queued. */
  readonly started: boolean;
  /** Feed every WaitProgress here: a record that turns `success` starts that task's downloads at once. */
  onProgress(progress: WaitProgress): void;
  /**
   * After the wait: queues any successful task not seen yet, waits for every download and reports, task by task
   * in URL order. Rejects only when the folder cannot be used (outside the workspace through a symbolic link, or
   * not creatable).
   */
  finish(outcomes: readonly TaskOutcome[]): Promise<DownloadReport>;
}

/**
 * Downloads every result URL of the successful tasks into `inputs.dir` (created when the first task succeeds), each
 * task's as soon as a poll sees it succeed: the last file lands about one download after the slowest task, not
 * after the slowest task plus every download. One deadline and one signal, shared with the wait.
 */
export function startDownloads(request: DownloadRequest): Downloads {
  const { inputs, logger, signal } = request;
  const shown = displayPath(inputs.workspace, inputs.dir);
  const limit = `(at most ${formatBytes(inputs.maxBytes)} each)`;
  const arrived: DownloadedFile[] = [];
  const failed: DownloadFailure[] = [];
  const queue = startResultDownloads({
    dir: inputs.dir,
    maxBytes: inputs.maxBytes,
    deadline: request.deadline,
    refresh: createDownloadUrlRefresher({
      apiKey: request.apiKey,
      baseUrl: request.baseUrl,
      userAgent: 'kie-task-action',
      ...(request.fetch ? { fetch: request.fetch } : {}),
    }),
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
  const queued = new Set<string>();
  let logged = false;
  let folder: Promise<void> | null = null;
  let folderError: Error | null = null;
  // Adds run in order, each after the folder exists; a folder that cannot be used stops every add (finish reports it).
  let chain: Promise<void> = Promise.resolve();
  const ready = (): Promise<void> => (folder ??= createDownloadFolder(inputs.workspace, inputs.dir));
  const add = (taskId: string, resultUrls: readonly string[]): void => {
    if (queued.has(taskId)) return;
    queued.add(taskId);
    chain = chain
      .then(async () => {
        if (folderError !== null) return;
        await ready();
        if (signal?.aborted) return;
        const n = resultUrls.length;
        if (n > 0 || request.taskIds.length === 1) {
          const of = request.taskIds.length === 1 ? '' : ` of ${taskId}`;
          logger.info(`Downloading ${n} ${n === 1 ? 'result' : 'results'}${of} to ${shown} ${limit}`);
          logged = true;
        }
        queue.add({ taskId, resultUrls });
      })
      .catch((error: unknown) => {
        folderError ??= error instanceof Error ? error : new Error(String(error));
      });
  };
  return {
    get started(): boolean {
      return queued.size > 0;
    },
    onProgress(progress: WaitProgress): void {
      const { record } = progress;
      if (record?.status === 'success') add(progress.taskId, record.resultUrls);
    },
    async finish(outcomes: readonly TaskOutcome[]): Promise<DownloadReport> {
      for (const o of outcomes) if (o.kind === 'success' && o.record) add(o.taskId, o.record.resultUrls);
      await chain;
      if (folderError !== null) throw folderError;
      await ready();
      if (!logged) logger.info(`Downloading 0 results to ${shown} ${limit}`);
      let stopped: string | null = null;
      try {
        await queue.done();
      } catch (error) {
        if (!(error instanceof Error && error.name === 'AbortError')) throw error;
        const reason: unknown = signal?.reason;
        stopped = reason instanceof Error ? reason.message : 'the run was cancelled';
      }
      // Completion order → task by task, in URL order.
      const position = (taskId: string, index: number): number =>
        request.taskIds.indexOf(taskId) * 1e6 + index;
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
    },
  };
}
