/** Progress off a terminal (CI logs, pipes): one line per state change, `<taskId> generating (12.3s)`. */
import { formatMs, type TaskSummary } from '@kie-task/core/internal';
import { cleanLine } from '../sanitize.js';
import type { OutputStream, Progress, ProgressUpdate } from './types.js';

/** Writes a line each time a task's state changes, and one per retried error. */
export class PlainProgress implements Progress {
  readonly #stream: OutputStream;
  readonly #last = new Map<string, string>();

  constructor(stream: OutputStream) {
    this.#stream = stream;
  }

  start(): void {}

  update(update: ProgressUpdate): void {
    const label = update.status === 'not-visible' ? 'not visible yet' : update.state;
    if (this.#last.get(update.taskId) === label) return;
    this.#last.set(update.taskId, label);
    this.#stream.write(
      `${cleanLine(update.taskId)} ${cleanLine(label, 80)} (${formatMs(update.elapsedMs)})\n`,
    );
  }

  retry(taskId: string, message: string): void {
    this.#stream.write(`${cleanLine(taskId)} retrying: ${cleanLine(message, 300)}\n`);
  }

  end(_summaries: readonly TaskSummary[]): void {}
}
