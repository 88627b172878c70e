/**
 * @kie-task/core — parse, query and wait for kie.ai tasks. Zero dependencies: only fetch, AbortSignal and timers,
 * so it runs in Node, Bun, Deno, browsers and edge runtimes.
 * @packageDocumentation
 */
export { KieClient, checkBaseUrl } from './client.js';
export type { GetTaskOptions, KieClientOptions, WaitManyOptions, WaitOptions, WaitResult } from './client.js';
export { parseTaskResponse } from './record.js';
export type { ParseTaskResponseOptions, TaskRecord } from './record.js';
export {
  KieApiError,
  KieNetworkError,
  KieParseError,
  WaitTimeoutError,
  abortError,
  formatMs,
} from './errors.js';
export type { KieApiErrorOptions, KieErrorKind, WaitTimeoutDetails } from './errors.js';
export { FAMILY_NAMES, getFamily } from './families/index.js';
export type { FamilyReading, TaskFamily, TaskStatus } from './families/index.js';
export { DEFAULT_CADENCE, DEFAULT_JITTER, baseInterval, taskAgeMs } from './cadence.js';
export type { CadenceStep, PollInterval } from './cadence.js';
export type { RetryOptions } from './backoff.js';
export type { RetryEvent } from './query.js';
export type { WaitProgress } from './wait.js';
export { Scheduler } from './scheduler.js';
export type { RequestSlot, RunOptions, SchedulerClock, SchedulerOptions } from './scheduler.js';
export { meaningOfEnvelopeCode, meaningOfHttpStatus } from './codes.js';
export type { CodeDisposition, CodeMeaning } from './codes.js';
export { openEnvelope } from './envelope.js';
export type { EnvelopeContext, OpenedEnvelope } from './envelope.js';
export { allFamilies } from './families/index.js';
export { MARKET_PENDING_ORDER, toMarketState } from './families/market-state.js';
export { parseCallback } from './callback.js';
export type { CallbackRecord } from './callback.js';
export { verifyWebhookSignature } from './webhook.js';
export type { WebhookSignatureInput, WebhookVerdict } from './webhook.js';
export { summarizeRecord, summarizeResult } from './summary.js';
export type { TaskSummary } from './summary.js';
export { DURATION_FORMS, parseDuration } from './duration.js';
// Abortable timers: every timer and listener is cleared on every path (used by @kie-task/cli's downloader).
export { sleep } from './sleep.js';
export { DeadlineReached, linkSignals } from './signals.js';
export type { LinkedSignal } from './signals.js';
