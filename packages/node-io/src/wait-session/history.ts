/**
 * The one history of a wait: every task's state changes as the polls saw them, its last record, its poll count and
 * when it finished. The wait session feeds it; every presenter reads it (the Action's log, timeline and summary, the
 * CLI's progress), so none keeps a copy of its own.
 */
import type { TaskRecord, WaitProgress } from '@kie-task/core';

/** State changes kept per task; later ones replace the last (a server could change state on every poll). */
const MAX_CHANGES_PER_TASK = 50;

/** A state the polls saw, from the poll that first saw it. */
export interface StateChange {
  /** Epoch ms of that poll. */
  at: number;
  record: TaskRecord;
}

/** What the wait saw of one task. */
export interface TaskHistory {
  taskId: string;
  /** The states in the order the polls saw them (a new entry when `state` changes), at most 50. */
  changes: StateChange[];
  /** The last record seen, or null. */
  last: TaskRecord | null;
  /** Polls answered so far (records and "not visible yet"). */
  polls: number;
  /** Epoch ms of the poll that saw the task succeed or fail, or null. */
  finishedAt: number | null;
}

/** Every task's history, in input order. Feed it every {@link WaitProgress}. */
export class WaitHistory {
  /** Epoch ms when the wait started: progress times are counted from it. */
  readonly startedAt: number;
  readonly #tasks: Map<string, TaskHistory>;

  constructor(taskIds: readonly string[], startedAt: number = Date.now()) {
    this.startedAt = startedAt;
    this.#tasks = new Map(
      taskIds.map((taskId) => [taskId, { taskId, changes: [], last: null, polls: 0, finishedAt: null }]),
    );
  }

  /** Notes a poll; returns the record seen before it (null for the first). */
  observe(progress: WaitProgress): TaskRecord | null {
    const task = this.#tasks.get(progress.taskId);
    if (!task) return null;
    const previous = task.last;
    // Core stops polling a finished task; anything after its end is not part of its life.
    if (task.finishedAt !== null) return previous;
    task.polls += 1;
    const { record } = progress;
    if (!record || progress.notVisible) return previous;
    task.last = record;
    const at = this.startedAt + progress.elapsedMs;
    if (record.status !== 'pending' && task.finishedAt === null) task.finishedAt = at;
    if (task.changes.at(-1)?.record.state !== record.state) {
      if (task.changes.length >= MAX_CHANGES_PER_TASK) task.changes.pop();
      task.changes.push({ at, record });
    }
    return previous;
  }

  /** The last record seen of a task, or null. */
  lastSeen(taskId: string): TaskRecord | null {
    return this.#tasks.get(taskId)?.last ?? null;
  }

  /** The histories, in input order. */
  tasks(): TaskHistory[] {
    return [...this.#tasks.values()];
  }
}
