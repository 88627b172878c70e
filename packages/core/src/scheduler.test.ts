import { describe, expect, it } from 'vitest';
import { Scheduler } from './scheduler.js';
import { sleep } from './sleep.js';

describe('Scheduler', () => {
  it('never runs more than `concurrency` at once', async () => {
    const scheduler = new Scheduler({ concurrency: 3 });
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
    const scheduler = new Scheduler({ concurrency: 100, maxRequests: 4, windowMs: 100 });
    const starts: number[] = [];
    await Promise.all(
      Array.from({ length: 12 }, () => scheduler.run(async () => void starts.push(Date.now()))),
    );
    for (let i = 4; i < starts.length; i++) {
      // any 5 consecutive starts span at least one window
      expect(starts[i]! - starts[i - 4]!).toBeGreaterThanOrEqual(98);
    }
  });

  it('grants in arrival order (no starvation)', async () => {
    const scheduler = new Scheduler({ concurrency: 1, maxRequests: 2, windowMs: 20 });
    const order: number[] = [];
    await Promise.all(Array.from({ length: 8 }, (_, i) => scheduler.run(async () => void order.push(i))));
    expect(order).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('pauses every request during a cool-down', async () => {
    const scheduler = new Scheduler();
    scheduler.coolDown(80);
    const started = Date.now();
    await scheduler.run(async () => undefined);
    expect(Date.now() - started).toBeGreaterThanOrEqual(75);
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
});
