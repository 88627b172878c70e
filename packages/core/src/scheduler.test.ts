import { getEventListeners } from 'node:events';
import { describe, expect, it } from 'vitest';
import { Scheduler, type SchedulerClock, type SchedulerOptions } from './scheduler.js';
import { sleep } from './abort.js';

describe('Scheduler', () => {
  it('never runs more than `concurrency` at once', async () => {
    const scheduler = new Scheduler({ concurrency: 3, adaptive: false });
    let running = 0;
    let peak = 0;
    await Promise.all(
      Array.from({ length: 12 }, () =>
        scheduler.run(async () => {
          running += 1;
          peak = Math.max(peak, running);
          await sleep(5);
          running -= 1;
        }),
      ),
    );
    expect(peak).toBe(3);
  });

  it('starts at most maxRequests per window', async () => {
    const scheduler = new Scheduler({ concurrency: 100, maxRequests: 4, windowMs: 100, adaptive: false });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, () => scheduler.run(async () => void starts.push(Date.now()))),
    );
    for (let i = 4; i < starts.length; i++) {
      // any 5 consecutive starts span at least one window
      expect(starts[i]! - starts[i - 4]!).toBeGreaterThanOrEqual(98);
    }
  });

  it('grants in arrival order among requests due at the same time (no starvation)', async () => {
    const scheduler = new Scheduler({ concurrency: 1, maxRequests: 2, windowMs: 20 });
    const order: number[] = [];
    const dueAt = Date.now();
    await Promise.all(
      Array.from({ length: 8 }, (_, i) => scheduler.run(async () => void order.push(i), { dueAt })),
    );
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('serves the request due soonest first, whatever the arrival order', async () => {
    const scheduler = new Scheduler({ concurrency: 1, adaptive: false });
    let release!: () => void;
    const first = scheduler.run(() => new Promise<void>((resolve) => (release = resolve)));
    await sleep(1);
    const order: string[] = [];
    const now = Date.now();
    const queued = [
      scheduler.run(async () => void order.push('late'), { dueAt: now + 300 }),
      scheduler.run(async () => void order.push('overdue'), { dueAt: now - 500 }),
      scheduler.run(async () => void order.push('middle'), { dueAt: now + 100 }),
    ];
    release();
    await Promise.all([first, ...queued]);
    expect(order).toEqual(['overdue', 'middle', 'late']);
  });

  it('removes an aborted waiter and rejects it with an AbortError', async () => {
    const scheduler = new Scheduler({ concurrency: 1 });
    let release!: () => void;
    const first = scheduler.run(() => new Promise<void>((resolve) => (release = resolve)));
    const controller = new AbortController();
    const second = scheduler.run(async () => 'ran', controller.signal);
    const third = scheduler.run(async () => 'third');
    controller.abort(new Error('stop'));
    await expect(second).rejects.toMatchObject({ name: 'AbortError' });
    release();
    await first;
    await expect(third).resolves.toBe('third');
  });

  it('puts one abort listener on a shared signal, however many requests wait on it', async () => {
    const scheduler = new Scheduler({ concurrency: 1, adaptive: false });
    const controller = new AbortController();
    let release!: () => void;
    const first = scheduler.run(() => new Promise<void>((resolve) => (release = resolve)), controller.signal);
    await sleep(1);
    const waiting = Array.from({ length: 50 }, () => scheduler.run(async () => undefined, controller.signal));
    expect(getEventListeners(controller.signal, 'abort').length).toBeLessThanOrEqual(1);
    release();
    await Promise.all([first, ...waiting]);
    expect(getEventListeners(controller.signal, 'abort')).toHaveLength(0);
  });
});

// Rate decisions, on a scripted clock: simulated tasks poll a simulated sliding-window limit through the scheduler.
describe('Scheduler rate adaptation', () => {
  interface Limit {
    /** Requests admitted in any window of windowMs; may change mid-run. */
    max: number;
    windowMs?: number;
    /** Rejected requests use up the window too (some servers count every arrival). */
    countRejected?: boolean;
  }

  interface Run {
    starts: { at: number; ok: boolean }[];
    scheduler: Scheduler;
    t0: number;
    /** Runs the simulation until `ms` after its start. */
    until: (ms: number) => Promise<void>;
  }

  /** A discrete-event clock: timers fire in order (`lateMs` after they are due), and promises settle between them. */
  function simulatedClock(lateMs = 0): SchedulerClock & {
    sleep: (ms: number) => Promise<void>;
    advanceTo: (t: number) => Promise<void>;
  } {
    let now = 1_000_000;
    let seq = 0;
    const timers = new Map<number, { at: number; seq: number; callback: () => void }>();
    const clock = {
      now: () => now,
      setTimeout: (callback: () => void, ms: number) => {
        const id = seq++;
        timers.set(id, { at: now + Math.max(0, ms) + lateMs, seq: id, callback });
        return id;
      },
      clearTimeout: (handle: unknown) => void timers.delete(handle as number),
      sleep: (ms: number) => new Promise<void>((resolve) => clock.setTimeout(resolve, ms)),
      advanceTo: async (t: number) => {
        for (;;) {
          await new Promise((resolve) => setImmediate(resolve));
          let next: { at: number; seq: number; callback: () => void } | undefined;
          let nextId = -1;
          for (const [id, timer] of timers) {
            if (!next || timer.at < next.at || (timer.at === next.at && timer.seq < next.seq)) {
              next = timer;
              nextId = id;
            }
          }
          if (!next || next.at > t) break;
          timers.delete(nextId);
          now = Math.max(now, next.at);
          next.callback();
        }
        now = Math.max(now, t);
      },
    };
    return clock;
  }

  /**
   * `tasks` loops: poll when due, a rejected poll is retried at once (no Retry-After), else sleep `intervalMs`.
   * The first polls are spread over one interval, or all due at once with `burst`. A request reaches the server half
   * its round trip (`latencyMs`) after it starts, or as `legsOf(n)` says for the n-th request (0-based): the ms to
   * the server and back.
   */
  function simulate(
    options: SchedulerOptions,
    limit: Limit,
    sim: {
      tasks: number;
      intervalMs: number;
      latencyMs?: number;
      legsOf?: (request: number) => [toServerMs: number, backMs: number];
      burst?: boolean;
      lateTimersMs?: number;
    },
  ): Run {
    const clock = simulatedClock(sim.lateTimersMs);
    let sent = 0;
    const scheduler = new Scheduler({ ...options, clock });
    const windowMs = limit.windowMs ?? 1_000;
    const counted: number[] = [];
    const starts: Run['starts'] = [];
    const t0 = clock.now();
    const admit = (now: number): boolean => {
      while (counted.length > 0 && counted[0]! <= now - windowMs) counted.shift();
      const ok = counted.length < limit.max;
      if (ok || limit.countRejected) counted.push(now);
      starts.push({ at: now, ok });
      return ok;
    };
    for (let i = 0; i < sim.tasks; i++) {
      void (async () => {
        // Spread the first polls over one interval, as tasks created one after another would be.
        if (!sim.burst) await clock.sleep((i * sim.intervalMs) / sim.tasks);
        let dueAt = clock.now();
        for (;;) {
          const ok = await scheduler.run(
            async (slot) => {
              const half = (sim.latencyMs ?? 0) / 2;
              const [there, back] = sim.legsOf?.(sent++) ?? [half, half];
              if (there) await clock.sleep(there);
              const admitted = admit(clock.now());
              if (back) await clock.sleep(back);
              if (!admitted) slot.throttled();
              return admitted;
            },
            { dueAt, stream: { key: `task-${i}`, intervalMs: sim.intervalMs } },
          );
          if (ok) {
            await clock.sleep(sim.intervalMs);
            dueAt = clock.now();
          }
        }
      })();
    }
    return {
      starts,
      scheduler,
      t0,
      until: (ms) => clock.advanceTo(t0 + ms),
    };
  }

  const admittedBetween = (run: Run, from: number, to: number): number =>
    run.starts.filter((s) => s.ok && s.at >= run.t0 + from && s.at < run.t0 + to).length;
  const rejectedShare = (run: Run): number => run.starts.filter((s) => !s.ok).length / run.starts.length;

  it('finds an unknown limit within seconds and keeps rejections rare', async () => {
    for (const max of [5, 20, 50]) {
      // 200 tasks every 2.5 s ask for 80 requests a second: more than any of these limits.
      const run = simulate({}, { max }, { tasks: 200, intervalMs: 2_500 });
      await run.until(30_000);
      // From the third second on, at least 85 % of the limit is used …
      expect(admittedBetween(run, 3_000, 30_000) / (27 * max)).toBeGreaterThan(0.85);
      // … and at most 2 % of all requests are rejected.
      expect(rejectedShare(run)).toBeLessThanOrEqual(0.02);
    }
  });

  it('serves the demand and never creates it: below the limit the rate follows the cadence', async () => {
    const run = simulate({}, { max: 50 }, { tasks: 10, intervalMs: 1_000 });
    await run.until(10_000);
    expect(run.starts.every((s) => s.ok)).toBe(true);
    // 10 tasks once a second: about 10 a second, not what the limit would allow.
    expect(admittedBetween(run, 2_000, 10_000)).toBeLessThanOrEqual(8 * 10 + 2);
    expect(run.scheduler.requestsPerSecond).toBeLessThan(50);
  });

  it('stays under the ceiling set by maxRequests', async () => {
    const run = simulate({ maxRequests: 12 }, { max: 50 }, { tasks: 100, intervalMs: 500 });
    await run.until(10_000);
    const times = run.starts.map((s) => s.at);
    for (let i = 12; i < times.length; i++) expect(times[i]! - times[i - 12]!).toBeGreaterThanOrEqual(1_000);
    expect(admittedBetween(run, 2_000, 10_000)).toBeGreaterThan(8 * 12 * 0.95);
  });

  it('follows a limit that drops, then rises, mid-batch', async () => {
    const limit: Limit = { max: 40 };
    const run = simulate({}, limit, { tasks: 200, intervalMs: 2_500 });
    await run.until(10_000);
    limit.max = 10;
    await run.until(25_000);
    limit.max = 30;
    await run.until(55_000);
    // Right after the drop: a handful of rejections, not one in six.
    const dropped = run.starts.filter((s) => s.at >= run.t0 + 10_000 && s.at < run.t0 + 25_000);
    expect(dropped.filter((s) => !s.ok).length).toBeLessThanOrEqual(10);
    expect(admittedBetween(run, 13_000, 25_000)).toBeGreaterThan(12 * 10 * 0.85);
    // After the rise, the rate climbs well past the old limit within the batch.
    expect(admittedBetween(run, 45_000, 55_000)).toBeGreaterThan(10 * 20);
    expect(rejectedShare(run)).toBeLessThanOrEqual(0.02);
  });

  it('converges on a server that counts rejected requests against the limit', async () => {
    const run = simulate({}, { max: 10, countRejected: true }, { tasks: 100, intervalMs: 2_500 });
    await run.until(30_000);
    expect(rejectedShare(run)).toBeLessThanOrEqual(0.03);
    expect(admittedBetween(run, 5_000, 30_000)).toBeGreaterThan(25 * 10 * 0.8);
  });

  it('keeps enough requests in flight for the rate when answers are slow', async () => {
    // 300 ms a request: a fixed 8 in flight would cap the rate near 26 a second.
    const run = simulate({}, { max: 50 }, { tasks: 200, intervalMs: 2_500, latencyMs: 300 });
    await run.until(20_000);
    expect(run.scheduler.concurrency).toBeGreaterThan(20);
    expect(admittedBetween(run, 5_000, 20_000) / (15 * 50)).toBeGreaterThan(0.8);
    // The requests already on their way when slow start first overshoots (rate × round trip) are rejected before
    // the first 429 comes back; after that, rejections stay rare.
    expect(rejectedShare(run)).toBeLessThanOrEqual(0.03);
    expect(run.starts.filter((s) => !s.ok && s.at > run.t0 + 5_000).length).toBeLessThanOrEqual(3);
  });
  it("serves a small batch's first polls at the starting rate: a burst that drains within 2.5 s never probes", async () => {
    // 10 tasks due at once, then every 2.5 s (4 a second): at 5 a second the burst drains in 2 s.
    const run = simulate({}, { max: 5 }, { tasks: 10, intervalMs: 2_500, burst: true });
    await run.until(20_000);
    expect(run.starts.filter((s) => !s.ok)).toEqual([]);
    expect(run.scheduler.requestsPerSecond).toBe(5);
    // The burst went out at the starting rate: all 10 within 2.1 s.
    expect(run.starts[9]!.at - run.t0).toBeLessThanOrEqual(2_100);
  });

  it('still probes for a larger batch, whose backlog would outlast 2.5 s', async () => {
    const run = simulate({}, { max: 50 }, { tasks: 60, intervalMs: 2_500, burst: true });
    await run.until(10_000);
    expect(run.scheduler.requestsPerSecond).toBeGreaterThan(20);
    expect(rejectedShare(run)).toBeLessThanOrEqual(0.02);
  });

  it('grows at once for a few tasks whose cadence asks for more than the rate', async () => {
    // 3 tasks every 50 ms ask for 60 a second, yet never queue more than 3 requests (0.6 s at 5 a second): without
    // their cadence the rate would wait for a queue busy for 2.5 s.
    const run = simulate({}, { max: 100 }, { tasks: 3, intervalMs: 50, burst: true });
    await run.until(1_000);
    expect(run.scheduler.requestsPerSecond).toBeGreaterThan(10);
  });

  it.each([
    {
      // Counted from its start, the sixth request of five a second would reach the server less than 1 s after the first.
      case: 'a slow first request (opening the connection: 300 ms there and back, the rest 2 ms)',
      legsOf: (n: number): [number, number] => (n === 0 ? [150, 150] : [1, 1]),
    },
    {
      // Judged by the quickest round trip (1 ms), the server saw the first request half a millisecond later than
      // estimated; a start exactly one window after the estimate, reaching it at once, would come that much too soon.
      case: 'a way that is not the same both ways (the first answered at once, the others taking their 1 ms back)',
      legsOf: (n: number): [number, number] => (n === 0 ? [1, 0] : [0, 1]),
    },
  ])(
    'counts a request in the window from the latest the server can have seen it, with a margin: $case',
    async ({ legsOf }) => {
      const run = simulate({}, { max: 5 }, { tasks: 10, intervalMs: 2_500, burst: true, legsOf });
      await run.until(10_000);
      expect(run.starts.filter((s) => !s.ok)).toEqual([]);
    },
  );

  it('drops to 90 % of the admitted rate on the first 429, not further', async () => {
    const run = simulate({}, { max: 50 }, { tasks: 200, intervalMs: 2_500, burst: true, latencyMs: 2 });
    let elapsed = 0;
    while (run.starts.every((s) => s.ok) && elapsed < 5_000) await run.until((elapsed += 10));
    expect(run.starts.some((s) => !s.ok)).toBe(true);
    // The server admitted 50 in the second before the 429: the rate goes to 45 (CUBIC then climbs back).
    expect(run.scheduler.requestsPerSecond).toBeGreaterThanOrEqual(0.88 * 50);
    expect(run.scheduler.requestsPerSecond).toBeLessThanOrEqual(0.92 * 50);
  });

  it('keeps a fixed rate on a slow way to the server: the window is judged where the next request will arrive', async () => {
    // 600 ms there and back: the requests before it are counted from when they can have reached the server, so the
    // next one must be too (half a round trip from now); judged from now, each would hold its place 300 ms too long
    // and 10 a second would become 7.
    const run = simulate(
      { adaptive: false, maxRequests: 10 },
      { max: 1_000 },
      { tasks: 50, intervalMs: 2_500, latencyMs: 600 },
    );
    await run.until(12_000);
    expect(admittedBetween(run, 2_000, 12_000)).toBeGreaterThan(10 * 10 * 0.95);
  });

  it('keeps its rate when timers fire late: slots stay on their grid', async () => {
    // Every timer 5 ms late: spaced from each actual start, 50 a second would become 40.
    const run = simulate(
      { adaptive: false, maxRequests: 50 },
      { max: 1_000 },
      { tasks: 200, intervalMs: 2_500, lateTimersMs: 5 },
    );
    await run.until(12_000);
    expect(admittedBetween(run, 2_000, 12_000)).toBeGreaterThan(10 * 50 * 0.95);
  });
});
