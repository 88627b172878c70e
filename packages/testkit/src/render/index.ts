// Record renderers, one file per kie.ai API family. Adding a family means adding one file beside market.ts
// and one line to RENDERERS. Each renderer names its status path, its raw states (which are pending,
// success-like, failed), its default timestamp format, and builds the `data` object of a status answer.
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
import type { FamilyRenderer } from '../types.js';

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
