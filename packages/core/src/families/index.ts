/** The table of task families. Adding a family: write its module, add it here. Nothing else changes. */
import { aleph } from './aleph.js';
import { fluxKontext } from './flux-kontext.js';
import { gpt4oImage } from './gpt4o-image.js';
import { luma, midjourney } from './legacy.js';
import { market } from './market.js';
import { runway } from './runway.js';
import { suno, sunoCover, sunoLyrics, sunoMidi, sunoMp4, sunoVocalRemoval, sunoWav } from './suno.js';
import type { TaskFamily } from '../types.js';
import { veo } from './veo.js';

// Documentation order, which is also the order `family: 'auto'` probes in: most used first, legacy last.
const FAMILIES: readonly TaskFamily[] = [
  market,
  veo,
  runway,
  suno,
  gpt4oImage,
  fluxKontext,
  aleph,
  sunoLyrics,
  sunoWav,
  sunoVocalRemoval,
  sunoMp4,
  sunoMidi,
  sunoCover,
  midjourney,
  luma,
];

/** Every family name, in documentation (and probing) order. */
export const FAMILY_NAMES: readonly string[] = FAMILIES.map((family) => family.name);

/** Families whose tasks can be created here (their definition names a create endpoint), market first. */
export const CREATABLE_FAMILY_NAMES: readonly string[] = FAMILIES.filter(
  (family) => family.createPath !== undefined,
).map((family) => family.name);

const BY_NAME = new Map<string, TaskFamily>(FAMILIES.map((family) => [family.name, family]));

/** Looks a family up by name; throws a TypeError listing the accepted names. */
export function getFamily(name: string = 'market'): TaskFamily {
  const family = BY_NAME.get(name);
  if (!family) throw new TypeError(`Unknown task family "${name}". Use one of: ${FAMILY_NAMES.join(', ')}.`);
  return family;
}

/** Every family, in probing order. */
export function allFamilies(): readonly TaskFamily[] {
  return FAMILIES;
}
