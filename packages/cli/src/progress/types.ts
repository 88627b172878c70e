/** What the wait command tells a progress display, and the streams it writes to. */
import type { TaskSummary } from '@kie-task/core/internal';

/** A writable text stream; `isTTY`/`columns`/`rows` as on `process.stderr`. */
export interface OutputStream {
  write(chunk: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
  rows?: number | undefined;
}

/** One poll's news about one task. */
export interface ProgressUpdate {
  taskId: string;
  /** The state in kie.ai's market vocabulary (untrusted text). */
  state: string;
  /** `not-visible`: kie.ai does not know the task yet (normal right after creation). */
  status: 'pending' | 'success' | 'failed' | 'not-visible';
  /** Since the wait started. */
  elapsedMs: number;
  /** Percent done, when the model reports it (sora2, GPT-4o image), else null. */
  progress: number | null;
  /**
   * A failed task's code and message (untrusted text), shown as soon as the poll sees it fail — not only after
   * every other task has ended. Null otherwise.
   */
  failure?: string | null;
}

/** A progress display: a live one on a terminal, plain lines elsewhere, or nothing. */
export interface Progress {
  start(taskIds: readonly string[]): void;
  update(update: ProgressUpdate): void;
  /** A transient error is being retried. */
  retry(taskId: string, message: string): void;
  /** Shows the final state of every task and stops every timer. Idempotent. */
  end(summaries: readonly TaskSummary[]): void;
}

/** The state with its progress while generating: `generating 35%`. */
export function withProgress(update: ProgressUpdate): string {
  return update.progress === null || update.status !== 'pending'
    ? update.state
    : `${update.state} ${Math.round(update.progress)}%`;
}

/** Shows nothing (`--quiet`). */
export const silentProgress: Progress = {
  start: () => undefined,
  update: () => undefined,
  retry: () => undefined,
  end: () => undefined,
};

/** The icon group and label a task's outcome gets in progress displays. */
export function outcomeOf(summary: TaskSummary): {
  kind: 'success' | 'failed' | 'timeout' | 'interrupted' | 'error' | 'pending';
  label: string;
} {
  switch (summary.outcome) {
    case 'timeout':
      return { kind: 'timeout', label: `timed out (last state ${summary.state ?? 'unknown'})` };
    case 'cancelled':
      return { kind: 'interrupted', label: 'interrupted' };
    case 'error':
      return { kind: 'error', label: 'error' };
    case 'success':
      return { kind: 'success', label: 'success' };
    case 'fail':
      return { kind: 'failed', label: 'fail' };
    case 'pending':
      return { kind: 'pending', label: summary.state ?? 'unknown' };
  }
}
