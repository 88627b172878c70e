/**
 * @kie-task/core/internal — what kie-task's own packages (the Action, the CLI, @kie-task/node-io) share beyond the
 * public API: the one outcome model, durations, abortable timers, the checks of a client's settings (API key, base URL, family). Runtime-free like the rest of
 * the core. Not covered by semver: import `@kie-task/core` in your own code.
 * @packageDocumentation
 */
export {
  apiKeyProblem,
  baseUrlProblem,
  checkBaseUrl,
  familyProblem,
  withoutCredentials,
} from './client-settings.js';
export { MIN_SECRET_LENGTH, Redactor } from './redact.js';
export {
  REPLACEMENT,
  clipText,
  describeControlCharacter,
  hasDangerous,
  replaceDangerous,
  unicodeEscape,
} from './untrusted-text.js';
export { backoffDelay, parseRetryAfter } from './retry-policy.js';
export { DURATION_FORMS, formatMs, parseDuration } from './duration.js';
export { isKnownPendingState, toMarketState } from './families/market-state.js';
export {
  OutcomeTracker,
  combinedState,
  creditsLabel,
  failLabel,
  stateLabel,
  summarizeOutcome,
  summarizeRecord,
  taskDurationMs,
} from './outcome.js';
export type { OutcomeKind, TaskOutcome, TaskSummary } from './outcome.js';
export { promptOf } from './prompt.js';
// Abortable timers: every timer and listener is cleared on every path (used by @kie-task/node-io's downloader).
export { MAX_TIMER_MS } from './timer-limit.js';
export { DeadlineReached, abortError, linkSignals, sleep } from './abort.js';
export type { LinkedSignal } from './abort.js';
// The create input (JSON or YAML, one mapping or a list), read alike by the Action and the CLI.
export { TaskInputError, inputNeedsYaml, parseTaskInputs } from './task-inputs.js';
