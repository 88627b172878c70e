// The server's task table: each scenario with the moment it was added and the times of its status queries.
import type { SlidingWindowLimiter } from './rate-limit.js';
import type { TaskScenario } from './scenario.js';

/** A task as the server tracks it. */
export interface TaskRuntime {
  readonly scenario: TaskScenario;
  /** Epoch ms when added; the task's timeline clock starts here. */
  readonly addedAt: number;
  /** Arrival times of the status queries that reached this task, oldest first. */
  readonly polls: number[];
  /** The per-task query limiter, created on the first query when `perTaskRateLimit` is on. */
  queryLimiter?: SlidingWindowLimiter;
}

/** Tasks by id. */
export class TaskStore {
  private readonly tasks = new Map<string, TaskRuntime>();
  private created = 0;

  /** (Re)defines a task; a copy is kept so later edits to `scenario` by the caller change nothing. */
  add(scenario: TaskScenario, now: number): TaskRuntime {
    const task: TaskRuntime = { scenario: structuredClone(scenario), addedAt: now, polls: [] };
    this.tasks.set(scenario.taskId, task);
    return task;
  }

  /** The task with this id, if known. */
  get(taskId: string): TaskRuntime | undefined {
    return this.tasks.get(taskId);
  }

  /** Forgets every task (the createTask counter keeps counting, so ids are never reused). */
  clear(): void {
    this.tasks.clear();
  }

  /** A fresh id for a created task, shaped like real ones: `task_<model>_<n>`. */
  nextId(model: string): string {
    this.created += 1;
    const slug =
      model
        .toLowerCase()
        .replace(/[^a-z0-9]+/g, '-')
        .replace(/^-|-$/g, '') || 'model';
    return `task_${slug}_${this.created}`;
  }
}
