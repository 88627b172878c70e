/** State tables shared by several families. */
import type { TaskStatus } from '../types.js';

/** Integer `successFlag`: 0 generating, 1 success, 2 create failed, 3 generation failed. */
export const FLAG_0123: Readonly<Record<string, TaskStatus>> = {
  0: 'pending',
  1: 'success',
  2: 'failed',
  3: 'failed',
};

/** String `successFlag`/`status` of the Suno utilities; each adds its own `GENERATE_*_FAILED`. */
export function sunoStates(...generateFailed: string[]): Readonly<Record<string, TaskStatus>> {
  const states: Record<string, TaskStatus> = {
    PENDING: 'pending',
    SUCCESS: 'success',
    CREATE_TASK_FAILED: 'failed',
    // An error while calling back: the generation may have worked (see successIfResults).
    CALLBACK_EXCEPTION: 'failed',
  };
  for (const state of generateFailed) states[state] = 'failed';
  return states;
}
