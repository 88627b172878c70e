/**
 * The progress log: one line per state change with the elapsed time, a heartbeat at most every 30 s while nothing
 * changes, every poll under debug. It reads the wait session's one history; it keeps no copy of its own.
 */
import { type RetryEvent, type TaskRecord, type WaitProgress } from '@kie-task/core';
import { failLabel, formatMs, isKnownPendingState, stateLabel } from '@kie-task/core/internal';
import type { WaitHistory } from '@kie-task/node-io/wait-session';
import type { Logger } from './log.js';
import { oneLine } from './workflow-commands.js';

/** Progress (percent) a task must gain since its last line before it gets a new one. */
const PROGRESS_STEP = 10;

/** How long the log may stay silent while tasks are pending. */
const HEARTBEAT_MS = 30_000;

/** Follows the wait of one or more tasks and logs it. */
export class ProgressLog {
  readonly #logger: Logger;
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #taskIds: readonly string[];
  readonly #warned = new Set<string>();
  #lastLineAt: number;

  constructor(taskIds: readonly string[], logger: Logger, now: () => number = Date.now) {
    this.#taskIds = taskIds;
    this.#logger = logger;
    this.#now = now;
    this.#startedAt = now();
    this.#lastLineAt = this.#startedAt;
  }

  /** Time since the wait started. */
  get elapsedMs(): number {
    return this.#now() - this.#startedAt;
  }

  /** Feed every WaitProgress here, once `history` has it; `previous` is the record seen before this poll. */
  onProgress(progress: WaitProgress, previous: TaskRecord | null, history: WaitHistory): void {
    const { taskId, record, attempt } = progress;
    const elapsed = formatMs(progress.elapsedMs);
    if (progress.notVisible) {
      this.#logger.debug(`poll ${attempt} ${taskId}: not visible yet (${progress.notVisible.message})`);
      this.#once(`${taskId}:not-visible`, () =>
        this.#line(
          `${taskId}  not visible yet (kie.ai answered ${progress.notVisible?.code ?? progress.notVisible?.httpStatus}); still asking`,
        ),
      );
    } else if (record) {
      this.#logger.debug(`poll ${attempt} ${taskId}: ${record.state} after ${elapsed}`);
      const progressed = advancedBy(previous?.progress ?? null, record.progress, PROGRESS_STEP);
      if (previous?.state !== record.state || progressed) this.#line(`${taskId}  ${stateChangeText(record)}`);
      for (const warning of record.warnings) {
        this.#once(`${taskId}:${warning}`, () => this.#logger.warning(`Task ${taskId}: ${oneLine(warning)}`));
      }
    }
    if (this.#now() - this.#lastLineAt >= HEARTBEAT_MS) this.#heartbeat(history);
  }

  /** Feed every RetryEvent here. */
  onRetry(event: RetryEvent): void {
    this.#line(
      `${event.taskId}  retry ${event.retry} in ${formatMs(event.delayMs)}: ${oneLine(event.error.message)}`,
    );
  }

  #heartbeat(history: WaitHistory): void {
    const stateOf = (taskId: string): string => {
      const record = history.lastSeen(taskId);
      return record ? stateLabel(record) : 'not seen yet';
    };
    const pending = this.#taskIds.filter((id) => {
      const status = history.lastSeen(id)?.status;
      return status === undefined || status === 'pending';
    });
    if (pending.length === 0) return;
    if (pending.length === 1) {
      const id = pending[0]!;
      const progress = history.lastSeen(id)?.progress ?? null;
      const percent = progress === null ? '' : `, ${Math.round(progress)}%`;
      this.#line(`still waiting for ${id} (${stateOf(id)}${percent})`);
      return;
    }
    const counts = new Map<string, number>();
    for (const id of pending) {
      const state = stateOf(id);
      counts.set(state, (counts.get(state) ?? 0) + 1);
    }
    const detail = [...counts].map(([state, n]) => `${n} ${state}`).join(', ');
    this.#line(`still waiting for ${pending.length} tasks: ${detail}`);
  }

  #line(text: string): void {
    this.#lastLineAt = this.#now();
    this.#logger.info(`${formatMs(this.elapsedMs).padStart(7)}  ${oneLine(text)}`);
  }

  #once(key: string, log: () => void): void {
    if (this.#warned.has(key)) return;
    this.#warned.add(key);
    log();
  }
}

// True when `now` has gained at least `step` points since the last line; `before` is the progress last logged.
function advancedBy(before: number | null, now: number | null, step: number): boolean {
  if (now === null) return false;
  return before === null ? false : Math.floor(now / step) > Math.floor(before / step);
}

function stateChangeText(record: TaskRecord): string {
  if (record.status === 'success') {
    const n = record.resultUrls.length;
    return `success (${n} ${n === 1 ? 'result' : 'results'})`;
  }
  if (record.status === 'failed') return `${failLabel(record)}: ${record.failMsg ?? ''}`;
  // Other families' unknown states come with a record warning, logged once.
  const progress = record.progress === null ? '' : ` ${Math.round(record.progress)}%`;
  if (record.family !== 'market') return stateLabel(record) + progress;
  const known = isKnownPendingState(record.state);
  return known
    ? record.state + progress
    : `${record.state} (state unknown to kie-task; still waiting)${progress}`;
}
