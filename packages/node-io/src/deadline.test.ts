import { DeadlineReached } from '@kie-task/core/internal';
import { describe, expect, it } from 'vitest';
import { startDeadline } from './deadline.js';

describe('startDeadline', () => {
  it('aborts with DeadlineReached when the time is up', async () => {
    const deadline = startDeadline(50);
    expect(deadline.remainingMs()).toBeGreaterThan(0);
    await new Promise((resolve) => deadline.signal.addEventListener('abort', resolve, { once: true }));
    expect(deadline.signal.reason).toBeInstanceOf(DeadlineReached);
    expect(deadline.timedOut).toBe(true);
    expect(deadline.remainingMs()).toBe(0);
  });

  it("aborts with the cancel's reason on a cancel, and that is no timeout", () => {
    const cancel = new AbortController();
    const deadline = startDeadline(60_000, cancel.signal);
    const reason = new Error('the run was cancelled (SIGTERM)');
    cancel.abort(reason);
    expect(deadline.signal.reason).toBe(reason);
    expect(deadline.timedOut).toBe(false);
    expect(deadline.remainingMs()).toBe(0);
    deadline.dispose();
  });

  it('dispose clears the timer; Infinity is no limit', async () => {
    const deadline = startDeadline(30);
    deadline.dispose();
    const endless = startDeadline(Infinity);
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(deadline.signal.aborted).toBe(false);
    expect(endless.at).toBe(Infinity);
    expect(endless.remainingMs()).toBe(Infinity);
    endless.dispose();
  });

  it('refuses a timeout that is not positive', () => {
    expect(() => startDeadline(0)).toThrow(RangeError);
  });
});
