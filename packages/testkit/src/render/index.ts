// Record renderers, one file per kie.ai API family. Adding a family (Veo's `successFlag` at
// /api/v1/veo/record-info, Runway at /api/v1/runway/record-detail, Suno at /api/v1/generate/record-info, …)
// means adding one file beside market.ts and one line to RENDERERS.
import type { TaskSnapshot } from '../lifecycle.js';
import { market } from './market.js';

/** How one API family exposes its task records. */
export interface FamilyRenderer {
  /** Name used in `TaskScenario.family`. */
  readonly family: string;
  /** Path of the family's status endpoint (queried with `?taskId=`). */
  readonly statusPath: string;
  /** The `data` object of a successful status answer. */
  render(snapshot: TaskSnapshot): Record<string, unknown>;
}

/** Family of scenarios that do not name one. */
export const DEFAULT_FAMILY = 'market';

const RENDERERS: readonly FamilyRenderer[] = [market];

/** The renderer whose status endpoint is `path`, if any. */
export function rendererForPath(path: string): FamilyRenderer | undefined {
  return RENDERERS.find((r) => r.statusPath === path);
}

/** Names accepted in `TaskScenario.family`. */
export function familyNames(): string[] {
  return RENDERERS.map((r) => r.family);
}

/** True if `path` is a status endpoint of some family. */
export function isStatusPath(path: string): boolean {
  return rendererForPath(path) !== undefined;
}
