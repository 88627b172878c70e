import { describe, expect, it } from 'vitest';
import { checkClientNumbers, checkNumber, checkWaitNumbers } from './check-options.js';
import { KieClient } from './client.js';

const NONSENSE = [NaN, Infinity, -Infinity, -1];

describe('checkNumber', () => {
  it('refuses NaN, ±Infinity and non-numbers whatever the rule, naming the option and the value', () => {
    for (const value of [NaN, Infinity, -Infinity, '5', null, undefined]) {
      expect(() => checkNumber(value, 'someOption')).toThrow(TypeError);
      expect(() => checkNumber(value, 'someOption')).toThrow(/^someOption must be a finite number, got /);
    }
    expect(() => checkNumber(NaN, 'x')).toThrow(/got NaN\.$/);
    expect(() => checkNumber('5', 'x')).toThrow(/got string\.$/);
  });

  it('applies min (inclusive or not), max, integer and Infinity', () => {
    expect(checkNumber(0, 'x', { min: 0 })).toBe(0);
    expect(() => checkNumber(0, 'x', { min: 0, aboveMin: true })).toThrow(/greater than 0, got 0/);
    expect(() => checkNumber(-1, 'x', { min: 0 })).toThrow(/at least 0, got -1/);
    expect(() => checkNumber(2, 'x', { min: 0, max: 1 })).toThrow(/at least 0 and at most 1, got 2/);
    expect(() => checkNumber(1.5, 'x', { integer: true })).toThrow(/a whole number/);
    expect(checkNumber(Infinity, 'x', { min: 0, infinity: true })).toBe(Infinity);
    expect(() => checkNumber(-Infinity, 'x', { infinity: true })).toThrow(/or Infinity, got -Infinity/);
  });
});

describe('every numeric option of the client and of a wait', () => {
  // [option, a value that works, whether 0 makes sense]
  const client: [string, (n: number) => object, boolean][] = [
    ['requestTimeoutMs', (n) => ({ requestTimeoutMs: n }), false],
    ['maxResponseBytes', (n) => ({ maxResponseBytes: n }), false],
    ['retry.maxRetries', (n) => ({ retry: { maxRetries: n } }), true],
    ['retry.baseDelayMs', (n) => ({ retry: { baseDelayMs: n } }), true],
    ['retry.maxDelayMs', (n) => ({ retry: { maxDelayMs: n } }), true],
    ['createRateLimit.maxRequests', (n) => ({ createRateLimit: { maxRequests: n } }), false],
    ['createRateLimit.windowMs', (n) => ({ createRateLimit: { windowMs: n } }), false],
  ];
  const wait: [string, (n: number) => object, boolean][] = [
    ['timeoutMs', (n) => ({ timeoutMs: n }), false],
    ['interval', (n) => ({ interval: n }), false],
    ['interval[0].intervalMs', (n) => ({ interval: [{ untilMs: 1000, intervalMs: n }] }), false],
    ['interval[0].untilMs', (n) => ({ interval: [{ untilMs: n, intervalMs: 1000 }] }), true],
    ['jitter', (n) => ({ jitter: n }), true],
    ['notVisibleGraceMs', (n) => ({ notVisibleGraceMs: n }), true],
    ['retry.maxRetries', (n) => ({ retry: { maxRetries: n } }), true],
    ['concurrency', (n) => ({ concurrency: n }), false],
    ['maxRequestsPerSecond', (n) => ({ maxRequestsPerSecond: n }), false],
  ];
  const infiniteOk = new Set(['timeoutMs', 'interval[0].untilMs', 'notVisibleGraceMs']);

  it.each(client)('KieClient refuses nonsense %s with a TypeError naming it', (name, options, zeroOk) => {
    const make = (n: number) => () => checkClientNumbers(options(n));
    for (const n of NONSENSE)
      expect(make(n), `${name} = ${n}`).toThrow(new RegExp(`^${escape(name)} must be`));
    if (zeroOk) expect(make(0)).not.toThrow();
    else expect(make(0)).toThrow(TypeError);
    expect(() => new KieClient({ apiKey: 'k-12345678', ...options(NaN) })).toThrow(TypeError);
  });

  it.each(wait)('a wait refuses nonsense %s with a TypeError naming it', (name, options, zeroOk) => {
    const make = (n: number) => () => checkWaitNumbers(options(n));
    for (const n of NONSENSE) {
      if (n === Infinity && infiniteOk.has(name)) expect(make(n)).not.toThrow();
      else expect(make(n), `${name} = ${n}`).toThrow(new RegExp(`^${escape(name)} must be`));
    }
    if (zeroOk) expect(make(0)).not.toThrow();
    else expect(make(0)).toThrow(TypeError);
  });

  it('waitForTask, waitForTasks and generate reject NaN before any request', async () => {
    let requests = 0;
    const client = new KieClient({
      apiKey: 'k-12345678',
      baseUrl: 'http://127.0.0.1:9',
      fetch: () => {
        requests += 1;
        return Promise.reject(new Error('no request expected'));
      },
    });
    await expect(client.waitForTask('t', { timeoutMs: NaN })).rejects.toThrow(/^timeoutMs must be/);
    await expect(client.waitForTasks(['t'], { interval: NaN })).rejects.toThrow(/^interval must be/);
    await expect(client.waitForTasks(['t'], { maxRequestsPerSecond: NaN })).rejects.toThrow(TypeError);
    await expect(client.generate({ model: 'm', input: {} }, { notVisibleGraceMs: NaN })).rejects.toThrow(
      /^notVisibleGraceMs must be/,
    );
    expect(requests).toBe(0);
  });
});

function escape(text: string): string {
  return text.replace(/[.[\]]/g, '\\$&');
}
