/**
 * One wait, run the same way for the GitHub Action and the CLI: the client from options, one history of every task
 * ({@link WaitHistory}), each task's results downloaded as soon as it succeeds, and the outcomes core settles. The
 * faces only present what this returns (run.ts in the Action, commands/wait.ts in the CLI).
 */
import {
  KieClient,
  type RetryEvent,
  type RetryOptions,
  type TaskOutcome,
  type TaskRecord,
  type WaitManyOptions,
  type WaitProgress,
} from '@kie-task/core';
import { createDownloadUrlRefresher } from '../download/refresh.js';
import type { RefreshUrl } from '../download/file.js';
import type { DownloadedFile, DownloadFailure, ResultDownloads } from '../download/results.js';
import { WaitHistory } from './history.js';

/** How to reach kie.ai. */
export interface ConnectionOptions {
  apiKey: string;
  baseUrl: string;
  userAgent: string;
  /** A proxy-aware fetch, when one is needed. */
  fetch?: typeof fetch | undefined;
  /** The client's per-request retry policy and timeout, when not core's defaults (e.g. a one-shot query fails fast). */
  retry?: RetryOptions;
  requestTimeoutMs?: number;
}

/** The client, and fresh links for expired results through it (the key goes to kie.ai only, never a file host). */
export interface Connection {
  client: KieClient;
  refresh: RefreshUrl;
  /** The fetch downloads use (never given the key), when not the global one. */
  fetch?: typeof fetch | undefined;
}

/**
 * Builds the client and the link refresher from one set of options.
 * @throws {TypeError} for a key or base URL the client refuses (see core's client-settings checks)
 */
export function connect(options: ConnectionOptions): Connection {
  const settings = {
    apiKey: options.apiKey,
    baseUrl: options.baseUrl,
    userAgent: options.userAgent,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
  return {
    client: new KieClient({
      ...settings,
      ...(options.retry ? { retry: options.retry } : {}),
      ...(options.requestTimeoutMs === undefined ? {} : { requestTimeoutMs: options.requestTimeoutMs }),
    }),
    refresh: createDownloadUrlRefresher(settings),
    ...(options.fetch ? { fetch: options.fetch } : {}),
  };
}

/** Downloading each task's results as it succeeds. */
export interface SessionDownloads {
  dir: string;
  /** Bytes per file. */
  maxBytes: number;
  /** Epoch ms by which every download must end; asked when the first task is queued. */
  deadline: () => number;
  /** Runs once before the first task is queued (e.g. checks and creates the folder); a rejection stops downloading. */
  prepare?: () => Promise<void>;
  /** A task's results are about to be queued. */
  onQueued?: (taskId: string, resultUrls: readonly string[]) => void;
  onFile?: (file: DownloadedFile) => void;
  onFailure?: (failure: DownloadFailure) => void;
}

/** What the downloads came to. */
export interface DownloadReport {
  /** Task by task (input order), in URL order. */
  files: DownloadedFile[];
  failures: DownloadFailure[];
  /** Why downloading stopped before the end (the signal's reason, as text), or null. Files that arrived are listed. */
  stopped: string | null;
  /** Why the folder could not be used (`prepare` rejected), or null. */
  unusableFolder: Error | null;
}

/** Options of {@link runWaitSession}. */
export interface WaitSessionOptions {
  connection: Connection;
  /** The tasks, in the order every presenter lists them. */
  taskIds: readonly string[];
  /** How to wait (family, timeoutMs, interval, jitter, maxRequestsPerSecond, signal): core's `waitForTasks` options. */
  wait: Omit<WaitManyOptions, 'onProgress' | 'onRetry'>;
  /** Downloads, when asked for. */
  downloads?: SessionDownloads | null;
  /** Told after every poll, once the history has it; `previous` is the record seen before this poll. */
  onProgress?: (progress: WaitProgress, previous: TaskRecord | null, history: WaitHistory) => void;
  onRetry?: (event: RetryEvent) => void;
}

/** What a wait session ends with. */
export interface WaitSessionResult {
  /** One per task, in input order. */
  outcomes: TaskOutcome[];
  history: WaitHistory;
  /** Null without downloads, and after a cancel that came before any download started. */
  downloads: DownloadReport | null;
}

/** Waits for every task, downloading as they succeed, and settles. Rejects only for invalid options. */
export async function runWaitSession(options: WaitSessionOptions): Promise<WaitSessionResult> {
  const { taskIds, connection } = options;
  const history = new WaitHistory(taskIds);
  const signal = options.wait.signal;
  const downloads = options.downloads ? new Downloads(options.downloads, connection, taskIds, signal) : null;
  const outcomes = await connection.client.waitForTasks(taskIds, {
    ...options.wait,
    onProgress: (progress) => {
      const previous = history.observe(progress);
      options.onProgress?.(progress, previous, history);
      const { record } = progress;
      if (record?.status === 'success') downloads?.add(progress.taskId, record.resultUrls);
    },
    ...(options.onRetry ? { onRetry: options.onRetry } : {}),
  });
  // After a cancel with no download started there is nothing to report, as before any task succeeded.
  const report =
    downloads && (!signal?.aborted || downloads.started) ? await downloads.finish(outcomes) : null;
  return { outcomes, history, downloads: report };
}

/** The downloads of one session: each task queued once, in order, after `prepare`. */
class Downloads {
  readonly #options: SessionDownloads;
  readonly #connection: Connection;
  // Each task's place in the input, for sorting the report: a Map, so a batch of thousands sorts in n log n.
  readonly #order: ReadonlyMap<string, number>;
  readonly #signal: AbortSignal | undefined;
  readonly #queued = new Set<string>();
  readonly #arrived: DownloadedFile[] = [];
  readonly #failed: DownloadFailure[] = [];
  #queue: Promise<ResultDownloads> | null = null;
  #prepared: Promise<void> | null = null;
  #unusableFolder: Error | null = null;
  // Adds run in order, each after `prepare`; a folder that cannot be used stops every add.
  #chain: Promise<void> = Promise.resolve();

  constructor(
    options: SessionDownloads,
    connection: Connection,
    taskIds: readonly string[],
    signal?: AbortSignal,
  ) {
    this.#options = options;
    this.#connection = connection;
    this.#order = new Map(taskIds.map((id, i) => [id, i]));
    this.#signal = signal;
  }

  /** True once a task was queued. */
  get started(): boolean {
    return this.#queued.size > 0;
  }

  add(taskId: string, resultUrls: readonly string[]): void {
    if (this.#queued.has(taskId)) return;
    this.#queued.add(taskId);
    this.#chain = this.#chain
      .then(async () => {
        if (this.#unusableFolder !== null) return;
        await this.#prepare();
        if (this.#signal?.aborted) return;
        const queue = await this.#open();
        this.#options.onQueued?.(taskId, resultUrls);
        queue.add({ taskId, resultUrls });
      })
      .catch((error: unknown) => {
        this.#unusableFolder ??= error instanceof Error ? error : new Error(String(error));
      });
  }

  /** Queues every successful task not seen yet, waits for every download, and reports. */
  async finish(outcomes: readonly TaskOutcome[]): Promise<DownloadReport> {
    for (const o of outcomes) if (o.kind === 'success') this.add(o.taskId, o.record.resultUrls);
    await this.#chain;
    const report = (stopped: string | null): DownloadReport => ({
      files: this.#arrived.sort((a, b) => this.#compare(a, b)),
      failures: this.#failed.sort((a, b) => this.#compare(a, b)),
      stopped,
      unusableFolder: this.#unusableFolder,
    });
    if (this.#unusableFolder !== null) return report(null);
    try {
      await this.#prepare();
    } catch (error) {
      this.#unusableFolder = error instanceof Error ? error : new Error(String(error));
      return report(null);
    }
    try {
      await (await this.#open()).done();
      return report(null);
    } catch (error) {
      if (!(error instanceof Error && error.name === 'AbortError')) throw error;
      const reason: unknown = this.#signal?.reason;
      return report(reason instanceof Error ? reason.message : 'the run was cancelled');
    }
  }

  #prepare(): Promise<void> {
    return (this.#prepared ??= this.#options.prepare?.() ?? Promise.resolve());
  }

  // Opened at the first task: a deadline counted from then (the CLI's --download-timeout) starts there. The
  // downloader is loaded only then, so a wait without downloads never pays for it.
  #open(): Promise<ResultDownloads> {
    return (this.#queue ??= import('../download/results.js').then(({ startResultDownloads }) =>
      startResultDownloads({
        dir: this.#options.dir,
        maxBytes: this.#options.maxBytes,
        deadline: this.#options.deadline(),
        refresh: this.#connection.refresh,
        ...(this.#connection.fetch ? { fetch: this.#connection.fetch } : {}),
        ...(this.#signal ? { signal: this.#signal } : {}),
        onFile: (file) => {
          this.#arrived.push(file);
          this.#options.onFile?.(file);
        },
        onFailure: (failure) => {
          this.#failed.push(failure);
          this.#options.onFailure?.(failure);
        },
      }),
    ));
  }

  // Input order of the tasks, then the order of each task's result URLs.
  #compare(a: { taskId: string; index: number }, b: { taskId: string; index: number }): number {
    return (this.#order.get(a.taskId) ?? 0) - (this.#order.get(b.taskId) ?? 0) || a.index - b.index;
  }
}
