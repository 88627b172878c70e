/**
 * Progress on a terminal: one line per task (spinner, state, elapsed time) redrawn in place with log-update,
 * which erases exactly the lines it drew last time, so several tasks never scroll the screen.
 */
import { creditsLabel, formatMs, type TaskSummary } from '@kie-task/core/internal';
import cliSpinners from 'cli-spinners';
import { createLogUpdate } from 'log-update';
import { cleanLine } from '../terminal-text.js';
import { outcomeOf, withProgress, type OutputStream, type Progress, type ProgressUpdate } from './types.js';

interface Row {
  state: string;
  icon: keyof typeof ICONS | null;
  /** Frozen elapsed time once the task is done. */
  doneMs: number | null;
  note: string;
}

/** Options of {@link TtyProgress}. */
export interface TtyProgressOptions {
  /** Hide the cursor while drawing (log-update hides and restores it on the process's stderr). Default false. */
  hideCursor?: boolean;
  /** Clock, for tests. */
  now?: () => number;
  /** Colour the outcome icons (green success, red failure, yellow timeout). Default false. */
  colour?: boolean;
}

/** SGR colours for each outcome's icon; the default foreground (39) after it. */
const COLOURS: Record<keyof typeof ICONS, string> = {
  success: '\u001b[32m',
  failed: '\u001b[31m',
  timeout: '\u001b[33m',
  interrupted: '\u001b[33m',
  error: '\u001b[31m',
  pending: '',
};

const ICONS = {
  success: '✔',
  failed: '✖',
  timeout: '⏱',
  interrupted: '■',
  error: '!',
  pending: '…',
} as const;

/** A live, multi-line progress display. */
export class TtyProgress implements Progress {
  readonly #rows = new Map<string, Row>();
  readonly #draw: ReturnType<typeof createLogUpdate>;
  readonly #now: () => number;
  readonly #colour: boolean;
  readonly #spinner = cliSpinners.dots;
  #startedAt = 0;
  #frame = 0;
  #timer: NodeJS.Timeout | undefined;
  #ended = false;

  constructor(stream: OutputStream, options: TtyProgressOptions = {}) {
    // A terminal that reports no size (0 rows, e.g. under `script` without a terminal) would make log-update
    // cut every line: fall back to 80×24.
    const sized = {
      write: (chunk: string) => stream.write(chunk),
      get columns() {
        return stream.columns || 80;
      },
      get rows() {
        return stream.rows || 24;
      },
    };
    this.#draw = createLogUpdate(sized as unknown as NodeJS.WritableStream, {
      showCursor: !options.hideCursor,
    });
    this.#now = options.now ?? Date.now;
    this.#colour = options.colour ?? false;
  }

  start(taskIds: readonly string[]): void {
    this.#startedAt = this.#now();
    for (const id of taskIds) this.#rows.set(id, { state: 'starting', icon: null, doneMs: null, note: '' });
    this.#render();
    this.#timer = setInterval(() => {
      this.#frame = (this.#frame + 1) % this.#spinner.frames.length;
      this.#render();
    }, this.#spinner.interval);
    this.#timer.unref();
  }

  update(update: ProgressUpdate): void {
    const row = this.#rows.get(update.taskId);
    if (!row || this.#ended) return;
    row.state = update.status === 'not-visible' ? 'not visible yet' : withProgress(update);
    // A failure is news while the other tasks still run: its message stays on the row until the end.
    row.note = update.failure ?? '';
    if (update.status === 'success' || update.status === 'failed') {
      row.icon = update.status;
      row.doneMs = update.elapsedMs;
    }
    this.#render();
  }

  retry(taskId: string, message: string): void {
    const row = this.#rows.get(taskId);
    if (!row || this.#ended) return;
    row.note = `retrying: ${message}`;
    this.#render();
  }

  end(summaries: readonly TaskSummary[]): void {
    if (this.#ended) return;
    clearInterval(this.#timer);
    const elapsed = this.#now() - this.#startedAt;
    for (const summary of summaries) {
      const row = this.#rows.get(summary.taskId);
      if (!row) continue;
      const outcome = outcomeOf(summary);
      row.icon = outcome.kind;
      row.state =
        summary.creditsConsumed === null
          ? outcome.label
          : `${outcome.label} · ${creditsLabel(summary.creditsConsumed)}`;
      row.doneMs ??= elapsed;
      // Failures are explained in full on the lines printed after the display.
      row.note = '';
    }
    this.#render();
    this.#ended = true;
    this.#draw.done();
  }

  #render(): void {
    const now = this.#now();
    const width = Math.max(0, ...[...this.#rows.keys()].map((id) => cleanLine(id).length));
    const lines = [...this.#rows].map(([id, row]) => {
      const icon = row.icon === null ? (this.#spinner.frames[this.#frame] ?? '-') : this.#icon(row.icon);
      const elapsed = formatMs(row.doneMs ?? now - this.#startedAt);
      const note = row.note ? `  ${cleanLine(row.note, 120)}` : '';
      return `${icon} ${cleanLine(id).padEnd(width)}  ${cleanLine(row.state, 60)}  ${elapsed}${note}`;
    });
    this.#draw(lines.join('\n'));
  }

  #icon(kind: keyof typeof ICONS): string {
    const colour = this.#colour ? COLOURS[kind] : '';
    return colour ? `${colour}${ICONS[kind]}\u001b[39m` : ICONS[kind];
  }
}
