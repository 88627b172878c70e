// The learned cadence (the default `interval: 'auto'`) wired into the real client over HTTP: moving progress and
// finished siblings bring the next poll forward, and a model known from the create call is not asked about before
// it can be done. kie.ai's ramp would be seconds later in each case, so each wait's deadline sits between the two.
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KieClient, WaitTimeoutError } from '../src/index.js';

interface Task {
  model: string;
  /** Epoch ms. */
  createdAt: number;
  durationMs: number;
  /** Report `progress` (0–100) while generating. */
  progress?: boolean;
}

let close: (() => Promise<void>) | undefined;
let fake: FakeKie | undefined;
afterEach(async () => {
  await close?.();
  close = undefined;
  await fake?.close();
  fake = undefined;
});

// A market recordInfo whose tasks began before the test did (the testkit's clock starts at addTask).
async function serve(tasks: Record<string, Task>): Promise<{ url: string; polls: Map<string, number[]> }> {
  const polls = new Map<string, number[]>();
  const server: Server = createServer((request, response) => {
    const taskId = new URL(request.url ?? '/', 'http://x').searchParams.get('taskId') ?? '';
    const task = tasks[taskId]!;
    const now = Date.now();
    polls.set(taskId, [...(polls.get(taskId) ?? []), now]);
    const age = now - task.createdAt;
    const done = age >= task.durationMs;
    const data: Record<string, unknown> = {
      taskId,
      model: task.model,
      state: done ? 'success' : 'generating',
      createTime: task.createdAt,
      completeTime: done ? task.createdAt + task.durationMs : null,
      resultJson: done ? JSON.stringify({ resultUrls: ['https://x.test/a.png'] }) : '',
    };
    if (task.progress) data.progress = done ? 100 : Math.floor((100 * age) / task.durationMs);
    response.setHeader('content-type', 'application/json');
    response.end(JSON.stringify({ code: 200, msg: 'success', data }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, polls };
}

const client = (url: string): KieClient => new KieClient({ apiKey: 'learned-pacing-key', baseUrl: url });

describe('the learned cadence, over HTTP', () => {
  it('polls a task whose progress moves right after its extrapolated end', async () => {
    // 30 s old, 94 % done: it ends at 32 s. The ramp (7.5 s ± 20 % at this age) would look again after ≥ 6 s.
    const now = Date.now();
    const { url, polls } = await serve({
      p: { model: 'acme/unknown', createdAt: now - 30_000, durationMs: 32_000, progress: true },
    });
    const outcome = await client(url).waitForTask('p', { timeoutMs: 4_500 });
    expect(outcome.kind).toBe('success');
    const times = polls.get('p')!;
    expect(times).toHaveLength(2);
    expect(times[1]! - times[0]!).toBeGreaterThanOrEqual(2_000);
  }, 10_000);

  it('lets a finished sibling of the same model pull the next poll in', async () => {
    // The sibling took 99 s; this one is 97 s old and takes 99 s too. Alone, the model is unknown: the ramp (≥ 6 s).
    const now = Date.now();
    const { url, polls } = await serve({
      done: { model: 'acme/x', createdAt: now - 100_000, durationMs: 99_000 },
      next: { model: 'acme/x', createdAt: now - 97_000, durationMs: 99_000 },
    });
    const results = await client(url).waitForTasks(['done', 'next'], { timeoutMs: 5_500 });
    expect(results.map((r) => r.kind)).toEqual(['success', 'success']);
    expect(polls.get('next')!.length).toBeLessThanOrEqual(3);
  }, 10_000);

  it('a task nothing is known about still follows the ramp, and `interval` still overrides', async () => {
    const now = Date.now();
    const { url, polls } = await serve({
      u: { model: 'acme/unknown', createdAt: now - 97_000, durationMs: 100_000 },
      // Done 3 s from now: room for a dozen 200 ms polls even on a loaded machine, against the ramp's one or two.
      v: { model: 'acme/unknown', createdAt: now - 97_000, durationMs: 100_000 },
    });
    const [unknown, overridden] = await Promise.all([
      client(url).waitForTask('u', { timeoutMs: 4_500 }),
      client(url).waitForTask('v', { interval: 200, jitter: 0, timeoutMs: 5_000 }),
    ]);
    expect(unknown.kind).toBe('timeout');
    expect(unknown.error).toBeInstanceOf(WaitTimeoutError);
    expect(polls.get('u')).toHaveLength(1);
    expect(overridden.kind).toBe('success');
    expect(polls.get('v')!.length).toBeGreaterThan(3);
  }, 15_000);

  it('does not ask about a created task before its model can be done', async () => {
    fake = await startFakeKie({});
    const kie = new KieClient({ apiKey: fake.apiKey, baseUrl: fake.url });
    // z-image takes 5–7 s (typical-durations.ts): the first status query waits; an unknown model is asked at once.
    const known = kie.generate({ model: 'z-image', input: { prompt: 'a cat' } }, { timeoutMs: 1_500 });
    await expect(known).resolves.toMatchObject({
      kind: 'timeout',
      attempts: 0,
      error: { name: 'WaitTimeoutError', polls: 0 },
    });
    const statusQueries = () => fake!.requests.filter((r) => r.path.includes('recordInfo')).length;
    expect(statusQueries()).toBe(0);
    await kie.generate({ model: 'acme/unknown', input: { prompt: 'a cat' } }, { timeoutMs: 1_500 });
    expect(statusQueries()).toBeGreaterThan(0);
  }, 10_000);
});
