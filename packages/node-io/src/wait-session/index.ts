/**
 * `@kie-task/node-io/wait-session` — one wait, as the kie-task GitHub Action and CLI both run it: the client from
 * options, one history of every task, downloads as each task succeeds, and core's settled outcomes.
 * @packageDocumentation
 */
export { connect, runWaitSession } from './session.js';
export type {
  Connection,
  ConnectionOptions,
  DownloadReport,
  SessionDownloads,
  WaitSessionOptions,
  WaitSessionResult,
} from './session.js';
export { WaitHistory } from './history.js';
export type { StateChange, TaskHistory } from './history.js';
