/**
 * The Action's log, on @actions/core. @actions/core writes the workflow commands; this layer adds what it lacks, in
 * this order, on every message: the registered secrets are removed from the raw text (before anything can change
 * their spelling), every line is neutralised (workflow-commands.ts) so text from kie.ai or GitHub can never become a workflow
 * command, long text is clipped with a note, and a last pass removes any secret the steps before assembled.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import * as core from '@actions/core';
import { Redactor, clipText } from '@kie-task/core/internal';
import { ANNOTATION_MAX_CHARS, AnnotationBudget } from './budget.js';
import { neutralizeCommands } from './workflow-commands.js';

/** The log functions the rest of the Action uses; tests pass a recording one. */
export interface Logger {
  info(message: string): void;
  /** Shown only when the run has debug logging on (`ACTIONS_STEP_DEBUG`). */
  debug(message: string): void;
  /** A warning annotation on the run's page. */
  warning(message: string): void;
  /** A notice annotation: worth seeing on the run's page, not a problem. */
  notice(message: string): void;
  startGroup(title: string): void;
  endGroup(): void;
}

/** Longest log line or annotation: a multi-megabyte failMsg must not become a multi-megabyte line. */
const MAX_LOG_CHARS = ANNOTATION_MAX_CHARS;

/** The secrets of one run: masked in the runner's log and removed from everything the Action writes. */
export class Secrets {
  readonly #redactor = new Redactor();

  /** Masks `secret` (`::add-mask::`) and removes it (and its encoded forms) from text; empty values are ignored. */
  add(secret: string): void {
    if (!secret) return;
    core.setSecret(secret);
    this.#redactor.add(secret);
  }

  /** `text` with every secret replaced by `***`. */
  remove(text: string): string {
    return this.#redactor.redact(text);
  }

  /** A copy of a JSON-like value (records, outcomes) with every string redacted. */
  removeDeep<T>(value: T): T {
    return this.#redactor.redactDeep(value);
  }

  /** The error, redacted in place (message, cause chain). */
  removeFromError<E>(error: E): E {
    return this.#redactor.redactError(error);
  }
}

/** Makes one message safe for the log: secrets out, commands neutralised, clipped. */
export function logSafe(message: string, secrets: Secrets): string {
  return secrets.remove(
    clipText(neutralizeCommands(secrets.remove(message)), MAX_LOG_CHARS, 'the step outputs'),
  );
}

/** The step's log, plus folding the annotations GitHub would not show. */
export interface StepLog extends Logger {
  /** A warning that keeps its annotation however many came before (GitHub shows 10 per step). */
  priorityWarning(message: string): void;
  /** One last annotation per kind for those that went to the log only ("… and 12 more warnings; see the log"). */
  foldAnnotations(): void;
}

/**
 * The runner's log through @actions/core, with secrets removed, commands neutralised and lines clipped. The first
 * warnings and notices are annotations; past GitHub's per-step limit (budget.ts) they are log lines, folded into one
 * annotation by `foldAnnotations`.
 */
export function createLog(secrets: Secrets): StepLog {
  const clean = (text: string): string => logSafe(text, secrets);
  const annotations = new AnnotationBudget();
  return {
    info: (message) => core.info(clean(message)),
    debug: (message) => core.debug(clean(message)),
    warning: (message) =>
      annotations.admit('warning') ? core.warning(clean(message)) : core.info(`Warning: ${clean(message)}`),
    priorityWarning: (message) =>
      annotations.admit('warning', true)
        ? core.warning(clean(message))
        : core.info(`Warning: ${clean(message)}`),
    notice: (message) =>
      annotations.admit('notice') ? core.notice(clean(message)) : core.info(`Notice: ${clean(message)}`),
    startGroup: (title) => core.startGroup(clean(title)),
    endGroup: () => core.endGroup(),
    foldAnnotations: () => {
      for (const { kind, message } of annotations.folded())
        (kind === 'warning' ? core.warning : core.notice)(message);
    },
  };
}
