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

/**
 * A documented example create request for one family: kie.ai's own example body from the family's docs page, where
 * to send it and where to wait for it. Created on the fake, the task succeeds after its default timeline.
 */
export interface FamilyCreateExample {
  /** Family name, as in `familyTable()` and `TaskScenario.family`. */
  family: string;
  /** Create endpoint (POST; the body is the family's own request, no `model`/`input` wrapper). */
  createPath: string;
  /** Status endpoint (GET, `?taskId=`). */
  statusPath: string;
  /**
   * The request body from the docs, without `callBackUrl` (it says where to report, not what to make): add yours,
   * which `callBackUrlRequired` families need.
   */
  body: Record<string, unknown>;
  /**
   * The body's fields the docs require: without any one of them the fake (like kie.ai) refuses the create with
   * envelope `{ code: 422, msg: "<field> is required" }` and creates nothing.
   */
  required: string[];
  /** Whether the docs require `callBackUrl` too (Suno): without one the create is refused the same way. */
  callBackUrlRequired: boolean;
  /** The kie.ai docs page the endpoint, the body and the required fields were read on. */
  source: string;
}

/**
 * One documented example create request for every family the fake can create in except market (whose createTask
 * body depends on the model): veo, runway, aleph, suno, 4o-image, flux-kontext, midjourney, luma. Fresh copies:
 * change them freely.
 */
export function familyCreateExamples(): FamilyCreateExample[] {
  const table = familyTable();
  return familyCreateEndpoints().map((endpoint) => ({
    family: endpoint.family,
    createPath: endpoint.path,
    statusPath: table.find((f) => f.family === endpoint.family)!.statusPath,
    body: structuredClone(endpoint.example),
    required: [...endpoint.required],
    callBackUrlRequired: endpoint.callBackUrlRequired,
    source: endpoint.source,
  }));
}
