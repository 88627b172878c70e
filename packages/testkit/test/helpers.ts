// Shared test plumbing: start a fake per test (closed afterwards) and talk to it with global fetch.
import { afterEach, onTestFinished, vi } from 'vitest';
import { startFakeKie } from '../src/index.js';
import type { FakeKie, FakeKieOptions } from '../src/index.js';

/** The JSON envelope kie.ai wraps answers in. */
export interface Envelope {
  code: number;
  msg?: string;
  message?: string;
  data: unknown;
}

/** A market record's fields, loosely typed for assertions. */
export type MarketRecord = Record<string, unknown>;

/**
 * Fakes only `Date` for the rest of this test (the fake's clocks, windows and timelines read Date.now(); sockets keep
 * their real timers), so time-based behaviour is exact on a loaded machine. Returns a function that moves the clock.
 */
export function fakeClock(): (ms: number) => void {
  vi.useFakeTimers({ toFake: ['Date'] });
  onTestFinished(() => void vi.useRealTimers());
  return (ms) => vi.setSystemTime(Date.now() + ms);
}

/** Registers an afterEach that closes the fake started by `start`. */
export function useFake(): (options?: FakeKieOptions) => Promise<FakeKie> {
  const started: FakeKie[] = [];
  afterEach(async () => {
    await Promise.all(started.splice(0).map((fake) => fake.close()));
  });
  return async (options) => {
    const fake = await startFakeKie(options);
    started.push(fake);
    return fake;
  };
}

/** fetch against the fake, with the right key unless `init.headers` says otherwise. */
export function api(fake: FakeKie, path: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${fake.url}${path}`, {
    ...init,
    headers: {
      authorization: `Bearer ${fake.apiKey}`,
      ...(init.headers as Record<string, string> | undefined),
    },
  });
}

/** One market status query: HTTP status, headers and parsed envelope. */
export async function query(
  fake: FakeKie,
  taskId: string,
  init: RequestInit = {},
): Promise<{ status: number; headers: Headers; body: Envelope }> {
  const res = await api(fake, `/api/v1/jobs/recordInfo?taskId=${encodeURIComponent(taskId)}`, init);
  return { status: res.status, headers: res.headers, body: (await res.json()) as Envelope };
}

/** The state reported by one status query (throws if the answer carries no record). */
export async function stateOf(fake: FakeKie, taskId: string): Promise<string> {
  const { body } = await query(fake, taskId);
  const record = body.data as MarketRecord | null;
  if (record === null) throw new Error(`no record: ${JSON.stringify(body)}`);
  return record['state'] as string;
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** One status query on any family's path: HTTP status and parsed envelope. */
export async function queryAt(
  fake: FakeKie,
  path: string,
  taskId: string,
): Promise<{ status: number; body: Envelope }> {
  const res = await api(fake, `${path}?taskId=${encodeURIComponent(taskId)}`);
  return { status: res.status, body: (await res.json()) as Envelope };
}

/** The `data` record of one status query on `path` (throws if the answer carries none). */
export async function recordAt(
  fake: FakeKie,
  path: string,
  taskId: string,
): Promise<Record<string, unknown>> {
  const { body } = await queryAt(fake, path, taskId);
  if (body.code !== 200 || body.data === null || typeof body.data !== 'object') {
    throw new Error(`no record: ${JSON.stringify(body)}`);
  }
  return body.data as Record<string, unknown>;
}
