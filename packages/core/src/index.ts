/**
 * @kie-task/core — parse, query and wait for kie.ai tasks. Zero dependencies: only fetch, AbortSignal and timers,
 * so it runs in Node, Bun, Deno, browsers and edge runtimes. What kie-task's own packages share beyond this lives
 * at `@kie-task/core/internal`.
 * @packageDocumentation
 */
export { KieClient } from './client.js';
export type {
  GenerateOptions,
  GetTaskOptions,
  KieClientOptions,
  WaitManyOptions,
  WaitOptions,
} from './client.js';
export { recordOrThrow } from './outcome.js';
export type {
  CancelledOutcome,
  ErrorOutcome,
  FailedOutcome,
  OutcomeKind,
  SucceededOutcome,
  TaskOutcome,
  TimedOutOutcome,
} from './outcome.js';
export type { CreateRetryEvent, CreateTaskOptions, CreateTaskRequest } from './create.js';
export type { CreateRateLimit } from './create-limiter.js';
export { parseTaskResponse } from './record.js';
export type { ParseTaskResponseOptions } from './record.js';
export {
  CreateOutcomeUnknownError,
  KieApiError,
  KieNetworkError,
  KieParseError,
  KieResponseError,
  WaitTimeoutError,
} from './errors.js';
export type {
  CreateOutcomeUnknownDetails,
  KieApiErrorOptions,
  KieErrorKind,
  WaitTimeoutDetails,
} from './errors.js';
export { CREATABLE_FAMILY_NAMES, FAMILY_NAMES } from './families/index.js';
export type { FamilyReading, JsonObject, TaskFamily, TaskRecord, TaskStatus } from './types.js';
export type { CadenceStep, PollInterval } from './cadence.js';
export type { RetryOptions } from './retry-policy.js';
export type { RetryEvent } from './query.js';
export type { WaitProgress } from './wait.js';
export { parseCallback } from './callback.js';
export type { CallbackRecord } from './callback.js';
export { verifyWebhookSignature } from './webhook.js';
export type { WebhookSignatureInput, WebhookVerdict } from './webhook.js';
