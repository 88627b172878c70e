import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from './webhook.js';

// Vectors computed with an independent implementation (node:crypto), used here only.
const secret = 'whsec_test_key';
const sign = (taskId: string, timestamp: number | string, key = secret) =>
  createHmac('sha256', key).update(`${taskId}.${timestamp}`).digest('base64');
const now = 1_760_000_000_000;
const ts = now / 1000;

describe('verifyWebhookSignature', () => {
  it('accepts a correct signature inside the replay window', async () => {
    for (const taskId of ['ee603959-debb-48d1-98c4-a6d1c717eba6', 'task_abc_123', 'ü-unicode-id']) {
      const verdict = await verifyWebhookSignature({
        taskId,
        timestamp: ts,
        signature: sign(taskId, ts),
        secret,
        now,
      });
      expect(verdict).toEqual({ valid: true });
    }
  });

  it('accepts the timestamp as the header string', async () => {
    const verdict = await verifyWebhookSignature({
      taskId: 't',
      timestamp: String(ts),
      signature: sign('t', ts),
      secret,
      now,
    });
    expect(verdict.valid).toBe(true);
  });

  it('rejects a tampered task ID, timestamp, signature or key', async () => {
    const good = sign('t1', ts);
    const cases = [
      { taskId: 't2', timestamp: ts, signature: good, secret },
      { taskId: 't1', timestamp: ts + 1, signature: good, secret },
      { taskId: 't1', timestamp: ts, signature: sign('t1', ts, 'other'), secret },
      { taskId: 't1', timestamp: ts, signature: good, secret: 'wrong' },
      { taskId: 't1', timestamp: ts, signature: good.slice(0, -4) + 'AAA=', secret },
    ];
    for (const input of cases) {
      expect(await verifyWebhookSignature({ ...input, now })).toEqual({
        valid: false,
        reason: 'bad-signature',
      });
    }
  });

  it('rejects a stale or future timestamp outside the window (default 5 minutes)', async () => {
    const old = ts - 301;
    expect(
      await verifyWebhookSignature({ taskId: 't', timestamp: old, signature: sign('t', old), secret, now }),
    ).toEqual({
      valid: false,
      reason: 'stale',
    });
    const future = ts + 301;
    expect(
      (
        await verifyWebhookSignature({
          taskId: 't',
          timestamp: future,
          signature: sign('t', future),
          secret,
          now,
        })
      ).valid,
    ).toBe(false);
    const edge = ts - 300;
    expect(
      (
        await verifyWebhookSignature({
          taskId: 't',
          timestamp: edge,
          signature: sign('t', edge),
          secret,
          now,
        })
      ).valid,
    ).toBe(true);
    expect(
      (
        await verifyWebhookSignature({
          taskId: 't',
          timestamp: old,
          signature: sign('t', old),
          secret,
          now,
          toleranceSeconds: 600,
        })
      ).valid,
    ).toBe(true);
  });

  it('rejects malformed input without throwing', async () => {
    for (const input of [
      { taskId: '', timestamp: ts, signature: sign('', ts), secret },
      { taskId: 't', timestamp: 'soon', signature: sign('t', ts), secret },
      { taskId: 't', timestamp: ts, signature: 'not base64!', secret },
      { taskId: 't', timestamp: ts, signature: '', secret },
      { taskId: 't', timestamp: ts, signature: sign('t', ts), secret: '' },
    ]) {
      expect(await verifyWebhookSignature({ ...input, now })).toEqual({ valid: false, reason: 'malformed' });
    }
  });
});

describe('verifyWebhookSignature: options that make no sense', () => {
  const hourOld = ts - 3_600;
  const input = { taskId: 't', timestamp: hourOld, signature: sign('t', hourOld), secret, now };

  it('refuses a NaN, infinite or negative replay window with a TypeError naming toleranceSeconds', async () => {
    // Every comparison with NaN is false: unchecked, a NaN window accepted this hour-old callback.
    for (const toleranceSeconds of [NaN, Infinity, -Infinity, -1]) {
      await expect(verifyWebhookSignature({ ...input, toleranceSeconds })).rejects.toThrow(TypeError);
      await expect(verifyWebhookSignature({ ...input, toleranceSeconds })).rejects.toThrow(
        /^toleranceSeconds must be a finite number at least 0 \(seconds\), got/,
      );
    }
  });

  it('takes a window of 0 s: only the current second', async () => {
    expect(await verifyWebhookSignature({ ...input, toleranceSeconds: 0 })).toEqual({
      valid: false,
      reason: 'stale',
    });
    const fresh = { ...input, timestamp: ts, signature: sign('t', ts), toleranceSeconds: 0 };
    expect(await verifyWebhookSignature(fresh)).toEqual({ valid: true });
  });

  it('refuses a non-finite now with a TypeError naming now', async () => {
    for (const bad of [NaN, Infinity, -Infinity]) {
      await expect(verifyWebhookSignature({ ...input, now: bad })).rejects.toThrow(
        /^now must be a finite number/,
      );
    }
  });
});
