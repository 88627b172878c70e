/**
 * How long kie.ai tasks typically take, by model or by kind: the prior the learned cadence starts from before the
 * task itself (its progress) or its siblings (finished tasks of the same model) say more. Each entry is a log-normal
 * belief — a median and a spread (the standard deviation of ln duration) — and says where its number comes from.
 * A model matched by nothing here falls back to kie.ai's ramp until siblings teach the cadence something.
 */

/** A belief about a task's duration: log-normal, `medianMs` × e^(±`spread`) covers about two thirds of tasks. */
export interface DurationBelief {
  medianMs: number;
  /** Standard deviation of ln(duration). */
  spread: number;
}

/** One row of the table. */
export interface TypicalDuration extends DurationBelief {
  /** Matches a model ID (market `model`) or, for dedicated families without one, the family name. */
  match: RegExp;
  /** Where the number comes from. */
  source: string;
}

const LOGGED = 'kie-api.md §13: durations in bodies logged from the live API by public clients';

/** Specific models first; the kinds (image, video, music) after them catch the rest of their family. */
const TYPICAL_DURATIONS: readonly TypicalDuration[] = [
  { match: /^z-image/i, medianMs: 6_000, spread: 0.2, source: `${LOGGED} (z-image 5–7 s)` },
  {
    match: /nano-banana/i,
    medianMs: 14_000,
    spread: 0.35,
    source: `${LOGGED} (nano-banana-2-lite 14 s)`,
  },
  { match: /seedream/i, medianMs: 37_000, spread: 0.4, source: `${LOGGED} (seedream 5 lite i2i 37 s)` },
  { match: /^veo3(_|-|\.1)?fast/i, medianMs: 61_000, spread: 0.3, source: `${LOGGED} (veo3_fast 61 s)` },
  {
    match: /seedance/i,
    medianMs: 208_000,
    spread: 0.35,
    source: `${LOGGED} (seedance-2, 5 s at 720p, 208 s)`,
  },
  {
    match: /gpt-image/i,
    medianMs: 240_000,
    spread: 0.6,
    source: `${LOGGED} (a GPT Image 2 image-to-image task took over 300 s)`,
  },
  // Kinds: broad beliefs, so a wrong guess costs little; measured = the spread of the logged durations above.
  {
    match: /video|veo|kling|sora|hailuo|wan[-/]|runway|aleph|luma|seedance/i,
    medianMs: 120_000,
    spread: 0.8,
    source: `measured: videos in ${LOGGED} took 61–208 s; kie.ai's Veo quickstart: "usually takes a few minutes"`,
  },
  {
    match: /suno|music|song|audio|sound|mp4|wav|vocal|midi/i,
    medianMs: 90_000,
    spread: 0.7,
    source: 'measured: Suno tasks in public client logs take 1–3 minutes (unverified on kie.ai pages)',
  },
  {
    match: /image|banana|flux|imagen|ideogram|recraft|qwen|midjourney|mj|seedream|grok-imagine/i,
    medianMs: 15_000,
    spread: 0.8,
    source: `measured: images in ${LOGGED} took 5–37 s (one over 300 s)`,
  },
];

// Model IDs are untrusted text: only the start of one is looked at.
const MAX_MODEL_CHARS = 200;

/** The typical duration of `model` (or of `family` when the record names no model), or null when unknown. */
export function typicalDuration(model: string | null, family?: string): TypicalDuration | null {
  for (const key of [model, family]) {
    if (!key) continue;
    const text = key.slice(0, MAX_MODEL_CHARS);
    const row = TYPICAL_DURATIONS.find((entry) => entry.match.test(text));
    if (row) return row;
  }
  return null;
}
