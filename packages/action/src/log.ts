/**
 * The Action's log, on @actions/core. @actions/core writes the workflow commands; this layer adds what it lacks:
 * the registered secrets are removed from every message first, and every line is neutralised (escape.ts) so text
 * from kie.ai or GitHub can never become a workflow command.
 * https://docs.github.com/en/actions/reference/workflows-and-actions/workflow-commands
 */
import * as core from '@actions/core';
import { neutralizeCommands, redact } from './escape.js';

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

/** The secrets of one run: masked in the runner's log and removed from everything the Action writes. */
export class Secrets {
  readonly #values: string[] = [];

  /** Masks `secret` (`::add-mask::`) and remembers it; empty values are ignored. */
  add(secret: string): void {
    if (!secret) return;
    core.setSecret(secret);
    this.#values.push(secret);
    // Longest first, so a secret containing another is removed whole.
    this.#values.sort((a, b) => b.length - a.length);
  }

  /** `text` with every secret replaced by `***`. */
  remove(text: string): string {
    return redact(text, this.#values);
  }
}

/** The runner's log through @actions/core, with secrets removed and workflow commands neutralised. */
export function createLog(secrets: Secrets): Logger {
  const clean = (text: string): string => neutralizeCommands(secrets.remove(text));
  return {
    info: (message) => core.info(clean(message)),
    debug: (message) => core.debug(clean(message)),
    warning: (message) => core.warning(clean(message)),
    notice: (message) => core.notice(clean(message)),
    startGroup: (title) => core.startGroup(clean(title)),
    endGroup: () => core.endGroup(),
  };
}
