// The wait session over real HTTP against the testkit's fake kie.ai: one history, downloads as each task succeeds,
// and core's settled outcomes — a cancel included.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeKie, type FakeKie, type TaskScenario } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { connect, runWaitSession, WaitHistory } from './index.js';

let fake: FakeKie | undefined;
let dir: string | undefined;
afterEach(async () => {
  await fake?.close();
  fake = undefined;
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = undefined;
});

async function start(tasks: TaskScenario[]): Promise<FakeKie> {
  fake = await startFakeKie({ tasks });
  return fake;
}

const through = (server: FakeKie) =>
  connect({ apiKey: server.apiKey, baseUrl: server.url, userAgent: 'kie-task-test' });

describe('runWaitSession', () => {
  it('keeps one history per task: its state changes in order, its polls, when it finished', async () => {
    const server = await start([
      {
        taskId: 'a',
        timeline: [
          { state: 'waiting' },
          { state: 'generating', afterPolls: 1 },
          { state: 'success', afterPolls: 3 },
        ],
      },
    ]);
    const seenBefore: (string | null)[] = [];
    const { outcomes, history } = await runWaitSession({
      connection: through(server),
      taskIds: ['a'],
      wait: { interval: 20, jitter: 0, timeoutMs: 10_000 },
      onProgress: (_progress, previous) => seenBefore.push(previous?.state ?? null),
    });
    expect(outcomes).toMatchObject([{ taskId: 'a', kind: 'success', attempts: 4 }]);
    const [task] = history.tasks();
    expect(task!.changes.map((c) => c.record.state)).toEqual(['waiting', 'generating', 'success']);
    expect(task!.polls).toBe(4);
    expect(task!.last?.state).toBe('success');
    expect(task!.finishedAt).toBe(task!.changes[2]!.at);
    expect(seenBefore).toEqual([null, 'waiting', 'generating', 'generating']);
  });

  it("downloads a task's results as soon as it succeeds, while a slower task is still polled", async () => {
    const server = await start([
      { taskId: 'quick', timeline: [{ state: 'success' }] },
      // Generating until quick's file is saved: a session that downloaded only at the end would time out.
      { taskId: 'slow', timeline: [{ state: 'generating' }] },
    ]);
    dir = await mkdtemp(join(tmpdir(), 'kie-session-'));
    const savedAt: Record<string, number> = {};
    const queued: string[] = [];
    const { outcomes, history, downloads } = await runWaitSession({
      connection: through(server),
      taskIds: ['slow', 'quick'],
      wait: { interval: 50, jitter: 0, timeoutMs: 10_000 },
      downloads: {
        dir,
        maxBytes: 1_000_000,
        deadline: () => Date.now() + 10_000,
        onQueued: (taskId) => queued.push(taskId),
        onFile: (file) => {
          savedAt[file.taskId] = Date.now();
          if (file.taskId === 'quick') server.addTask({ taskId: 'slow', timeline: [{ state: 'success' }] });
        },
      },
    });
    expect(outcomes.map((o) => o.kind)).toEqual(['success', 'success']);
    expect(queued).toEqual(['quick', 'slow']);
    const slowFinished = history.tasks()[0]!.finishedAt!;
    expect(savedAt['quick']!).toBeLessThan(slowFinished);
    // Reported in input order, whatever order they arrived in.
    expect(downloads?.files.map((f) => f.taskId)).toEqual(['slow', 'quick']);
    expect(downloads).toMatchObject({ failures: [], stopped: null, unusableFolder: null });
    expect((await readdir(dir)).sort()).toEqual(['quick-1.png', 'slow-1.png']);
  });

  it('settles a cancel: finished tasks keep their outcome, the others are cancelled with their last state', async () => {
    const server = await start([
      { taskId: 'done', timeline: [{ state: 'success' }] },
      { taskId: 'busy', timeline: [{ state: 'queuing' }] },
    ]);
    const controller = new AbortController();
    const started = Date.now();
    const { outcomes, history, downloads } = await runWaitSession({
      connection: through(server),
      taskIds: ['done', 'busy'],
      wait: { interval: 10_000, timeoutMs: 60_000, signal: controller.signal },
      onProgress: (_progress, _previous, seen) => {
        if (seen.tasks().every((task) => task.polls > 0)) setTimeout(() => controller.abort('stop'), 50);
      },
    });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(outcomes).toMatchObject([
      { taskId: 'done', kind: 'success' },
      { taskId: 'busy', kind: 'cancelled', record: { state: 'queuing' } },
    ]);
    expect(history.lastSeen('busy')?.state).toBe('queuing');
    expect(downloads).toBeNull();
  });

  it('reports a folder that cannot be used, and downloads nothing', async () => {
    const server = await start([{ taskId: 'ok', timeline: [{ state: 'success' }] }]);
    dir = await mkdtemp(join(tmpdir(), 'kie-session-'));
    const { downloads } = await runWaitSession({
      connection: through(server),
      taskIds: ['ok'],
      wait: { interval: 20, timeoutMs: 10_000 },
      downloads: {
        dir,
        maxBytes: 1_000_000,
        deadline: () => Date.now() + 10_000,
        prepare: () => Promise.reject(new Error('download-dir is outside the workspace')),
      },
    });
    expect(downloads?.unusableFolder?.message).toBe('download-dir is outside the workspace');
    expect(downloads?.files).toEqual([]);
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('WaitHistory', () => {
  it('ignores a task it does not know and anything after a task finished; caps the changes it keeps', () => {
    const history = new WaitHistory(['t'], 1_000);
    const poll = (elapsedMs: number, state: string, status: 'pending' | 'success' = 'pending') =>
      history.observe({
        taskId: 't',
        attempt: 1,
        elapsedMs,
        record: { taskId: 't', state, status } as never,
      });
    expect(history.observe({ taskId: 'other', attempt: 1, elapsedMs: 0, record: null })).toBeNull();
    for (let i = 0; i < 60; i++) poll(i, `s${i}`);
    const [task] = history.tasks();
    expect(task!.changes).toHaveLength(50);
    expect(task!.changes.at(-1)?.record.state).toBe('s59');
    poll(100, 'success', 'success');
    poll(200, 'generating');
    expect(task!.finishedAt).toBe(1_100);
    expect(task!.last?.state).toBe('success');
    expect(task!.polls).toBe(61);
  });
});
