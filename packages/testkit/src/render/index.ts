// Record renderers, one file per kie.ai API family. Adding a family means adding one file beside market.ts
// and one line to RENDERERS. Each renderer names its status path, its raw states (which are pending,
// success-like, failed), its default timestamp format, and builds the `data` object of a status answer.
import type { TaskSnapshot } from '../lifecycle.js';
import type { TimelineStep } from '../scenario.js';
import type { StateTable, TimeFormat } from './common.js';
import { aleph } from './aleph.js';
import { fluxKontext } from './flux-kontext.js';
import { gpt4oImage } from './gpt4o-image.js';
import { luma } from './luma.js';
import { market } from './market.js';
import { midjourney } from './midjourney.js';
import { runway } from './runway.js';
import { suno, sunoLyrics } from './suno.js';
import { sunoCover, sunoMidi, sunoMp4, sunoVocalRemoval, sunoWav } from './suno-tools.js';
import { veo } from './veo.js';

/** How one API family exposes its task records. */
export interface FamilyRenderer {
  /** Name used in `TaskScenario.family`. */
  readonly family: string;
  /** Path of the family's status endpoint (queried with `?taskId=`). */
  readonly statusPath: string;
  /** The family's raw states (timeline `state` strings) by meaning; other states are pending. */
  readonly states: StateTable;
  /** Timeline of scenarios that give none: the family's first success state at once. */
  readonly defaultTimeline: readonly TimelineStep[];
  /** How the family sends timestamps unless the scenario says otherwise. */
  readonly timeFormat: TimeFormat;
  /** The `data` object of a successful status answer. */
  render(snapshot: TaskSnapshot): Record<string, unknown>;
}

/** Family of scenarios that do not name one. */
export const DEFAULT_FAMILY = 'market';

const RENDERERS: readonly FamilyRenderer[] = [
  market,
  veo,
  gpt4oImage,
  fluxKontext,
  runway,
  aleph,
  suno,
  sunoLyrics,
  sunoWav,
  sunoVocalRemoval,
  sunoMp4,
  sunoMidi,
  sunoCover,
  midjourney,
  luma,
];

/** Every renderer, in registration order. */
export function allRenderers(): readonly FamilyRenderer[] {
  return RENDERERS;
}

/** The renderer whose status endpoint is `path`, if any. */
export function rendererForPath(path: string): FamilyRenderer | undefined {
  return RENDERERS.find((r) => r.statusPath === path);
}

/** The renderer of a family (market for names that are not registered, which validation prevents). */
export function rendererForFamily(family: string): FamilyRenderer {
  return RENDERERS.find((r) => r.family === family) ?? market;
}

/** Names accepted in `TaskScenario.family`. */
export function familyNames(): string[] {
  return RENDERERS.map((r) => r.family);
}

/** True if `path` is a status endpoint of some family. */
export function isStatusPath(path: string): boolean {
  return rendererForPath(path) !== undefined;
}
