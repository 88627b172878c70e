// A read-only description of the families the fake serves, for tests that iterate over them.
import { familyCreateEndpoints } from './family-create.js';
import { allRenderers } from './render/index.js';
import type { StateTable, TimeFormat } from './types.js';

/** One family as the fake serves it. */
export interface FamilyInfo {
  /** Name for `TaskScenario.family`. */
  family: string;
  /** Status endpoint (GET, `?taskId=`). */
  statusPath: string;
  /** Create endpoint (POST), or null when the fake cannot create tasks of this family. */
  createPath: string | null;
  /** Raw states by meaning; any other state is shown as is and treated as pending. */
  states: StateTable;
  /** Default timestamp format. */
  timeFormat: TimeFormat;
}

/** Every family the fake serves, market first. */
export function familyTable(): FamilyInfo[] {
  return allRenderers().map((r) => ({
    family: r.family,
    statusPath: r.statusPath,
    createPath:
      r.family === 'market'
        ? '/api/v1/jobs/createTask'
        : (familyCreateEndpoints().find((e) => e.family === r.family)?.path ?? null),
    states: structuredClone(r.states),
    timeFormat: r.timeFormat,
  }));
}
