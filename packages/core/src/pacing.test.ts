// The learned cadence as a pure function of time: a task's life is simulated poll by poll, the way the wait loop
// drives it (observe the record, ask for the next delay, jitter only what the ramp chose), without any timers.
import { seededRandom } from '@kie-task/testkit';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { baseInterval, DEFAULT_CADENCE, jittered } from './cadence.js';
import {
  guidanceAge,
  guidanceBudget,
  MIN_POLL_GAP_MS,
  PaceBook,
  planNextPoll,
  progressEnd,
  type TaskPace,
} from './pacing.js';
import type { TaskRecord } from './types.js';
import { typicalDuration } from './typical-durations.js';

const CREATED = Date.parse('2026-12-01T12:00:00Z');

/** The record kie.ai would answer for a task of `model` lasting `durationMs`, at `ageMs`. */
function recordAt(model: string, durationMs: number, ageMs: number, progress: boolean): TaskRecord {
  const done = ageMs >= durationMs;
  return {
    taskId: 't',
    family: 'market',
    model,
    state: done ? 'success' : 'generating',
    status: done ? 'success' : 'pending',
    param: null,
    resultUrls: [],
    result: null,
    failCode: null,
    failMsg: null,
    createTime: new Date(CREATED),
    updateTime: null,
    completeTime: done ? new Date(CREATED + durationMs) : null,
    costTimeSeconds: null,
    creditsConsumed: null,
    progress: progress ? (done ? 100 : Math.floor((100 * ageMs) / durationMs)) : null,
    warnings: [],
    raw: {},
  };
}

interface Life {
  /** Ages of every poll, the first at 0. */
  polls: number[];
  lagMs: number;
  /** Whether each gap (after the poll at the same index) was planned by a belief. */
  planned: boolean[];
}

function live(
  pace: TaskPace,
  model: string,
  durationMs: number,
  random: () => number,
  progress = false,
): Life {
  const polls: number[] = [];
  const planned: boolean[] = [];
  let age = 0;
  for (;;) {
    polls.push(age);
    pace.observe(recordAt(model, durationMs, age, progress), age);
    if (age >= durationMs) return { polls, lagMs: age - durationMs, planned };
    const plan = pace.next(age, polls.length);
    planned.push(plan.planned);
    age += plan.planned ? plan.delayMs : jittered(plan.delayMs, 0.2, random);
  }
}

/** kie.ai's ramp alone (the library before the learned cadence): requests for a task of this duration. */
function rampRequests(durationMs: number, random: () => number): number {
  let age = 0;
  let polls = 1;
  while (age < durationMs) {
    age += jittered(baseInterval(DEFAULT_CADENCE, age), 0.2, random);
    polls += 1;
  }
  return polls;
}

describe("the guidance budget (kie.ai's ramp, counted)", () => {
  it('grants a poll every 2.5 s to 30 s, every 7.5 s to 2 min, every 22.5 s after; the inverse agrees', () => {
    expect(guidanceBudget(30_000)).toBe(12);
    expect(guidanceBudget(120_000)).toBe(24);
    expect(guidanceBudget(300_000)).toBe(32);
    for (const polls of [0, 5, 12, 20, 24, 31.5])
      expect(guidanceBudget(guidanceAge(polls))).toBeCloseTo(polls);
  });
});

describe('moving progress', () => {
  it('is extrapolated to its end, from two readings or from one and the creation', () => {
    expect(
      progressEnd([
        { ageMs: 20_000, percent: 20 },
        { ageMs: 40_000, percent: 40 },
      ]),
    ).toBe(100_000);
    expect(progressEnd([{ ageMs: 30_000, percent: 50 }])).toBe(60_000);
    expect(progressEnd([{ ageMs: 30_000, percent: 0 }])).toBeNull();
  });

  it('a task whose progress moves is seen done within one short interval of its extrapolated end', () => {
    fc.assert(
      fc.property(fc.integer({ min: 20_000, max: 1_800_000 }), (durationMs) => {
        // A model nothing knows: without progress this would be kie.ai's ramp, 22.5 s ± 20 % late in life.
        const pace = new PaceBook().track({ family: 'market', model: 'acme/progressing' });
        const life = live(pace, 'acme/progressing', durationMs, seededRandom(durationMs), true);
        // Progress is floored to whole percents, so the extrapolated end is within 1 % of the true one.
        expect(life.lagMs).toBeLessThanOrEqual(3_000 + durationMs / 100);
      }),
      { numRuns: 60 },
    );
  });
});

describe('siblings', () => {
  it('pull the next polls of the same model in towards the durations they took', () => {
    const model = 'veo3_fast';
    // The table says about 61 s; this batch's tasks of the model take 35 s.
    expect(typicalDuration(model)!.medianMs).toBe(61_000);
    const taught = new PaceBook();
    for (const d of [34_000, 35_000, 36_000]) taught.learn(`market:${model}`, d);
    const withSiblings = live(taught.track({ family: 'market', model }), model, 35_500, seededRandom(1));
    const alone = live(new PaceBook().track({ family: 'market', model }), model, 35_500, seededRandom(1));
    expect(withSiblings.lagMs).toBeLessThanOrEqual(2_000);
    expect(alone.lagMs).toBeGreaterThan(withSiblings.lagMs);
    // And the next poll after the 30 s mark comes sooner with the siblings' knowledge.
    const after = (life: Life): number => life.polls.find((age) => age > 30_000)!;
    expect(after(withSiblings)).toBeLessThan(after(alone));
  });

  it('still running count too: the first to finish are the quick ones, so the rest are expected later', () => {
    const model = 'acme/film';
    const book = new PaceBook();
    const quick = book.track({ family: 'market', model });
    quick.observe(recordAt(model, 60_000, 61_000, false), 61_000);
    const me = book.track({ family: 'market', model });
    me.observe(recordAt(model, 300_000, 90_000, false), 90_000);
    const earlyOnly = me.belief(90_000)!.medianMs;
    // Five siblings started with it and are still running at 150 s.
    for (let i = 0; i < 5; i++) {
      book.track({ family: 'market', model }).observe(recordAt(model, 300_000, 150_000, false), 150_000);
    }
    expect(me.belief(90_000)!.medianMs).toBeGreaterThan(Math.max(earlyOnly, 120_000));
  });

  it('are learned from finished tasks: completeTime − createTime, per model', () => {
    const book = new PaceBook();
    const pace = book.track({ family: 'market', model: 'acme/a' });
    pace.observe(recordAt('acme/a', 12_000, 13_000, false), 13_000);
    expect(book.durations('market:acme/a')).toEqual([12_000]);
    expect(book.durations('market:acme/b')).toEqual([]);
  });
});

describe('guard rails, over randomised durations, models and knowledge (property)', () => {
  const models = ['z-image', 'veo3_fast', 'bytedance/seedance-2', 'kling/video', 'acme/unknown', 'suno-v5'];

  it('never polls one task twice within 2 s, and never asks more than the ramp on average', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...models),
        fc.array(fc.double({ min: Math.log(3_000), max: Math.log(3_600_000), noNaN: true }), {
          minLength: 12,
          maxLength: 24,
        }),
        fc.array(fc.integer({ min: 2_000, max: 3_600_000 }), { maxLength: 4 }),
        fc.boolean(),
        fc.integer(),
        (model, logDurations, siblings, progress, seed) => {
          const random = seededRandom(seed);
          let ours = 0;
          let ramp = 0;
          for (const logDuration of logDurations) {
            const durationMs = Math.round(Math.exp(logDuration));
            // Siblings that may be nothing like this task: wrong knowledge must not break the rails.
            const book = new PaceBook();
            for (const s of siblings) book.learn(`market:${model}`, s);
            const life = live(book.track({ family: 'market', model }), model, durationMs, random, progress);
            life.polls.forEach((age, i) => {
              if (i === 0) return;
              const gap = age - life.polls[i - 1]!;
              // Planned gaps keep the floor exactly; the ramp's own gaps are ≥ 2.5 s − 20 %.
              expect(gap).toBeGreaterThanOrEqual(MIN_POLL_GAP_MS - 1e-6);
              // A planned poll never runs ahead of the ramp's count at that age.
              if (life.planned[i - 1]) expect(i).toBeLessThanOrEqual(guidanceBudget(age) + 1e-6);
            });
            ours += life.polls.length;
            ramp += rampRequests(durationMs, random);
          }
          expect(ours / logDurations.length).toBeLessThanOrEqual((ramp / logDurations.length) * 1.02 + 0.1);
        },
      ),
      { numRuns: 30 },
    );
  });

  it('falls back to the ramp for a model nothing knows, until something is learned', () => {
    const pace = new PaceBook().track({ family: 'market', model: 'acme/unknown' });
    expect(pace.next(0, 1)).toEqual({ delayMs: 2_500, planned: false });
    expect(pace.next(60_000, 16)).toEqual({ delayMs: 7_500, planned: false });
    expect(planNextPoll(60_000, 16, null)).toEqual({ delayMs: 7_500, planned: false });
  });
});
