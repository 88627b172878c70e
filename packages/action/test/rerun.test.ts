// Re-runs never pay twice: the committed bundle, run as the runner runs it, attempt after attempt of the same run,
// job and step (GITHUB_RUN_ATTEMPT 1, 2, 3), against the testkit's kie.ai and a fake cache service speaking the real
// protocol (fake-cache.ts). Creates are counted on the fake kie.ai.
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { startFakeKie, type FakeKie, type TaskScenario } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runAction, type RunOutcome } from '../scripts/runner.mjs';
import { startFakeCache, type CacheFault, type FakeCache } from './fake-cache.js';
import { expectNoKey } from './harness.js';

const KEY = 'sk-rerun-e2e-Secr3t-0123456789';
const PROMPT = 'a lighthouse at dusk, prompt-marker-7731';
const QUICK: Omit<TaskScenario, 'taskId'> = {
  timeline: [{ state: 'waiting' }, { state: 'generating', afterMs: 50 }, { state: 'success', afterMs: 150 }],
};

beforeAll(() => {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run pnpm build first`);
});
const cleanups: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(cleanups.splice(0).map((cleanup) => cleanup()));
});

/** One workflow run: a fake kie.ai, a fake cache, and the runner's temp folder (the same path on every attempt). */
interface World {
  kie: FakeKie;
  cache: FakeCache;
  temp: string;
}

async function world(
  scenario: Omit<TaskScenario, 'taskId'> = QUICK,
  fault: CacheFault = 'none',
): Promise<World> {
  const kie = await startFakeKie({ apiKey: KEY, createdTaskScenario: scenario });
  const cache = await startFakeCache({ fault });
  const temp = mkdtempSync(join(tmpdir(), 'kie-rerun-temp-'));
  cleanups.push(
    () => kie.close(),
    () => cache.close(),
    async () => rmSync(temp, { recursive: true, force: true }),
  );
  return { kie, cache, temp };
}

interface Attempt {
  attempt: number;
  inputs?: Record<string, string>;
  env?: Record<string, string>;
  /** Run without the cache service's variables (a local run, GHES without caching). */
  noCache?: boolean;
}

/** Runs attempt `attempt` of the step `gen` in job `generate` of run 1658821493. */
async function attempt(w: World, options: Attempt): Promise<RunOutcome> {
  const result = await runAction({
    inputs: {
      'api-key': KEY,
      'base-url': w.kie.url,
      'poll-interval': '50ms',
      // Long enough that a cache save (a quarter of the time left, at most 10 s) is not given up on a loaded machine:
      // a save given up is a warning, and the next attempt would then rightly create again.
      timeout: '40s',
      model: 'google/imagen4-fast',
      input: JSON.stringify({ prompt: PROMPT }),
      ...options.inputs,
    },
    env: {
      ...(options.noCache ? {} : w.cache.env()),
      GITHUB_RUN_ID: '1658821493',
      GITHUB_JOB: 'generate',
      GITHUB_ACTION: 'gen',
      GITHUB_RUN_ATTEMPT: String(options.attempt),
      // A hosted runner's temp folder is the same path on every attempt; the cache entry's version hashes it.
      RUNNER_TEMP: w.temp,
      ...options.env,
    },
    timeoutMs: 60_000,
  });
  expectNoKey(result, KEY);
  return result;
}

const creates = (w: World): number => w.kie.createdTasks.length;
const warnings = (r: RunOutcome): string[] => r.stdout.split('\n').filter((l) => l.startsWith('::warning::'));
/** The outputs a downstream step reads, without the re-run's own. */
const waitOutputs = (r: RunOutcome) => {
  const { reattached: _reattached, tasks, ...rest } = r.outputs;
  return { ...rest, tasks: JSON.parse(tasks ?? '[]') as unknown[] };
};

describe.concurrent('re-runs re-attach instead of creating again (the bundle)', () => {
  it('attempt 2 after a success creates nothing and gives the same outputs', async () => {
    const w = await world();
    const first = await attempt(w, { attempt: 1 });
    expect(first.code).toBe(0);
    expect(creates(w)).toBe(1);
    expect(warnings(first)).toEqual([]);
    const taskId = w.kie.createdTasks[0]!.taskId;

    const second = await attempt(w, { attempt: 2 });
    expect(second.code).toBe(0);
    expect(creates(w)).toBe(1);
    expect(waitOutputs(second)).toEqual(waitOutputs(first));
    expect(second.outputs).toMatchObject({
      'task-id': taskId,
      created: 'true',
      reattached: taskId,
      state: 'success',
    });
    expect(first.outputs['reattached']).toBe('');
    expect(second.stdout).toContain(
      `Re-run (attempt 2): task ${taskId}, created by attempt 1, succeeded: taken over, not created or paid for again.`,
    );
    expect(second.stdout).not.toContain('Creating a task');
    expect(second.summary).toContain(
      `Re-run: task <code>${taskId.replaceAll('_', '&#95;')}</code> was taken over from an earlier attempt`,
    );
    expect(warnings(second)).toEqual([]);
  });

  it("keeps @actions/cache's own lines out of the log: no tar commands, no misleading messages", async () => {
    const w = await world();
    const first = await attempt(w, { attempt: 1 });
    const second = await attempt(w, { attempt: 2 });
    for (const r of [first, second]) {
      expect(r.code).toBe(0);
      // Only in the debug log (shown when the run has debug logging on).
      const shown = r.stdout.split('\n').filter((line) => !line.startsWith('::debug::'));
      expect(shown.join('\n')).not.toMatch(
        /\[command\]|tar |Cache hit|Cache Size|Cache restored|Sent \d+ of|Failed to/,
      );
      expect(r.stdout).toMatch(/^::debug::@actions\/cache: \[command\]\S*tar /m);
      // Its mask commands for the signed URLs still reach the runner.
      expect(r.stdout).toMatch(/^::add-mask::fake-signature$/m);
    }
  });

  it('after a timeout while generating, attempt 2 re-attaches and waits for the same task', async () => {
    const w = await world({
      timeline: [
        { state: 'waiting' },
        { state: 'generating', afterMs: 50 },
        // Seconds of margin on both sides: a loaded machine can spend 2 s starting the bundle and creating. The first
        // attempt's timeout is long enough that its cache save (a quarter of the time left, at least 2 s) is not cut
        // short on a loaded machine: a save given up is a warning, and the re-run would then rightly create again.
        { state: 'success', afterMs: 28_000 },
      ],
    });
    const first = await attempt(w, { attempt: 1, inputs: { timeout: '16s' } });
    expect(first.code).toBe(1);
    expect(first.outputs['timed-out']).toBe('true');
    const taskId = w.kie.createdTasks[0]!.taskId;

    const second = await attempt(w, { attempt: 2 });
    expect(second.code).toBe(0);
    expect(creates(w)).toBe(1);
    expect(second.outputs).toMatchObject({ 'task-id': taskId, reattached: taskId, state: 'success' });
    expect(second.stdout).toMatch(/task \S+, created by attempt 1, is generating[^:]*: taken over/);
  });

  it("a family's task (veo) is re-attached the same way: attempt 2 polls the family's status endpoint only", async () => {
    const w = await world();
    const inputs = {
      model: '',
      family: 'veo',
      input: JSON.stringify({ prompt: PROMPT, model: 'veo3_fast' }),
    };
    const first = await attempt(w, { attempt: 1, inputs });
    expect(first.code).toBe(0);
    expect(w.kie.createdTasks).toMatchObject([{ family: 'veo' }]);
    const taskId = w.kie.createdTasks[0]!.taskId;
    const seen = w.kie.requests.length;

    const second = await attempt(w, { attempt: 2, inputs });
    expect(second.code).toBe(0);
    expect(creates(w)).toBe(1);
    expect(second.outputs).toMatchObject({ 'task-id': taskId, reattached: taskId, state: 'success' });
    const again = w.kie.requests.slice(seen);
    expect(again.length).toBeGreaterThan(0);
    expect(again.filter((q) => q.method !== 'GET' || q.path !== '/api/v1/veo/record-info')).toEqual([]);
  });

  it('after a failed task, attempt 2 creates exactly one new task', async () => {
    const w = await world({ timeline: [{ state: 'fail' }] });
    const first = await attempt(w, { attempt: 1 });
    expect(first.code).toBe(1);
    const failed = w.kie.createdTasks[0]!.taskId;

    const second = await attempt(w, { attempt: 2 });
    expect(creates(w)).toBe(2);
    const fresh = w.kie.createdTasks[1]!.taskId;
    expect(second.outputs).toMatchObject({ 'task-id': fresh, reattached: '' });
    expect(second.stdout).toContain(`task ${failed}, created by attempt 1, failed`);
    expect(second.stdout).toContain(': creating it again.');
  });

  it('a remembered task kie.ai cannot answer for is taken over, never created again: the wait says what it finds', async () => {
    const w = await world();
    expect((await attempt(w, { attempt: 1 })).code).toBe(0);
    const taskId = w.kie.createdTasks[0]!.taskId;
    // The re-run's one poll gets kie.ai's "not found yet" (422); the wait's polls then see the task.
    w.kie.addTask({
      taskId,
      ...QUICK,
      faults: [{ on: 1, kind: 'envelope', code: 422, msg: 'recordInfo is null' }],
    });
    const second = await attempt(w, { attempt: 2 });
    expect(second.code).toBe(0);
    expect(creates(w)).toBe(1);
    expect(second.outputs).toMatchObject({ 'task-id': taskId, reattached: taskId, state: 'success' });
    expect(second.stdout).toMatch(
      /created by attempt 1, could not be read \(.*\): taken over, not created again\./,
    );
  });

  it('a list of three with one failed re-creates only that one; attempt 3 takes attempt 2 tasks', async () => {
    const w = await world();
    const input = JSON.stringify([{ prompt: 'one' }, { prompt: 'two' }, { prompt: 'three' }]);
    const first = await attempt(w, { attempt: 1, inputs: { input } });
    expect(first.code).toBe(0);
    expect(warnings(first)).toEqual([]); // every save made it: the entry holds all three
    const [one, two, three] = w.kie.createdTasks.map((t) => t.taskId);
    // The second task turns out to have failed (kie.ai's record now says so).
    w.kie.addTask({ taskId: two!, timeline: [{ state: 'fail' }] });

    const second = await attempt(w, { attempt: 2, inputs: { input } });
    expect(creates(w)).toBe(4);
    const again = w.kie.createdTasks[3]!;
    expect(again.input).toEqual({ prompt: 'two' });
    expect(second.code).toBe(0);
    expect(second.outputs).toMatchObject({
      'task-id': [one, again.taskId, three].join(','),
      reattached: [one, three].join(','),
      state: 'success',
    });
    expect(second.stdout).toContain('Creating a task with model google/imagen4-fast');

    const third = await attempt(w, { attempt: 3, inputs: { input } });
    expect(third.code).toBe(0);
    expect(creates(w)).toBe(4);
    expect(third.outputs).toMatchObject({
      'task-id': [one, again.taskId, three].join(','),
      reattached: [one, again.taskId, three].join(','),
    });
    expect(third.stdout).toContain(`task 2 of 3 (${again.taskId}), created by attempt 2, succeeded`);
  });

  it('another step, another input or another run never re-attaches', async () => {
    const w = await world();
    expect((await attempt(w, { attempt: 1 })).code).toBe(0);
    const others: Attempt[] = [
      { attempt: 2, env: { GITHUB_ACTION: 'gen-2' } },
      { attempt: 2, inputs: { input: JSON.stringify({ prompt: 'another prompt' }) } },
      { attempt: 2, env: { GITHUB_RUN_ID: '1658821494' } },
      { attempt: 2, env: { GITHUB_JOB: 'other-job' } },
      { attempt: 2, inputs: { 'rerun-key': 'leg-1' } },
    ];
    // Side by side (each has its own key, so its own entry file): one after another took 50-60 s on a loaded machine.
    const results = await Promise.all(others.map((other) => attempt(w, other)));
    for (const r of results) {
      expect(r.code).toBe(0);
      expect(r.outputs['reattached']).toBe('');
    }
    expect(creates(w)).toBe(1 + others.length);
    expect(new Set(results.map((r) => r.outputs['task-id'])).size).toBe(others.length);
  });

  it('rerun-key tells matrix legs with identical inputs apart', async () => {
    const w = await world();
    await attempt(w, { attempt: 1, inputs: { 'rerun-key': 'leg-0' } });
    await attempt(w, { attempt: 1, inputs: { 'rerun-key': 'leg-1' } });
    const [leg0, leg1] = w.kie.createdTasks.map((t) => t.taskId);
    const again0 = await attempt(w, { attempt: 2, inputs: { 'rerun-key': 'leg-0' } });
    const again1 = await attempt(w, { attempt: 2, inputs: { 'rerun-key': 'leg-1' } });
    expect(creates(w)).toBe(2);
    expect(again0.outputs['reattached']).toBe(leg0);
    expect(again1.outputs['reattached']).toBe(leg1);
  });

  it('on-rerun: create always creates', async () => {
    const w = await world();
    await attempt(w, { attempt: 1, inputs: { 'on-rerun': 'create' } });
    const second = await attempt(w, { attempt: 2, inputs: { 'on-rerun': 'create' } });
    expect(second.code).toBe(0);
    expect(creates(w)).toBe(2);
    expect(second.outputs['reattached']).toBe('');
    expect(second.stdout).toContain('on-rerun: create: creating every task again');
  });

  it('stores nothing secret: the entry holds the task IDs, not the key, the input or the callback URL', async () => {
    const w = await world();
    const callback = 'https://hooks.example/kie?token=callback-secret-0123';
    await attempt(w, { attempt: 1, inputs: { 'callback-url': callback } });
    const taskId = w.kie.createdTasks[0]!.taskId;
    expect(w.cache.entries.filter((e) => e.finalized)).toHaveLength(1);
    const archive = unpack(w.cache.entries[0]!.blob!);
    expect(archive).toContain(`{"format":"kie-task-rerun/1","attempt":1,"tasks":["${taskId}"]}`);
    for (const secret of [KEY, PROMPT, 'callback-secret-0123', 'hooks.example'])
      expect(archive).not.toContain(secret);
    expect(w.cache.entries[0]!.key).not.toMatch(/gen|generate|imagen|lighthouse/);
  });
});

describe('loaded only when creating', () => {
  const CACHE_CODE = /node_modules\/(\.pnpm\/)?(@actions[+/]cache|@azure[+/])/;

  it('the entry chunk holds none of @actions/cache or its Azure client', () => {
    expect(readFileSync(bundlePath, 'utf8')).not.toMatch(CACHE_CODE);
  });

  it('a step that only waits runs without the chunks that hold them; a create without them warns once and works', async () => {
    const w = await world();
    // The committed bundle, minus every chunk with @actions/cache or the re-run memory in it.
    const dist = join(w.temp, 'dist');
    cpSync(join(bundlePath, '..'), dist, { recursive: true });
    const removed = readdirSync(dist).filter((name) => {
      const text = readFileSync(join(dist, name), 'utf8');
      return name !== 'index.js' && (CACHE_CODE.test(text) || text.includes('openRerunMemory'));
    });
    expect(removed.length).toBeGreaterThanOrEqual(2);
    for (const name of removed) rmSync(join(dist, name));

    w.kie.addTask({ taskId: 'task_only_waiting', ...QUICK });
    const waits = await runAction({
      inputs: {
        'task-id': 'task_only_waiting',
        'api-key': KEY,
        'base-url': w.kie.url,
        'poll-interval': '50ms',
      },
      env: { ...w.cache.env(), GITHUB_RUN_ATTEMPT: '2' },
      bundle: join(dist, 'index.js'),
    });
    expect(waits.code).toBe(0);
    expect(warnings(waits)).toEqual([]);

    const creates = await runAction({
      inputs: {
        model: 'google/imagen4-fast',
        input: '{"prompt":"x"}',
        'api-key': KEY,
        'base-url': w.kie.url,
      },
      env: w.cache.env(),
      bundle: join(dist, 'index.js'),
    });
    expect(creates.code).toBe(0);
    expect(warnings(creates)).toHaveLength(1);
    expect(warnings(creates)[0]).toMatch(/^::warning::Re-run memory: could not load it/);
  });
});

describe.concurrent('the memory never breaks the step (the bundle)', () => {
  it.each([
    ['absent (no cache service variables)', 'none', true, /no GitHub cache service here/],
    [
      'failing (500 on every call)',
      'error',
      false,
      /no result from the cache service within|did not store|could not be read/,
    ],
    ['rate-limited (429)', 'rate-limit', false, /did not store|could not be read/],
    ['hanging (never answers)', 'hang', false, /no result from the cache service within 2\.0s/],
  ] as const)(
    'cache service %s: attempts 1 and 2 work, one warning each, within timeout',
    async (_, fault, noCache, why) => {
      const w = await world(QUICK, fault);
      for (const n of [1, 2]) {
        const r = await attempt(w, { attempt: n, noCache, inputs: { timeout: '8s' } });
        expect(r.code).toBe(0);
        expect(r.outputs['state']).toBe('success');
        expect(warnings(r)).toHaveLength(1);
        expect(warnings(r)[0]).toMatch(
          /^::warning::Re-run memory: .*A re-run of this step may create \(and pay for\) its tasks again; this run goes on\.$/,
        );
        expect(warnings(r)[0]).toMatch(why);
        expect(r.stdout).not.toMatch(/^::error::/m);
        // Within its timeout (8 s), the process ending too: nothing the cache library holds keeps it alive.
        expect(r.elapsedMs).toBeLessThan(8_000 + 3_000);
      }
      expect(creates(w)).toBe(2);
    },
    60_000,
  );

  it('GHES without Actions caching (no ACTIONS_CACHE_URL for its cache service v1): one warning, nothing saved', async () => {
    const w = await world();
    const r = await attempt(w, { attempt: 1, env: { GITHUB_SERVER_URL: 'https://ghes.example.com' } });
    expect(r.code).toBe(0);
    expect(warnings(r)).toHaveLength(1);
    expect(warnings(r)[0]).toMatch(/no GitHub cache service here/);
    expect(w.cache.requests).toEqual([]);
  });

  it('a read-only cache (ACTIONS_CACHE_MODE read, a fork pull request) saves nothing, with one warning', async () => {
    const w = await world();
    const r = await attempt(w, { attempt: 1, env: { ACTIONS_CACHE_MODE: 'read' } });
    expect(r.code).toBe(0);
    expect(warnings(r)).toHaveLength(1);
    expect(warnings(r)[0]).toMatch(/read-only for this run/);
    expect(w.cache.entries).toEqual([]);
  });
});

/** The text of a saved archive: a tar compressed with zstd (when the runner has it) or gzip. */
function unpack(blob: Buffer): string {
  if (blob[0] === 0x1f && blob[1] === 0x8b) return gunzipSync(blob).toString('latin1');
  const zstd = spawnSync('zstd', ['-d', '-c'], { input: blob });
  if (zstd.status !== 0) throw new Error(`not gzip, and zstd -d failed: ${zstd.stderr.toString()}`);
  return zstd.stdout.toString('latin1');
}
