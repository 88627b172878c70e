import { describe, expect, it } from 'vitest';
import { sleep } from './abort.js';

describe('sleep', () => {
  it('resolves after the delay', async () => {
    const started = Date.now();
    await sleep(30);
    expect(Date.now() - started).toBeGreaterThanOrEqual(25);
  });

  it('rejects at once with an AbortError carrying the reason', async () => {
    const controller = new AbortController();
    const reason = new Error('cancelled by user');
    const started = Date.now();
    const pending = sleep(10_000, controller.signal);
    setTimeout(() => controller.abort(reason), 10);
    const error = await pending.catch((e: unknown) => e);
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s sleep (slack for a loaded machine)
    expect(error).toMatchObject({ name: 'AbortError', cause: reason });
  });

  it('rejects immediately when already aborted', async () => {
    await expect(sleep(10, AbortSignal.abort('x'))).rejects.toMatchObject({ name: 'AbortError', cause: 'x' });
  });
});
