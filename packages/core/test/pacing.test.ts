// Behaviours the testkit has no knob for, on a tiny loopback server of our own: a 429 without Retry-After, and
// records whose createTime is old, in the future or absurd (task-age pacing). Plus: no process warnings for a
// batch of 200 tasks.
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { KieClient, type RetryEvent } from '../src/index.js';

interface Hit {
  taskId: string;
  at: number;
  status: number;
}

interface Script {
  /** createTime sent in every record of this task (epoch ms), or absent. */
  createTime?: number;
  /** This poll (1-based) gets HTTP 429 without Retry-After. */
  rejectOn?: number;
  /** Polls until success; default never. */
  successAfter?: number;
}

let closeServer: (() => Promise<void>) | undefined;
let fake: FakeKie | undefined;
afterEach(async () => {
  await closeServer?.();
  closeServer = undefined;
  await fake?.close();
  fake = undefined;
});

async function serve(scripts: Record<string, Script>): Promise<{ url: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const server: Server = createServer((request, response) => {
    const taskId = new URL(request.url ?? '/', 'http://x').searchParams.get('taskId') ?? '';
    const script = scripts[taskId] ?? {};
    const polls = hits.filter((h) => h.taskId === taskId).length;
    const reject = polls + 1 === script.rejectOn;
    hits.push({ taskId, at: Date.now(), status: reject ? 429 : 200 });
    response.setHeader('content-type', 'application/json');
    if (reject) {
      response.statusCode = 429;
      response.end(JSON.stringify({ code: 429, msg: 'rate limited', data: null }));
      return;
    }
    const done = script.successAfter !== undefined && polls + 1 >= script.successAfter;
    const data: Record<string, unknown> = {
      taskId,
      model: 'm',
      state: done ? 'success' : 'generating',
      resultJson: done ? JSON.stringify({ resultUrls: ['https://x.test/a.png'] }) : null,
    };
    if (script.createTime !== undefined) data.createTime = script.createTime;
    response.end(JSON.stringify({ code: 200, msg: 'success', data }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  closeServer = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, hits };
}

const client = (url: string): KieClient => new KieClient({ apiKey: 'pacing-test-key', baseUrl: url });
// A ramp in milliseconds with kie.ai's shape: fast while young, slow once the task is three seconds old. The fast
// band outlasts the 2 s window below, so a loaded machine (seconds of module import beside this file) still fits
// dozens of fast polls in it, against the one poll of the slow band.
const RAMP = [
  { untilMs: 3_000, intervalMs: 40 },
  { untilMs: Number.POSITIVE_INFINITY, intervalMs: 5_000 },
];

describe('429 without Retry-After', () => {
  it('retries the rejected request promptly, first in line, and pauses no other task', async () => {
    // Four tasks polling every 30 ms ask for more than the starting rate; the 429 comes once it has climbed.
    const { url, hits } = await serve({
      a: { rejectOn: 8, successAfter: 10 },
      b: { successAfter: 14 },
      c: { successAfter: 14 },
      d: { successAfter: 14 },
    });
    const retries: RetryEvent[] = [];
    const results = await client(url).waitForTasks(['a', 'b', 'c', 'd'], {
      interval: 30,
      jitter: 0,
      timeoutMs: 10_000,
      onRetry: (event) => void retries.push(event),
    });
    expect(results.every((r) => r.kind === 'success')).toBe(true);
    const rejected = hits.find((h) => h.status === 429)!;
    const retry = hits.find((h) => h.taskId === 'a' && h.at > rejected.at)!;
    // The lowered rate is the only wait: the retry sleeps 0 ms of its own (the old policy backed off 0.5–1 s) …
    expect(retries.map((r) => [r.taskId, r.delayMs])).toEqual([['a', 0]]);
    // … so it comes as soon as the scheduler lets it (a second of slack for a loaded machine).
    expect(retry.at - rejected.at).toBeLessThan(1_000);
    // It went first: no other task's poll came between the 429 and the retry but those already due.
    const between = hits.filter((h) => h.at > rejected.at && h.at < retry.at);
    expect(between.length).toBeLessThanOrEqual(3);
    expect(hits.filter((h) => h.taskId === 'b')).toHaveLength(14);
  });
});

describe('pacing by task age', () => {
  const pollsWithin = async (createTime: number | undefined, ms = 2_000): Promise<number> => {
    const { url, hits } = await serve({ t: createTime === undefined ? {} : { createTime } });
    const [result] = await client(url).waitForTasks(['t'], { interval: RAMP, jitter: 0, timeoutMs: ms });
    expect(result!.kind).toBe('timeout');
    return hits.length;
  };

  it('starts a task created long ago in the slow band', async () => {
    expect(await pollsWithin(Date.now() - 5 * 60_000)).toBe(1);
  });

  it('paces a fresh task as before (the fast band first)', async () => {
    expect(await pollsWithin(Date.now())).toBeGreaterThanOrEqual(4);
    await closeServer?.();
    expect(await pollsWithin(undefined)).toBeGreaterThanOrEqual(4);
  });

  it('falls back to the time since the wait started when createTime is in the future or absurd', async () => {
    expect(await pollsWithin(Date.now() + 3_600_000)).toBeGreaterThanOrEqual(4);
    await closeServer?.();
    expect(await pollsWithin(Date.parse('2001-01-01T00:00:00Z'))).toBeGreaterThanOrEqual(4);
  });
});

describe('large batches', () => {
  it('waits for 200 tasks without a process warning or piling listeners on one signal', async () => {
    const warnings: Error[] = [];
    const onWarning = (warning: Error): void => void warnings.push(warning);
    process.on('warning', onWarning);
    try {
      const count = 200; // far past the 10 listeners Node warns at; 500 took over 30 s at the default request rate
      fake = await startFakeKie({
        tasks: Array.from({ length: count }, (_, i) => ({
          taskId: `t${i}`,
          timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 1 }],
        })),
      });
      const controller = new AbortController();
      const kie = new KieClient({ apiKey: fake.apiKey, baseUrl: fake.url });
      const ids = Array.from({ length: count }, (_, i) => `t${i}`);
      const results = await kie.waitForTasks(ids, {
        interval: 100,
        jitter: 0,
        timeoutMs: 30_000,
        signal: controller.signal,
      });
      expect(results.every((r) => r.kind === 'success')).toBe(true);
      // Warnings are emitted on the next tick.
      await new Promise((resolve) => setImmediate(resolve));
      expect(warnings.map((w) => `${w.name}: ${w.message}`)).toEqual([]);
    } finally {
      process.off('warning', onWarning);
    }
  }, 40_000);
});
