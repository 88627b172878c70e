/**
 * `@kie-task/node-io/download` — download kie.ai results before their links expire. Node built-ins and
 * `@kie-task/core` only, so the GitHub Action can bundle it.
 * @packageDocumentation
 */
export { downloadFile } from './file.js';
export type { DownloadFileOptions, DownloadOptions, RefreshUrl, SavedFile } from './file.js';
export { downloadResults, startResultDownloads } from './results.js';
export type {
  DownloadFailure,
  DownloadResultsOptions,
  DownloadResultsOutcome,
  DownloadedFile,
  ResultDownloads,
  TaskResults,
} from './results.js';
export { createDownloadUrlRefresher } from './refresh.js';
export type { DownloadUrlRefresherOptions } from './refresh.js';
export { DownloadError } from './errors.js';
export type { DownloadErrorOptions, DownloadFailureKind } from './errors.js';
export { DEFAULT_MAX_BYTES, formatBytes, parseSize } from './size.js';
export { extensionFromContentType, extensionFromUrl, resultFileName, safeTaskId } from './naming.js';
