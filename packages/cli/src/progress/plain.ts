/** Progress off a terminal (CI logs, pipes): one line per state change, `<taskId> generating (12.3s)`. */
import { creditsLabel, formatMs, type TaskSummary } from '@kie-task/core/internal';
import { cleanLine } from '../terminal-text.js';
import { withProgress, type OutputStream, type Progress, type ProgressUpdate } from './types.js';

/** Writes a line each time a task's state changes, and one per retried error. */
export class PlainProgress implements Progress {
  readonly #stream: OutputStream;
  readonly #last = new Map<string, string>();

  constructor(stream: OutputStream) {
    this.#stream = stream;
  }

  start(): void {}

  update(update: ProgressUpdate): void {
    // A new line per state, and per 10 points of progress (`generating 40%`), not per poll.
    const label =
      update.status === 'not-visible'
        ? 'not visible yet'
        : withProgress({
            ...update,
            progress: update.progress === null ? null : Math.floor(update.progress / 10) * 10,
          });
    if (this.#last.get(update.taskId) === label) return;
    this.#last.set(update.taskId, label);
    const failure = update.failure ? `: ${cleanLine(update.failure, 300)}` : '';
    this.#stream.write(
      `${cleanLine(update.taskId)} ${cleanLine(label, 80)} (${formatMs(update.elapsedMs)})${failure}\n`,
    );
  }

  retry(taskId: string, message: string): void {
    this.#stream.write(`${cleanLine(taskId)} retrying: ${cleanLine(message, 300)}\n`);
  }

  /** One closing line per task that reports its credits. */
  end(summaries: readonly TaskSummary[]): void {
    for (const summary of summaries) {
      if (summary.creditsConsumed === null) continue;
      this.#stream.write(`${cleanLine(summary.taskId)} cost ${creditsLabel(summary.creditsConsumed)}\n`);
    }
  }
}
