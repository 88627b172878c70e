// Shared by the end-to-end suites: the inputs every run passes, and the check that the API key never leaks.
import { expect } from 'vitest';
import type { RunOptions, RunOutcome } from '../scripts/runner.mjs';

/** What every end-to-end run is pointed at. */
interface Target {
  taskId: string;
  apiKey: string;
  /** The fake kie.ai's URL. */
  baseUrl: string;
}

/** `options` with the task, the key, the fake's URL, fast polling and a 20 s timeout; `options.inputs` win. */
export function withDefaults(options: RunOptions, target: Target): RunOptions {
  return {
    ...options,
    inputs: {
      'task-id': target.taskId,
      'api-key': target.apiKey,
      'base-url': target.baseUrl,
      'poll-interval': '50ms',
      timeout: '20s',
      ...options.inputs,
    },
  };
}

/** The key appears nowhere, except in the one `::add-mask::` command the runner consumes. */
export function expectNoKey(result: RunOutcome, key: string): void {
  const lines = result.stdout.split(/\r?\n/);
  expect(lines.filter((line) => line.includes(key))).toEqual([`::add-mask::${key}`]);
  for (const text of [result.stderr, result.outputText, result.summary]) expect(text).not.toContain(key);
}

/**
 * "At once", for a wall-clock bound on a child process: far below the 30 s the step would otherwise wait (its timeout,
 * a hung request's), far above what a loaded 2-core machine adds to a process's exit.
 */
export const AT_ONCE_MS = 5_000;
