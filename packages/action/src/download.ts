/**
 * How the Action presents downloads into `download-dir` (`download: true`): the log lines, and the report the
 * summary and the `files` output read. The wait session downloads each task's results as soon as it succeeds with
 * @kie-task/node-io's streaming downloader: abortable, stall-detecting, size-capped while streaming, retried within
 * the deadline, building every file name itself (`<taskId>-<n>.<ext>` from a reduced character set;
 * Content-Disposition is ignored), so nothing can be written outside the folder. run.ts imports this module only
 * when downloading.
 */
import { formatBytes } from '@kie-task/node-io/download';
import { createDownloadFolder, displayPath } from '@kie-task/node-io/paths';
import type { DownloadReport as SessionReport, SessionDownloads } from '@kie-task/node-io/wait-session';
import type { DownloadInputs } from './inputs.js';
import type { Logger } from './log.js';

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

/** What the downloads came to, as the summary and the outputs show it. */
export interface DownloadReport {
  /** The folder, relative to the workspace, with forward slashes. */
  dir: string;
  /** Task by task, in URL order. */
  files: SavedResult[];
  failures: FailedResult[];
  /** Why downloading stopped before the end (a cancel), or null. Files that arrived are still listed. */
  stopped: string | null;
}

/** The Action's downloads: the wait session's settings, and the presenter of what they came to. */
export interface ActionDownloads {
  settings: SessionDownloads;
  /**
   * The session's report as the Action shows it.
   * @throws the folder's error when it could not be used (outside the workspace through a symbolic link, or not
   *   creatable): like a bad input, that fails the step whatever `fail-on-error` says.
   */
  report(report: SessionReport): DownloadReport;
}

/** Downloads for `inputs`, logging as files arrive; `deadline` is the step's (epoch ms), shared with the wait. */
export function actionDownloads(
  inputs: DownloadInputs,
  taskCount: number,
  deadline: number,
  logger: Logger,
): ActionDownloads {
  const shown = displayPath(inputs.workspace, inputs.dir);
  const limit = `(at most ${formatBytes(inputs.maxBytes)} each)`;
  let logged = false;
  const settings: SessionDownloads = {
    dir: inputs.dir,
    maxBytes: inputs.maxBytes,
    deadline: () => deadline,
    // The folder exists (inside the workspace, symbolic links resolved) before the first file, even with none.
    prepare: () => createDownloadFolder(inputs.workspace, inputs.dir),
    onQueued: (taskId, resultUrls) => {
      const n = resultUrls.length;
      if (n === 0 && taskCount > 1) return;
      const of = taskCount === 1 ? '' : ` of ${taskId}`;
      logger.info(`Downloading ${n} ${n === 1 ? 'result' : 'results'}${of} to ${shown} ${limit}`);
      logged = true;
    },
    onFile: (file) =>
      logger.info(`  saved ${displayPath(inputs.workspace, file.path)} (${formatBytes(file.bytes)})`),
    onFailure: (failure) => logger.info(`  ${failure.message}`),
  };
  return {
    settings,
    report(report: SessionReport): DownloadReport {
      if (report.unusableFolder) throw report.unusableFolder;
      if (!logged) logger.info(`Downloading 0 results to ${shown} ${limit}`);
      return {
        dir: shown,
        files: report.files.map(({ taskId, index, path, bytes }) => ({
          taskId,
          index,
          path,
          shown: displayPath(inputs.workspace, path),
          bytes,
        })),
        failures: report.failures.map(({ taskId, index, message }) => ({ taskId, index, message })),
        stopped: report.stopped,
      };
    },
  };
}
