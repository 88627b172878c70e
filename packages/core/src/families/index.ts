/** The table of task families. Adding a family: write its module, add it here. */
import { market } from './market.js';
import type { TaskFamily } from './types.js';

export type { FamilyReading, TaskFamily, TaskStatus } from './types.js';

const FAMILIES: readonly TaskFamily[] = [market];

/** Every family name, in documentation order. */
export const FAMILY_NAMES: readonly string[] = FAMILIES.map((family) => family.name);

const BY_NAME = new Map<string, TaskFamily>(FAMILIES.map((family) => [family.name, family]));

/** Looks a family up by name; throws a TypeError listing the accepted names. */
export function getFamily(name: string = 'market'): TaskFamily {
  const family = BY_NAME.get(name);
  if (!family) throw new TypeError(`Unknown task family "${name}". Use one of: ${FAMILY_NAMES.join(', ')}.`);
  return family;
}
