/** Exit codes, and how several outcomes combine into one. */
import { WaitTimeoutError } from '@kie-task/core';
import type { OutcomeKind } from '@kie-task/core';

/** What the process exit code means. Documented in `--help` and the README. */
export const ExitCode = {
  /** Every task succeeded (for `status`: the query worked and the task has not failed). */
  Ok: 0,
  /** A task failed. */
  TaskFailed: 1,
  /** Bad command line: unknown flag, bad duration or family, missing KIE_API_KEY. */
  Usage: 2,
  /** The deadline passed before a task finished. */
  Timeout: 3,
  /** kie.ai refused the request (key, credits, …), answered something unreadable, could not be reached, or a download failed. */
  ApiError: 4,
  /** SIGINT or SIGTERM. */
  Interrupted: 130,
} as const;

// Most severe first: a usage error beats an interrupt, which beats an API error, a failed task, a timeout.
const SEVERITY: readonly number[] = [
  ExitCode.Usage,
  ExitCode.Interrupted,
  ExitCode.ApiError,
  ExitCode.TaskFailed,
  ExitCode.Timeout,
  ExitCode.Ok,
];

/** The most severe of `codes` (0 for none), in the order 2, 130, 4, 1, 3, 0. */
export function mostSevere(codes: Iterable<number>): number {
  let worst: number = ExitCode.Ok;
  for (const code of codes) {
    const rank = SEVERITY.indexOf(code);
    if (rank !== -1 && rank < SEVERITY.indexOf(worst)) worst = code;
  }
  return worst;
}

/** The exit code an error stands for: AbortError → 130, WaitTimeoutError → 3, anything else from the API → 4. */
export function exitCodeForError(error: unknown): number {
  if (error instanceof Error && error.name === 'AbortError') return ExitCode.Interrupted;
  if (error instanceof WaitTimeoutError) return ExitCode.Timeout;
  return ExitCode.ApiError;
}

/** The exit code of how one task's wait ended. */
export function exitCodeForOutcome(kind: OutcomeKind): number {
  const codes: Record<OutcomeKind, number> = {
    success: ExitCode.Ok,
    fail: ExitCode.TaskFailed,
    timeout: ExitCode.Timeout,
    error: ExitCode.ApiError,
    cancelled: ExitCode.Interrupted,
  };
  return codes[kind];
}
