// main() in-process against the testkit's fake kie.ai on loopback: output contracts and every exit code.
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KieClient } from '@kie-task/core';
import { summarizeRecord, type TaskSummary } from '@kie-task/core/internal';
import { startFakeKie, type FakeKie, type FakeKieOptions, type TaskScenario } from '@kie-task/testkit';
import { afterEach, describe, expect, it } from 'vitest';
import { run } from '../test/run.js';
import { cliVersion } from './cli.js';

const HOSTILE = '\u001b[31mContent policy\u001b[0m violation\u0007\u001b]0;owned\u0007';
let fake: FakeKie | undefined;
const temps: string[] = [];

afterEach(async () => {
  await fake?.close();
  fake = undefined;
  await Promise.all(temps.splice(0).map((dir) => rm(dir, { recursive: true, force: true })));
});

async function start(options: FakeKieOptions = {}): Promise<Record<string, string>> {
  fake = await startFakeKie({
    tasks: [
      {
        taskId: 'ok',
        model: 'google/imagen4-fast',
        timeline: [
          { state: 'waiting' },
          { state: 'generating', afterMs: 100 },
          { state: 'success', afterMs: 250 },
        ],
      },
      BAD,
      { taskId: 'slow', timeline: [{ state: 'generating' }] },
    ],
    ...options,
  });
  return { KIE_API_KEY: fake.apiKey, KIE_BASE_URL: fake.url };
}

/** The TaskSummary core makes of the task as the fake reports it now (a terminal task no longer changes). */
async function expectedSummary(taskId: string): Promise<TaskSummary> {
  const client = new KieClient({ apiKey: fake!.apiKey, baseUrl: fake!.url });
  return summarizeRecord(await client.getTask(taskId));
}

const BAD: TaskScenario = {
  taskId: 'bad',
  timeline: [{ state: 'generating' }, { state: 'fail', afterMs: 100 }],
  failMsg: HOSTILE,
};
/**
 * 'ok' moved on by polls as well as time, for tests that must see its early states: a loaded machine can start the
 * CLI later than 250 ms. (The default 'ok' moves by time only, so `status` and a second read agree.)
 */
const OK_BY_POLLS: TaskScenario = {
  taskId: 'ok',
  model: 'google/imagen4-fast',
  timeline: [
    { state: 'waiting' },
    { state: 'generating', afterMs: 100, afterPolls: 1 },
    { state: 'success', afterMs: 250, afterPolls: 2 },
  ],
};
const FAST = ['--interval', '50ms'];

describe('kie-task wait', () => {
  it('shows progress while the model reports it, a line per 10 points off a TTY', async () => {
    const sora = (taskId: string) => ({
      taskId,
      model: 'sora-2-text-to-video',
      timeline: [
        { state: 'generating', progress: 12 },
        { state: 'generating', progress: 17, afterPolls: 1 },
        { state: 'generating', progress: 55, afterPolls: 2 },
        { state: 'success', afterPolls: 3 },
      ],
    });
    const env = await start({ tasks: [sora('sora'), sora('sora-tty')] });
    const plain = await run(['wait', 'sora', ...FAST], env);
    expect(plain.code).toBe(0);
    expect(plain.stderr.split('\n').map((line) => line.replace(/ \(.*\)$/, ''))).toEqual([
      'sora generating 10%',
      'sora generating 50%',
      'sora success',
      'sora cost 0.8 credits',
      '',
    ]);
    const tty = await run(['wait', 'sora-tty', ...FAST], env, { tty: true });
    expect(tty.stderr).toMatch(/sora-tty {2}generating 12%/);
    expect(tty.stderr).toMatch(/sora-tty {2}generating 55%/);
  });

  it('exits 0 and prints exactly the TaskSummary array with --json', async () => {
    const env = await start();
    const result = await run(['wait', 'ok', ...FAST, '--json'], env);
    expect(result.code).toBe(0);
    const printed = JSON.parse(result.stdout) as TaskSummary[];
    expect(printed).toEqual([await expectedSummary('ok')]);
    expect(result.stdout).toBe(`${JSON.stringify(printed, null, 2)}\n`);
    expect(printed[0]).toMatchObject({
      state: 'success',
      resultUrls: [`${fake!.url}/files/ok-0.png`],
      timedOut: false,
    });
  });

  it('off a TTY writes one plain line per state change to stderr and the result URLs to stdout', async () => {
    const env = await start({ tasks: [OK_BY_POLLS] });
    const result = await run(['wait', 'ok', ...FAST], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${fake!.url}/files/ok-0.png\n`);
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.map((line) => line.replace(/\(.*\)$/, '(T)'))).toEqual([
      'ok waiting (T)',
      'ok generating (T)',
      'ok success (T)',
      // kie.ai reports what the task cost (creditsConsumed); the fake says 0.8 for a success.
      'ok cost 0.8 credits',
    ]);
    for (const line of lines.slice(0, -1)) expect(line).toMatch(/^ok \w+ \(\d+(ms|\.\ds)\)$/);
  });

  it('on a TTY colours the outcomes, unless NO_COLOR is set', async () => {
    const env = await start();
    const coloured = await run(['wait', 'ok', 'bad', ...FAST], env, { tty: true });
    const lastFrame = coloured.stderr.slice(coloured.stderr.lastIndexOf('\u001b[G') + 3);
    // eslint-disable-next-line no-control-regex -- the colour codes are what is asserted
    expect(lastFrame).toMatch(/^\u001b\[32m✔\u001b\[39m ok .*\n\u001b\[31m✖\u001b\[39m bad /);
    const plain = await run(['wait', 'ok', 'bad', ...FAST], { ...env, NO_COLOR: '1' }, { tty: true });
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(plain.stderr).not.toMatch(/\u001b\[3\dm/);
  });

  it('on a TTY redraws one live line per task in place, and ends with the outcome', async () => {
    // NO_COLOR: the only escape sequences left are log-update's, so none can come from kie.ai's text.
    const env = { ...(await start({ tasks: [OK_BY_POLLS, BAD] })), NO_COLOR: '1' };
    const result = await run(['wait', 'ok', 'bad', ...FAST], env, { tty: true });
    expect(result.code).toBe(1);
    // log-update erases the previous frame (ESC[2K ESC[1A … ESC[G) before drawing the next one.
    expect(result.stderr).toContain('\u001b[2K');
    expect(result.stderr).toContain('\u001b[1A');
    expect(result.stderr).toMatch(/[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏] ok {3}(waiting|generating)/);
    const lastFrame = result.stderr.slice(result.stderr.lastIndexOf('\u001b[G') + 3);
    expect(lastFrame).toMatch(
      /^✔ ok {3}success · 0\.8 credits {2}\d+ms\n✖ bad {2}fail · 0 credits {2}\d+ms\n/,
    );
    // The API's escape sequences never reach the terminal.
    expect(result.stderr).not.toContain('\u001b[31m');
    expect(result.stderr).not.toContain('\u0007');
    expect(result.stderr).not.toContain('\u001b]');
  });

  it('exits 1 when a task fails, with its failMsg cleaned of control characters', async () => {
    const env = await start();
    const result = await run(['wait', 'bad', ...FAST], env);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(
      'kie-task: task bad failed (failCode 500): Content policy violation\ufffd\n',
    );
    // eslint-disable-next-line no-control-regex -- asserting their absence
    expect(result.stderr).not.toMatch(/[\u0000-\u0009\u000b-\u001f]/);
  });

  it("shows a failed task's message as soon as it fails, while the others are still waited for", async () => {
    const env = await start();
    const result = await run(['wait', 'bad', 'slow', ...FAST, '--timeout', '2s'], env);
    expect(result.code).toBe(1);
    const lines = result.stderr.split('\n');
    const failedAt = lines.findIndex((line) =>
      /^bad fail \([\d.]+m?s\): \(500\) Content policy violation/.test(line),
    );
    const timedOutAt = lines.findIndex((line) => line.startsWith('kie-task: task slow timed out'));
    expect(failedAt, result.stderr).toBeGreaterThanOrEqual(0);
    // Long before the wait for `slow` ends.
    expect(failedAt).toBeLessThan(timedOutAt === -1 ? lines.length : timedOutAt);
    expect(result.stderr.slice(0, result.stderr.indexOf('kie-task: '))).toContain('Content policy violation');
  });

  it('exits 3 on timeout and reports the last state', async () => {
    const env = await start();
    // A second: on a loaded machine the first answer can take longer than 300 ms, and the last state is its.
    const result = await run(['wait', 'slow', ...FAST, '--timeout', '1s', '--json'], env);
    expect(result.code).toBe(3);
    const [summary] = JSON.parse(result.stdout) as TaskSummary[];
    expect(summary).toMatchObject({ taskId: 'slow', state: 'generating', timedOut: true });
    expect(result.stderr).toMatch(/Timed out waiting for task slow after/);
  });

  it('with several tasks, the most severe outcome wins (failed beats timed out)', async () => {
    const env = await start();
    const result = await run(['wait', 'ok', 'slow', 'bad', ...FAST, '--timeout', '2s', '--json'], env);
    expect(result.code).toBe(1);
    const summaries = JSON.parse(result.stdout) as TaskSummary[];
    expect(summaries.map((s) => [s.taskId, s.state, s.timedOut])).toEqual([
      ['ok', 'success', false],
      ['slow', 'generating', true],
      ['bad', 'fail', false],
    ]);
  });

  it('exits 4 when kie.ai rejects the key (401), saying so once', async () => {
    const env = await start();
    const result = await run(['wait', 'ok', 'bad', ...FAST], { ...env, KIE_API_KEY: 'wrong-key' });
    expect(result.code).toBe(4);
    expect(result.stderr.match(/kie\.ai answered 401/g)).toHaveLength(1);
    expect(result.stderr).not.toContain('wrong-key');
  });

  it('exits 130 when interrupted, printing what is known', async () => {
    const env = await start({
      tasks: [
        { taskId: 'ok', model: 'google/imagen4-fast', timeline: [{ state: 'success' }] },
        { taskId: 'slow', timeline: [{ state: 'generating' }] },
      ],
    });
    const controller = new AbortController();
    // Interrupted once 'ok' has answered and 'slow' has been polled twice (so its first answer was read): a fixed
    // moment could come before either on a loaded machine.
    let interruptedAt = 0;
    const interrupt = setInterval(() => {
      if (fake!.requestsFor('ok').length === 0 || fake!.requestsFor('slow').length < 2) return;
      clearInterval(interrupt);
      interruptedAt = Date.now();
      controller.abort(new Error('Interrupted by SIGINT'));
    }, 20);
    const result = await run(['wait', 'ok', 'slow', ...FAST, '--json'], env, {
      signal: controller.signal,
    }).finally(() => clearInterval(interrupt));
    expect(interruptedAt).toBeGreaterThan(0);
    expect(Date.now() - interruptedAt).toBeLessThan(2_000); // it ends at the interrupt, with a loaded machine's slack
    expect(result.code).toBe(130);
    const summaries = JSON.parse(result.stdout) as TaskSummary[];
    // The wait settled: the finished task keeps its outcome, the other is cancelled with its last state.
    expect(summaries.map((s) => [s.taskId, s.outcome, s.state, s.error])).toEqual([
      ['ok', 'success', 'success', null],
      ['slow', 'cancelled', 'generating', 'Interrupted before the task finished'],
    ]);
    expect(result.stderr).toContain('kie-task: interrupted; task slow was generating');
  });

  it('--download DIR saves the results and prints their paths; the key never goes to the file host', async () => {
    const env = await start();
    const dir = await mkdtemp(join(tmpdir(), 'kie-cli-'));
    temps.push(dir);
    const out = join(dir, 'results');
    const result = await run(['wait', 'ok', ...FAST, '--download', out], env);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`${join(out, 'ok-1.png')}\n`);
    expect((await readFile(join(out, 'ok-1.png'))).subarray(1, 4).toString()).toBe('PNG');
    expect(await readdir(out)).toEqual(['ok-1.png']);
    const fileRequests = fake!.requests.filter((r) => r.path.startsWith('/files/'));
    expect(fileRequests).toHaveLength(1);
    expect(fileRequests[0]!.authorization).toBeNull();
  });

  it("--download saves a task's files as soon as it succeeds, before a slower task finishes", async () => {
    const env = await start({
      tasks: [
        { taskId: 'quick', timeline: [{ state: 'success' }] },
        { taskId: 'late', timeline: [{ state: 'generating' }, { state: 'success', afterMs: 2_000 }] },
      ],
    });
    const dir = await mkdtemp(join(tmpdir(), 'kie-cli-'));
    temps.push(dir);
    const result = await run(['wait', 'late', 'quick', ...FAST, '--download', dir, '--json'], env);
    expect(result.code).toBe(0);
    const lines = result.stderr.split('\n');
    const saved = lines.indexOf(`saved ${join(dir, 'quick-1.png')}`);
    const lateDone = lines.findIndex((line) => /^late success\b/.test(line));
    expect(saved).toBeGreaterThanOrEqual(0);
    expect(lateDone).toBeGreaterThan(saved);
    expect((await readdir(dir)).sort()).toEqual(['late-1.png', 'quick-1.png']);
  });

  it('--download with --json keeps stdout to the JSON and lists saved files on stderr', async () => {
    const env = await start();
    const dir = await mkdtemp(join(tmpdir(), 'kie-cli-'));
    temps.push(dir);
    const result = await run(['wait', 'ok', ...FAST, '--download', dir, '--json', '--quiet'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([await expectedSummary('ok')]);
    expect(result.stderr).toBe(`saved ${join(dir, 'ok-1.png')}\n`);
    expect(existsSync(join(dir, 'ok-1.png'))).toBe(true);
  });
});

describe('kie-task wait --max-requests-per-second', () => {
  it('caps the status requests of all tasks together', async () => {
    // Three tasks polled every 50 ms would ask about 60 times a second; at 4 per second, starts are 250 ms apart.
    const tasks = ['r1', 'r2', 'r3'].map((taskId) => ({
      taskId,
      timeline: [{ state: 'generating' as const }, { state: 'success' as const, afterPolls: 3 }],
    }));
    const env = await start({ tasks });
    const result = await run(['wait', 'r1', 'r2', 'r3', ...FAST, '--max-requests-per-second', '4'], env);
    expect(result.code).toBe(0);
    const polls = fake!.requests.filter((r) => r.path === '/api/v1/jobs/recordInfo').map((r) => r.at);
    expect(polls.length).toBeGreaterThanOrEqual(12);
    // A lower bound on the span only: a loaded machine makes it longer, never shorter (arrival jitter at the ends).
    expect(polls.at(-1)! - polls[0]!).toBeGreaterThanOrEqual((polls.length - 1) * 250 - 150);
  });
});

describe('usage errors exit 2', () => {
  it.each([
    [['wait', 'ok', '--bogus'], /unknown option '--bogus'/],
    [
      ['wait', 'ok', '--timeout', '5 parsecs'],
      /Invalid duration "5 parsecs".*500ms, 90s, 15m \(or 15min, 15 minutes\), 1h, 1h30m/,
    ],
    [['wait', 'ok', '--interval', 'often'], /Invalid duration "often"/],
    [['wait', 'ok', '--family', 'dalle'], /Unknown family "dalle": use one of market, veo, .*, or auto/],
    [['wait', 'ok', '--max-download-size', 'huge'], /Invalid size "huge"/],
    [['wait', 'ok', '--max-requests-per-second', '0'], /Invalid rate "0": use a positive number/],
    [['wait', 'ok', '--max-requests-per-second', 'fast'], /Invalid rate "fast"/],
    [['wait'], /missing required argument 'taskId'/],
    [['status', 'a', 'b'], /too many arguments/],
    [['frobnicate'], /unknown command 'frobnicate'/],
    [[], /Usage: kie-task/],
  ])('%j', async (argv, message) => {
    const result = await run(argv, { KIE_API_KEY: 'k-12345678', KIE_BASE_URL: 'http://127.0.0.1:9' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(message);
    expect(result.stdout).toBe('');
    // One style for every error, commander's included: `kie-task: …`, then where the usage is.
    if (argv.length > 0) {
      expect(result.stderr).toMatch(/^kie-task: /);
      expect(result.stderr).not.toMatch(/^error: /m);
      expect(result.stderr.trimEnd()).toMatch(/\(run "kie-task --help" for usage\)$/);
    }
  });

  it('takes the durations people type: 5min, 5 m, 1h30m', async () => {
    const env = await start();
    for (const timeout of ['5min', '5 m', '1h30m', '2 minutes'])
      expect((await run(['wait', 'ok', '--timeout', timeout, '--interval', '50ms'], env)).code, timeout).toBe(
        0,
      );
  });

  it('without an API key, says to set KIE_API_KEY', async () => {
    const result = await run(['wait', 'ok'], {});
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Set the KIE_API_KEY environment variable');
  });

  it("refuses a key the client would refuse, naming where the user set it, with the core's reason", async () => {
    const result = await run(['credits'], { KIE_API_KEY: 'k-123', KIE_BASE_URL: 'http://127.0.0.1:9' });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('kie-task: KIE_API_KEY: the API key is shorter than 8 characters');
    expect(result.stderr).not.toMatch(/KieClient|apiKey/);
    const flag = await run(['credits', '--api-key', 'k-123'], { KIE_BASE_URL: 'http://127.0.0.1:9' });
    expect(flag.stderr).toContain('kie-task: --api-key: the API key is shorter than 8 characters');
  });

  it('refuses a plain-http base URL that is not loopback', async () => {
    const result = await run(['credits'], {
      KIE_API_KEY: 'k-12345678',
      KIE_BASE_URL: 'http://api.example.com',
    });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(
      /^kie-task: KIE_BASE_URL: Invalid base URL "http:\/\/api\.example\.com": it must use https/,
    );
  });
});

describe('the API key never reaches the terminal', () => {
  it('is removed from --json, plain lines and errors when kie.ai echoes it, raw or encoded', async () => {
    const key = 'sk_Cli"Key\\with&odd<0123456789';
    const forms = [key, JSON.stringify(key).slice(1, -1), encodeURIComponent(key)];
    fake = await startFakeKie({
      apiKey: key,
      tasks: [
        {
          taskId: 'echo',
          timeline: [{ state: 'generating' }, { state: 'fail', afterPolls: 1 }],
          failMsg: `rejected ${forms.join(' ')} \u202e\u0085`,
        },
      ],
    });
    const env = { KIE_API_KEY: key, KIE_BASE_URL: fake.url };
    for (const argv of [
      ['wait', 'echo', ...FAST, '--json'],
      ['wait', 'echo', ...FAST],
      ['status', 'echo'],
    ]) {
      const result = await run(argv, env);
      for (const form of forms) {
        expect(result.stdout, argv.join(' ')).not.toContain(form);
        expect(result.stderr, argv.join(' ')).not.toContain(form);
      }
      expect(result.stdout + result.stderr).toContain('rejected ***');
      expect(result.stdout + result.stderr).not.toMatch(/[\u202e\u0085]/);
    }
  });
});

describe('kie-task status', () => {
  it('prints one TaskSummary with --json', async () => {
    const env = await start();
    await new Promise((resolve) => setTimeout(resolve, 300));
    const result = await run(['status', 'ok', '--json'], env);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual(await expectedSummary('ok'));
  });

  it('prints a readable block, exits 0 for a pending task and 1 for a failed one', async () => {
    const env = await start();
    const pending = await run(['status', 'slow', '--family', 'auto'], env);
    expect(pending.code).toBe(0);
    expect(pending.stdout).toContain('task      slow\n');
    expect(pending.stdout).toContain('family    market\n');
    expect(pending.stdout).toContain('state     generating\n');
    await new Promise((resolve) => setTimeout(resolve, 150));
    const failed = await run(['status', 'bad'], env);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toContain('failMsg   Content policy violation\ufffd\n');
  });

  it('shows the prompt (decoded from the double-encoded param), the credits and costTime in seconds', async () => {
    const env = await start({
      tasks: [
        {
          taskId: 'priced',
          model: 'z-image',
          param: { model: 'z-image', input: { prompt: 'A lighthouse\nat dusk' } },
          creditsConsumed: 0.8,
          costTimeMs: 6_000,
        },
      ],
    });
    const text = await run(['status', 'priced'], env);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('credits   0.8\n');
    expect(text.stdout).toContain('prompt    A lighthouse at dusk\n');
    const json = await run(['status', 'priced', '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      outcome: 'success',
      creditsConsumed: 0.8,
      costTimeSeconds: 6,
    });
  });

  it('exits 4 for an unknown task, with a JSON summary carrying the error', async () => {
    const env = await start({ unknownTask: 'not-found-404' });
    const result = await run(['status', 'nope', '--json'], env);
    expect(result.code).toBe(4);
    expect(JSON.parse(result.stdout)).toMatchObject({
      taskId: 'nope',
      state: null,
      error: expect.stringMatching(/404/) as string,
    });
  });

  it('accepts the key from --api-key', async () => {
    const env = await start();
    const result = await run(['status', 'slow', '--api-key', fake!.apiKey, '--json'], {
      KIE_BASE_URL: env.KIE_BASE_URL,
    });
    expect(result.code).toBe(0);
  });
});

describe('kie-task credits', () => {
  it('prints the number, or {credits} with --json', async () => {
    const env = await start({ credits: 42 });
    expect(await run(['credits'], env)).toEqual({ code: 0, stdout: '42\n', stderr: '' });
    const json = await run(['credits', '--json'], env);
    expect(JSON.parse(json.stdout)).toEqual({ credits: 42 });
  });

  it('exits 4 for a rejected key', async () => {
    const env = await start();
    const result = await run(['credits'], { ...env, KIE_API_KEY: 'nope-nope-nope' });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/401/);
  });
});

describe('--help and --version', () => {
  it('prints help with the exit codes and environment, exit 0', async () => {
    for (const argv of [['--help'], ['wait', '--help'], ['help', 'status']]) {
      const result = await run(argv, {});
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('Exit codes:');
      expect(result.stdout).toContain('KIE_API_KEY');
    }
    const wait = await run(['wait', '--help'], {});
    expect(wait.stdout).toMatch(/--api-key <key>\s+kie\.ai API key\. Discouraged/);
  });

  it('prints the package version', async () => {
    const result = await run(['--version'], {});
    expect(result).toEqual({ code: 0, stdout: `${cliVersion()}\n`, stderr: '' });
    const pkg = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {
      version: string;
    };
    expect(cliVersion()).toBe(pkg.version);
  });
});
