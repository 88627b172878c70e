// waitForTasks: one shared scheduler for many tasks against a rate-limited fake server.
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { KieApiError, KieClient, WaitTimeoutError } from '../src/index.js';

let server: FakeKie | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('KieClient.waitForTasks', () => {
  it('waits for 60 tasks under a request-rate limit, fairly, in input order', async () => {
    const count = 60;
    const maxRequestsPerSecond = 45;
    // The server enforces a limit 10 % above the client's (as a user would leave headroom for network skew):
    // any excess would come back as 429 and show up as a retry.
    server = await startFakeKie({
      rateLimit: { maxRequests: 50, windowMs: 1_000 },
      tasks: Array.from({ length: count }, (_, i) => ({
        taskId: `task-${i}`,
        // Every task needs exactly 3 polls: the third says success.
        timeline: [
          { state: 'waiting' },
          { state: 'generating', afterPolls: 1 },
          { state: 'success', afterPolls: 2 },
        ],
        resultJson: { resultUrls: [`https://x.test/${i}.png`] },
      })),
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const retries: unknown[] = [];
    const ids = Array.from({ length: count }, (_, i) => `task-${i}`);
    const results = await client.waitForTasks(ids, {
      interval: 50,
      jitter: 0,
      timeoutMs: 20_000,
      concurrency: 8,
      maxRequestsPerSecond,
      onRetry: (r) => retries.push(r),
    });

    expect(results.map((r) => r.taskId)).toEqual(ids);
    expect(
      results.every(
        (r) => r.kind === 'success' && r.record.resultUrls[0] === `https://x.test/${r.taskId.slice(5)}.png`,
      ),
    ).toBe(true);
    expect(retries).toEqual([]);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);

    // The client's limit held as the server saw it: any 46 consecutive arrivals span a second (less a little
    // arrival skew).
    const times = server.requests.map((r) => r.at).sort((a, b) => a - b);
    for (let i = maxRequestsPerSecond; i < times.length; i++) {
      expect(times[i]! - times[i - maxRequestsPerSecond]!).toBeGreaterThanOrEqual(950);
    }
    // No task waited on another: every task made exactly its 3 polls, and the first poll of every task came
    // before any task's third poll (the most overdue poll goes first, so no starvation).
    for (const id of ids) expect(server.requestsFor(id)).toHaveLength(3);
    const firstPolls = ids.map((id) => server!.requestsFor(id)[0]!.at);
    const thirdPolls = ids.map((id) => server!.requestsFor(id)[2]!.at);
    expect(Math.max(...firstPolls)).toBeLessThanOrEqual(Math.min(...thirdPolls));
  });

  it('a batch of 10 meets no 429 at a limit of 5 a second: its first polls do not probe the limit', async () => {
    // All first polls are due at once; at the starting rate they drain within 2 s, before any task polls again, so
    // the rate does not grow past the limit to serve them faster.
    server = await startFakeKie({
      rateLimit: { maxRequests: 5, windowMs: 1_000 },
      tasks: Array.from({ length: 10 }, (_, i) => ({
        taskId: `t${i}`,
        model: 'acme/unknown',
        timeline: [{ state: 'generating' }, { state: 'success', afterMs: 3_000 }],
      })),
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const ids = Array.from({ length: 10 }, (_, i) => `t${i}`);
    const results = await client.waitForTasks(ids, { timeoutMs: 30_000 });
    expect(results.map((r) => r.kind)).toEqual(ids.map(() => 'success'));
    expect(server.counts().statusRejected).toBe(0);
    expect(server.counts().statusAccepted).toBeGreaterThanOrEqual(20);
  });

  it('a 429 pauses no other task: the rejected request alone waits for its Retry-After', async () => {
    server = await startFakeKie({
      tasks: [
        {
          taskId: 'a',
          // The 429 comes once the rate has climbed to what the two tasks ask for (25 a second).
          timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 9 }],
          faults: [{ on: 9, kind: 'http', status: 429, retryAfter: '1' }],
        },
        { taskId: 'b', timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 24 }] },
      ],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const results = await client.waitForTasks(['a', 'b'], { interval: 80, jitter: 0, timeoutMs: 10_000 });
    expect(results.every((r) => r.kind === 'success')).toBe(true);
    const limited = server.requestsFor('a').find((r) => r.status === 429)!;
    // b kept polling during a's Retry-After (the old shared cool-down sent nothing for the whole second), at the
    // lowered rate once one admitted request has left the server's window …
    const duringPause = server.requestsFor('b').filter((r) => r.at > limited.at && r.at < limited.at + 950);
    expect(duringPause.length).toBeGreaterThanOrEqual(4);
    // … while a itself waited for it.
    const retry = server.requestsFor('a').find((r) => r.at > limited.at)!;
    expect(retry.at - limited.at).toBeGreaterThanOrEqual(990);
  });

  it('reports each task on its own: one fails, one times out, one succeeds', async () => {
    server = await startFakeKie({
      tasks: [
        { taskId: 'ok', timeline: [{ state: 'success' }] },
        { taskId: 'bad', timeline: [{ state: 'fail' }], failCode: '422', failMsg: 'nsfw' },
        { taskId: 'slow', timeline: [{ state: 'generating' }] },
      ],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    // A deadline long enough for a loaded machine to poll every task at least once.
    const [ok, bad, slow] = await client.waitForTasks(['ok', 'bad', 'slow'], {
      interval: 20,
      timeoutMs: 1_000,
    });
    expect(ok).toMatchObject({ kind: 'success', record: { status: 'success' }, error: null, attempts: 1 });
    expect(bad).toMatchObject({ kind: 'fail', record: { status: 'failed', failMsg: 'nsfw' }, error: null });
    expect(slow).toMatchObject({ kind: 'timeout' });
    expect(slow!.error).toBeInstanceOf(WaitTimeoutError);
    expect(slow!.attempts).toBe((slow!.error as WaitTimeoutError).polls);
    expect(slow!.waitedMs).toBeGreaterThanOrEqual(990);
  });

  it('stops every task on an authentication error', async () => {
    server = await startFakeKie({
      tasks: [
        {
          taskId: 'a',
          timeline: [{ state: 'generating' }],
          faults: [{ on: 2, kind: 'envelope', code: 401 }],
        },
        { taskId: 'b', timeline: [{ state: 'generating' }] },
      ],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const started = Date.now();
    const results = await client.waitForTasks(['a', 'b'], { interval: 30, timeoutMs: 10_000 });
    expect(Date.now() - started).toBeLessThan(5_000); // not the 10 s timeout (slack for a loaded machine)
    for (const result of results) {
      expect(result.kind).toBe('error');
      expect(result.error).toBeInstanceOf(KieApiError);
      expect((result.error as KieApiError).kind).toBe('auth');
    }
  });

  it('resolves with cancelled outcomes when the caller aborts: finished tasks keep theirs, the others their last state', async () => {
    server = await startFakeKie({
      tasks: [
        { taskId: 'done', timeline: [{ state: 'success' }] },
        { taskId: 'a', timeline: [{ state: 'generating' }] },
        { taskId: 'b', timeline: [{ state: 'queuing' }] },
      ],
    });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const controller = new AbortController();
    // Aborted once every task has answered once, during the long sleep before the next polls.
    const seen = new Set<string>();
    let abortedAt = 0;
    const started = Date.now();
    const [done, a, b] = await client.waitForTasks(['done', 'a', 'b'], {
      interval: 10_000,
      signal: controller.signal,
      onProgress: ({ taskId }) => {
        seen.add(taskId);
        if (seen.size === 3 && abortedAt === 0) {
          abortedAt = Date.now();
          setTimeout(() => controller.abort('bye'), 100);
        }
      },
    });
    expect(Date.now() - abortedAt).toBeLessThan(1_000);
    expect(done).toMatchObject({ kind: 'success', attempts: 1 });
    expect(a).toMatchObject({ kind: 'cancelled', record: { state: 'generating' }, attempts: 1 });
    expect(a!.error).toMatchObject({ name: 'AbortError', cause: 'bye' });
    expect(b).toMatchObject({ kind: 'cancelled', record: { state: 'queuing' } });
    expect(b!.waitedMs).toBeGreaterThanOrEqual(abortedAt - started + 90);
  });

  it('resolves with cancelled outcomes, none seen, when the signal had already aborted', async () => {
    server = await startFakeKie({ tasks: [{ taskId: 'a', timeline: [{ state: 'generating' }] }] });
    const client = new KieClient({ apiKey: server.apiKey, baseUrl: server.url });
    const [a] = await client.waitForTasks(['a'], { signal: AbortSignal.abort('early') });
    expect(a).toMatchObject({ kind: 'cancelled', record: null });
    expect(server.requests).toHaveLength(0);
  });
});
