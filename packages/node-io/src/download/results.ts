/** Downloads every result of several tasks into one folder, carrying on past individual failures. */
import { resolve } from 'node:path';
import { abortError } from '@kie-task/core/internal';
import { DownloadError, hostOf } from './errors.js';
import { fetchInto, type DownloadOptions } from './file.js';
import { resultFileName } from './naming.js';

/** A task whose results to download; `TaskSummary` and `TaskRecord` both fit. */
export interface TaskResults {
  taskId: string;
  resultUrls: readonly string[];
}

/** Options of {@link downloadResults}. */
export interface DownloadResultsOptions extends DownloadOptions {
  /** Target folder; created if missing. Files are named `<taskId>-<n>.<ext>` (n from 1, in URL order). */
  dir: string;
  /** Downloads in flight at once. Default 4. */
  concurrency?: number;
  /** Called as each file arrives (in completion order). */
  onFile?: (file: DownloadedFile) => void;
  /** Called as each file fails. */
  onFailure?: (failure: DownloadFailure) => void;
}

/** A result that arrived. */
export interface DownloadedFile {
  taskId: string;
  /** 1-based position in the task's `resultUrls`. */
  index: number;
  /** Absolute path, inside `dir`. */
  path: string;
  bytes: number;
  /** The response's Content-Type, as sent (untrusted). */
  contentType: string | null;
}

/** A result that did not arrive. */
export interface DownloadFailure {
  taskId: string;
  /** 1-based position in the task's `resultUrls`. */
  index: number;
  /** The URL's host, or null if unparsable. */
  host: string | null;
  /** `Download of result 2 of task X from host failed: HTTP 404` — never the URL itself. */
  message: string;
  error: DownloadError;
}

/** What {@link downloadResults} resolves with. */
export interface DownloadResultsOutcome {
  /** Task by task, in URL order. */
  files: DownloadedFile[];
  /** Same order. */
  failures: DownloadFailure[];
}

interface Job {
  taskId: string;
  index: number;
  url: string;
}

/**
 * Downloads every URL of every task into `options.dir`. One failure does not stop the others: the outcome lists
 * what arrived and what did not. Only http(s) URLs are fetched; nothing is ever written outside `dir`, whatever
 * the URL path or the response headers say (Content-Disposition is ignored).
 * @throws an AbortError when `options.signal` aborts (partial files are deleted first)
 */
export async function downloadResults(
  tasks: readonly TaskResults[],
  options: DownloadResultsOptions,
): Promise<DownloadResultsOutcome> {
  const queue = startResultDownloads(options);
  for (const task of tasks) queue.add(task);
  return queue.done();
}

/** Downloads that start as tasks are added: see {@link startResultDownloads}. */
export interface ResultDownloads {
  /** Queues every URL of `task`; they start as soon as a slot is free. */
  add(task: TaskResults): void;
  /**
   * No more tasks: resolves when every queued download has ended, with the outcome in the order tasks were added
   * (each task's files in URL order). Rejects with an AbortError when `options.signal` aborted.
   */
  done(): Promise<DownloadResultsOutcome>;
}

/**
 * Like {@link downloadResults}, for tasks that finish one by one: each {@link ResultDownloads.add} starts that task's
 * downloads at once (within `concurrency`), so a task's files need not wait for the slowest task. Same options,
 * same guarantees: one deadline and one signal for everything queued.
 */
export function startResultDownloads(options: DownloadResultsOptions): ResultDownloads {
  if (typeof options.dir !== 'string' || options.dir === '')
    throw new TypeError('downloadResults: options.dir is required.');
  const dir = resolve(options.dir);
  const jobs: Job[] = [];
  const outcomes: (DownloadedFile | DownloadFailure | undefined)[] = [];
  const taken = new Set<string>();
  // Two task IDs can reduce to the same safe name; the second file gets a suffix instead of overwriting.
  const uniqueName = (name: string): string => {
    let candidate = name;
    for (let n = 2; taken.has(candidate.toLowerCase()); n += 1)
      candidate = name.replace(/(\.[a-z0-9]+)$/, `~${n}$1`);
    taken.add(candidate.toLowerCase());
    return candidate;
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  let next = 0;
  let active = 0;
  let closed = false;
  let settle: (() => void) | null = null;
  const finished = new Promise<void>((resolve) => (settle = resolve));
  const checkDone = (): void => {
    if (closed && active === 0 && (next >= jobs.length || options.signal?.aborted)) settle?.();
  };
  const download = async (position: number): Promise<void> => {
    const job = jobs[position]!;
    const label = `result ${job.index} of task ${job.taskId}`;
    try {
      const saved = await fetchInto(
        job.url,
        dir,
        (urls, contentType) => uniqueName(resultFileName(job.taskId, job.index, urls, contentType)),
        options,
        label,
      );
      const file: DownloadedFile = { taskId: job.taskId, index: job.index, ...saved };
      outcomes[position] = file;
      options.onFile?.(file);
    } catch (error) {
      if (options.signal?.aborted) return;
      const downloadError =
        error instanceof DownloadError
          ? error
          : new DownloadError({
              kind: 'filesystem',
              reason: error instanceof Error ? error.message : String(error),
              host: hostOf(job.url),
              label,
            });
      const failure: DownloadFailure = {
        taskId: job.taskId,
        index: job.index,
        host: downloadError.host,
        message: downloadError.message,
        error: downloadError,
      };
      outcomes[position] = failure;
      options.onFailure?.(failure);
    }
  };
  const pump = (): void => {
    while (active < concurrency && next < jobs.length && !options.signal?.aborted) {
      active += 1;
      void download(next++).finally(() => {
        active -= 1;
        pump();
        checkDone();
      });
    }
  };
  return {
    add(task: TaskResults): void {
      if (closed) throw new Error('startResultDownloads: add() after done().');
      task.resultUrls.forEach((url, i) => jobs.push({ taskId: task.taskId, index: i + 1, url }));
      pump();
    },
    async done(): Promise<DownloadResultsOutcome> {
      closed = true;
      checkDone();
      await finished;
      if (options.signal?.aborted) throw abortError(options.signal.reason);
      const files: DownloadedFile[] = [];
      const failures: DownloadFailure[] = [];
      for (const outcome of outcomes) {
        if (!outcome) continue;
        if ('path' in outcome) files.push(outcome);
        else failures.push(outcome);
      }
      return { files, failures };
    },
  };
}
