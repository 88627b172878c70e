/**
 * @kie-task/core/internal — what only kie-task's own packages (the Action, the CLI, @kie-task/node-io) need beyond
 * the public API: the checks of a client's settings (API key, base URL, family), secret removal, the table of
 * dangerous characters, durations, the market vocabulary, the presentation both faces share (labels, TaskSummary),
 * settling one query's error, and the abort plumbing the downloader builds on. Runtime-free like the rest of the
 * core. Not covered by semver: import `@kie-task/core` in your own code (outcomes are public there).
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
  combinedState,
  creditsLabel,
  failLabel,
  stateLabel,
  summarizeOutcome,
  summarizeRecord,
  taskDurationMs,
} from './presentation.js';
export type { TaskSummary } from './presentation.js';
export { settleOutcome } from './outcome.js';
export { promptOf } from './prompt.js';
// Abortable timers: every timer and listener is cleared on every path (used by @kie-task/node-io's downloader).
export { DeadlineReached, abortError, linkSignals, sleep } from './abort.js';
// The create input (JSON or YAML, one mapping or a list), read alike by the Action and the CLI.
export { TaskInputError, inputNeedsYaml, parseTaskInputs } from './task-inputs.js';
