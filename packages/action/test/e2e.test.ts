// End-to-end: the committed bundle, run as the runner runs it, against the testkit's fake kie.ai server.
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import {
  startConnectProxy,
  startFakeKie,
  type ConnectProxy,
  type FakeKie,
  type TaskScenario,
} from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runAction, type RunOptions, type RunOutcome } from '../scripts/runner.mjs';
import { AT_ONCE_MS, expectNoKey as expectKeyNowhere, withDefaults as withInputs } from './harness.js';

const KEY = 'sk-e2e-Secr3t-Key-0123456789abcdef';
const HOSTILE_MSG =
  '::error::pwned\n::add-mask::hidden\n<img src=x onerror=alert(1)> @someone #1 ::stop-commands::t';

let fake: FakeKie;
beforeAll(async () => {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run pnpm build first`);
  fake = await startFakeKie({ apiKey: KEY });
});
afterAll(() => fake?.close());

let counter = 0;
/** Adds a task with a unique id and runs the Action on it. */
async function runTask(
  scenario: Omit<TaskScenario, 'taskId'>,
  options: RunOptions = {},
): Promise<RunOutcome & { taskId: string }> {
  const taskId = `task_e2e_${++counter}`;
  fake.addTask({ taskId, ...scenario });
  const result = await runAction(withDefaults(options, taskId));
  expectNoKey(result);
  return { ...result, taskId };
}

const withDefaults = (options: RunOptions, taskId: string): RunOptions =>
  withInputs(options, { taskId, apiKey: KEY, baseUrl: fake.url });
const expectNoKey = (result: RunOutcome): void => expectKeyNowhere(result, KEY);

/** Every workflow command on stdout is one the Action itself issues; API text never starts a command. */
function expectOnlyOwnCommands(stdout: string): void {
  const commands = stdout.split(/\r?\n/).filter((line) => /^\s*(::|##\[)/.test(line));
  for (const line of commands)
    expect(line).toMatch(/^::(add-mask|debug|notice|warning|error|group|endgroup)::/);
  // One mask per secret input: api-key and github-token.
  expect(commands.filter((line) => line.startsWith('::add-mask::'))).toHaveLength(2);
}

const urls = (url: string, taskId: string, n: number): string[] =>
  Array.from({ length: n }, (_, i) => `${url}/files/${taskId}-${i}.png`);

describe.concurrent('the bundle against the fake kie.ai', () => {
  it('success with several result URLs', async () => {
    const taskId = `task_e2e_multi`;
    fake.addTask({
      taskId,
      model: 'google/imagen4-fast',
      timeline: [
        { state: 'waiting' },
        { state: 'queuing', afterPolls: 1 },
        { state: 'generating', afterPolls: 2 },
        { state: 'success', afterPolls: 3 },
      ],
      resultJson: { resultUrls: [0, 1, 2].map((i) => `{{url}}/files/${taskId}-${i}.png`) },
    });
    const r = await runAction(withDefaults({}, taskId));
    expectNoKey(r);
    expect(r.code).toBe(0);
    const states = r.stdout.split('\n').filter((line) => /^ +\S+ {2}task_e2e_multi {2}/.test(line));
    expect(states.map((line) => line.split('  task_e2e_multi  ')[1])).toEqual([
      'waiting',
      'queuing',
      'generating',
      'success (3 results)',
    ]);
    const expected = urls(fake.url, taskId, 3);
    expect(r.outputs).toMatchObject({
      'task-id': taskId,
      state: 'success',
      'timed-out': 'false',
      'result-urls': JSON.stringify(expected),
      'result-url': expected[0],
      model: 'google/imagen4-fast',
      'fail-code': '',
      'fail-msg': '',
    });
    expect(JSON.parse(r.outputs['result-json']!)).toEqual({ resultUrls: expected });
    expect(JSON.parse(r.outputs.param!)).toEqual({ model: 'google/imagen4-fast', input: {} });
    expect(r.outputs['create-time']).toMatch(/^\d{4}-\d\d-\d\dT/);
    // A whole number of milliseconds: Number('') would be 0 and pass a >= 0 check.
    expect(r.outputs['duration-ms']).toMatch(/^\d+$/);
    expect(JSON.parse(r.outputs.tasks!)).toHaveLength(1);
    expect(r.summary).toContain('### kie.ai task: 1 succeeded');
    expect(r.summary.match(/<img src=/g)).toHaveLength(3);
    expect(r.summary).toMatch(/expire/);
    expectOnlyOwnCommands(r.stdout);
  });

  it('reads market answers as the live API sends them: double-encoded input, credits, costTime in seconds', async () => {
    const r = await runTask({
      model: 'z-image',
      param: { model: 'z-image', input: { prompt: 'A lighthouse at dusk', aspect_ratio: '1:1' } },
      timeline: [
        { state: 'generating', progress: 40 },
        { state: 'success', afterPolls: 2 },
      ],
      creditsConsumed: 0.8,
      costTimeMs: 6_000,
    });
    expect(r.code).toBe(0);
    // The fake double-encodes `input`, as kie.ai does; the output holds it decoded.
    expect(JSON.parse(r.outputs.param!)).toEqual({
      model: 'z-image',
      input: { prompt: 'A lighthouse at dusk', aspect_ratio: '1:1' },
    });
    expect(r.outputs.credits).toBe('0.8');
    expect(JSON.parse(r.outputs.tasks!)).toMatchObject([
      { outcome: 'success', creditsConsumed: 0.8, costTimeSeconds: 6 },
    ]);
    expect(r.stdout).toMatch(new RegExp(`${r.taskId} {2}generating 40%`));
    expect(r.summary).toContain('1 succeeded, 0.8 credits');
  });

  it("a failMsg over GitHub's 1 MB output limit is cut to fit, with a warning, and everything else is written", async () => {
    const r = await runTask({
      timeline: [{ state: 'fail' }],
      failCode: '500',
      failMsg: `${'é'.repeat(600_000)}end`,
    });
    expect(r.code).toBe(1);
    // All outputs together within 1 MB counted as UTF-16, as GitHub counts them.
    const total = Object.entries(r.outputs).reduce(
      (n, [name, value]) => n + 2 * (name.length + value.length),
      0,
    );
    expect(total).toBeLessThanOrEqual(1_000_000);
    expect(r.outputs['fail-msg']!.startsWith('ééé')).toBe(true);
    expect(r.outputs['fail-msg']).not.toContain('\ufffd');
    expect(r.stdout).toMatch(/::warning::The fail-msg output was cut to [\d,]+ of 600,003 characters/);
    expect(r.outputs.state).toBe('fail');
    // The log line of the failure is clipped to a few KiB.
    const error = r.stdout.split('\n').find((line) => line.startsWith('::error::'))!;
    expect(error.length).toBeLessThan(5_000);
  });

  it('a failed task fails the step with its failCode and failMsg', async () => {
    const r = await runTask({
      timeline: [{ state: 'generating' }, { state: 'fail', afterPolls: 1 }],
      failCode: '400',
      failMsg: 'Prompt rejected',
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error::Task ${r.taskId} failed (400): Prompt rejected`);
    expect(r.outputs).toMatchObject({
      state: 'fail',
      'fail-code': '400',
      'fail-msg': 'Prompt rejected',
      'result-urls': '[]',
      'result-url': '',
    });
    expect(r.summary).toContain('❌ fail');
    expect(r.summary).toContain('<b>400</b>: Prompt rejected');
  });

  it('fail-on-error: false leaves the step green on fail', async () => {
    const r = await runTask({ timeline: [{ state: 'fail' }] }, { inputs: { 'fail-on-error': 'false' } });
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('::error::');
    expect(r.outputs.state).toBe('fail');
  });

  it('a deadline fails the step with the last state and the time waited', async () => {
    const r = await runTask(
      { timeline: [{ state: 'waiting' }, { state: 'generating', afterPolls: 1 }] },
      { inputs: { timeout: '5s' } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      new RegExp(
        `::error::Timed out waiting for task ${r.taskId} after [\\d.]+m?s \\(\\d+ polls, last state "generating"\\)`,
      ),
    );
    expect(r.outputs).toMatchObject({
      state: 'generating',
      'timed-out': 'true',
      'complete-time': '',
      'duration-ms': '',
    });
    expect(r.summary).toContain('⏱️ timed out while generating');
  });

  it('429 then success: retried after the pause', async () => {
    const r = await runTask({ faults: [{ on: 1, kind: 'http', status: 429, retryAfter: '0' }] });
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/retry 1 in .*kie\.ai answered 429/);
    expect(r.outputs.state).toBe('success');
    expect(fake.requestsFor(r.taskId)).toHaveLength(2);
  });

  it('5xx bursts (JSON 503, HTML 502, envelope 500) are retried', async () => {
    const r = await runTask({
      timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 3 }],
      faults: [
        {
          on: 1,
          kind: 'http',
          status: 503,
          body: '{"code":503,"msg":"busy"}',
          contentType: 'application/json',
        },
        { on: 2, kind: 'html', status: 502 },
        { on: 4, kind: 'envelope', code: 500, msg: 'internal' },
      ],
    });
    expect(r.code).toBe(0);
    expect(r.stdout.match(/retry \d in/g)!.length).toBe(3);
    expect(r.outputs.state).toBe('success');
  });

  it('401 fails at once with the meaning and the fix', async () => {
    const r = await runTask({
      faults: [{ on: 'always', kind: 'envelope', code: 401, msg: 'You do not have access permissions' }],
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(
      /::error::kie\.ai answered 401 .*API key was rejected\. Check that it is a current kie\.ai API key/,
    );
    expect(fake.requestsFor(r.taskId)).toHaveLength(1);
    expect(r.outputs).toMatchObject({ state: '', 'timed-out': 'false', 'result-urls': '[]' });
    expect((JSON.parse(r.outputs.tasks!) as unknown[])[0]).toMatchObject({
      state: null,
      timedOut: false,
      error: expect.stringMatching(/401/) as unknown,
    });
    expect(r.summary).toContain('| ⚠️ error |');
  });

  it('a malformed body fails with the part that was wrong', async () => {
    const r = await runTask({ resultJson: '{"resultUrls": [' });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::Unexpected kie\.ai response at data\.resultJson/);
  });

  it('a truncated body is retried', async () => {
    const r = await runTask({ faults: [{ on: 1, kind: 'truncated' }] });
    expect(r.code).toBe(0);
    expect(r.outputs.state).toBe('success');
  });

  it('an unknown state keeps waiting and is reported by name', async () => {
    const r = await runTask({ timeline: [{ state: 'paused' }, { state: 'success', afterPolls: 2 }] });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('paused (state unknown to kie-task; still waiting)');
    expect(r.stdout).toMatch(/::warning::Task task_e2e_\d+: unknown state "paused"/);
  });

  it('an unknown state at the deadline is the state output', async () => {
    const r = await runTask({ timeline: [{ state: 'paused' }] }, { inputs: { timeout: '5s' } });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ state: 'paused', 'timed-out': 'true' });
  });

  it('several task IDs with one failing', async () => {
    const ids = ['task_e2e_batch_a', 'task_e2e_batch_b', 'task_e2e_batch_c'];
    fake.addTask({
      taskId: ids[0]!,
      timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 2 }],
    });
    fake.addTask({
      taskId: ids[1]!,
      timeline: [{ state: 'queuing' }, { state: 'fail', afterPolls: 1 }],
      failMsg: 'NSFW',
    });
    fake.addTask({ taskId: ids[2]!, resultJson: { resultUrls: ['{{url}}/files/c.mp4'] } });
    const r = await runAction(
      withDefaults({ inputs: { 'task-id': `${ids[0]}, ${ids[1]}\n${ids[2]}` } }, ids[0]!),
    );
    expectNoKey(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(`::error::Task ${ids[1]} failed (500): NSFW`);
    expect(r.stdout).toContain('::group::Results: 3 tasks, 2 result URLs');
    expect(r.outputs).toMatchObject({
      'task-id': ids.join(','),
      state: 'fail',
      'fail-msg': 'NSFW',
      'result-urls': JSON.stringify([`${fake.url}/files/${ids[0]}-0.png`, `${fake.url}/files/c.mp4`]),
    });
    const tasks = JSON.parse(r.outputs.tasks!) as { taskId: string; state: string }[];
    expect(tasks.map((t) => [t.taskId, t.state])).toEqual([
      [ids[0], 'success'],
      [ids[1], 'fail'],
      [ids[2], 'success'],
    ]);
    expect(r.summary).toContain('1 failed, 2 succeeded'.split(', ').reverse().join(', '));
    expect(r.summary).toContain('<a href="' + fake.url + '/files/c.mp4">c.mp4</a>');
  });

  it('API text never becomes a workflow command, markup or a mention', async () => {
    const r = await runTask({
      model: '<b>m</b>|x',
      timeline: [{ state: 'fail' }],
      failCode: '`500`',
      failMsg: HOSTILE_MSG,
    });
    expect(r.code).toBe(1);
    expectOnlyOwnCommands(r.stdout);
    expect(r.stdout).not.toMatch(/^\s*::error::pwned/m);
    expect(r.stdout).not.toMatch(/^\s*::add-mask::hidden/m);
    expect(r.outputs['fail-msg']).toBe(HOSTILE_MSG);
    expect(r.summary).not.toMatch(/<img src=x|@someone|<b>m<\/b>|[^&]#1/);
    expect(r.summary).toContain('&lt;img src=x onerror=alert(1)&gt;');
    const row = r.summary.split('\n').find((line) => line.startsWith('| <code>'))!;
    expect(row.split(' | ')).toHaveLength(6);
  });

  it('an unwritable job summary still leaves every output written, then fails the step', async () => {
    // A directory where the summary file should be: appending to it fails with EISDIR.
    const r = await runTask({ timeline: [{ state: 'success' }] }, { env: { GITHUB_STEP_SUMMARY: tmpdir() } });
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({ state: 'success', 'comment-id': '', 'comment-url': '' });
    expect(r.stdout).toMatch(/::error::.*EISDIR/);
  });

  it('bad inputs fail before any request, naming the input', async () => {
    fake.addTask({ taskId: 'task_e2e_bad_input' });
    const r = await runAction({
      inputs: { 'task-id': 'task_e2e_bad_input', 'api-key': KEY, 'base-url': fake.url, timeout: '10x' },
    });
    expectNoKey(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::Invalid timeout input "10x": use 500ms, 90s, 15m (or 15min, 15 minutes), 1h, 1h30m, or a number of seconds.',
    );
    expect(r.outputs).toMatchObject({ 'task-id': '', state: '', 'result-urls': '[]', tasks: '[]' });
    expect(fake.requestsFor('task_e2e_bad_input')).toEqual([]);
  });

  it('refuses plain http to a non-loopback host before any request', async () => {
    const r = await runAction({
      inputs: { 'task-id': 'x', 'api-key': KEY, 'base-url': 'http://api.kie.ai' },
    });
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/::error::Invalid base-url input "http:\/\/api\.kie\.ai": it must use https/);
  });

  it('summary: false writes no summary', async () => {
    const r = await runTask({}, { inputs: { summary: 'false' } });
    expect(r.code).toBe(0);
    expect(r.summary).toBe('');
  });
});

describe.concurrent('task families', () => {
  it('veo: successFlag 3 fails the step; state is fail, raw-state 3', async () => {
    const r = await runTask(
      {
        family: 'veo',
        timeline: [{ state: '0' }, { state: '3', afterPolls: 1 }],
        failCode: '400',
        failMsg: 'Prompt blocked',
      },
      { inputs: { family: 'veo' } },
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      `Waiting for kie.ai task ${r.taskId} (family veo, timeout 20.0s, polling every 50ms)`,
    );
    expect(r.stdout).toContain(`${r.taskId}  generating (0)\n`);
    expect(r.stdout).toContain(`${r.taskId}  fail (3), code 400: Prompt blocked\n`);
    expect(r.stdout).toContain(`::error::Task ${r.taskId} failed (400): Prompt blocked`);
    expect(r.outputs).toMatchObject({
      state: 'fail',
      'raw-state': '3',
      'fail-code': '400',
      'fail-msg': 'Prompt blocked',
    });
    expect((JSON.parse(r.outputs.tasks!) as unknown[])[0]).toMatchObject({
      family: 'veo',
      state: 'fail',
      rawState: '3',
    });
    expect(
      fake.requests.filter((q) => q.taskId === r.taskId).every((q) => q.path === '/api/v1/veo/record-info'),
    ).toBe(true);
    expect(r.summary).toContain('(veo) | ❌ fail (3) |');
  });

  it('suno: success with several URLs; raw-state is SUCCESS', async () => {
    const r = await runTask(
      { family: 'suno', timeline: [{ state: 'PENDING' }, { state: 'SUCCESS', afterPolls: 1 }] },
      { inputs: { family: 'suno' } },
    );
    expect(r.code).toBe(0);
    const urls = JSON.parse(r.outputs['result-urls']!) as string[];
    expect(urls.length).toBeGreaterThanOrEqual(2);
    expect(urls.every((url) => url.startsWith(`${fake.url}/files/${r.taskId}-`))).toBe(true);
    expect(r.outputs).toMatchObject({ state: 'success', 'raw-state': 'SUCCESS', 'result-url': urls[0] });
    expect(r.summary).toContain('(suno) | ✅ success |');
  });

  it('a pending state of another family is reported as generating', async () => {
    const r = await runTask(
      { family: 'suno', timeline: [{ state: 'TEXT_SUCCESS' }] },
      { inputs: { family: 'suno', timeout: '5s' } },
    );
    expect(r.code).toBe(1);
    expect(r.outputs).toMatchObject({
      state: 'generating',
      'raw-state': 'TEXT_SUCCESS',
      'timed-out': 'true',
    });
    expect(r.summary).toContain('⏱️ timed out while generating (TEXT&#95;SUCCESS)');
  });

  it('family: auto finds a runway task', async () => {
    const r = await runTask(
      { family: 'runway', timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 2 }] },
      { inputs: { family: 'auto' } },
    );
    expect(r.code).toBe(0);
    expect(r.outputs).toMatchObject({ state: 'success', 'raw-state': 'success' });
    expect(r.outputs['result-url']).toMatch(/\.mp4$/);
    expect((JSON.parse(r.outputs.tasks!) as unknown[])[0]).toMatchObject({
      family: 'runway',
      state: 'success',
    });
    const paths = new Set(fake.requests.filter((q) => q.taskId === r.taskId).map((q) => q.path));
    expect(paths).toContain('/api/v1/jobs/recordInfo');
    expect(paths).toContain('/api/v1/runway/record-detail');
    expect(r.summary).toContain('(runway) | ✅ success |');
  });

  it('a bad family names the accepted values, before any request', async () => {
    fake.addTask({ taskId: 'task_e2e_bad_family' });
    const r = await runAction({
      inputs: { 'task-id': 'task_e2e_bad_family', 'api-key': KEY, 'base-url': fake.url, family: 'sora' },
    });
    expectNoKey(r);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::Invalid family input "sora": use one of market, veo, runway, suno, 4o-image, flux-kontext, aleph, ' +
        'suno-lyrics, suno-wav, suno-vocal-removal, suno-mp4, suno-midi, suno-cover, midjourney, luma, or auto ' +
        '(asks each family in turn until one knows the task).',
    );
    expect(fake.requestsFor('task_e2e_bad_family')).toEqual([]);
  });
});

describe('behind a proxy', () => {
  let proxy: ConnectProxy;
  beforeAll(async () => {
    proxy = await startConnectProxy();
  });
  afterAll(() => proxy.close());

  it('honours HTTP_PROXY (Node fetch alone would not)', async () => {
    const r = await runTask({}, { env: { HTTP_PROXY: proxy.url } });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Using proxy ${proxy.url}`);
    expect(proxy.tunnels).toContain(new URL(fake.url).host);
  });

  it('honours NO_PROXY', async () => {
    proxy.tunnels.length = 0;
    const r = await runTask({}, { env: { http_proxy: proxy.url, NO_PROXY: '127.0.0.1' } });
    expect(r.code).toBe(0);
    expect(proxy.tunnels).toEqual([]);
  });
});

describe('cancelling', () => {
  it('SIGTERM stops the wait at once, writes outputs and summary, exits non-zero at once', async () => {
    const r = await runTask(
      { timeline: [{ state: 'waiting' }, { state: 'queuing', afterPolls: 2 }] },
      {
        inputs: { 'poll-interval': '200ms', timeout: '30s' },
        signal: { name: 'SIGTERM', when: (out) => out.includes('  queuing') },
      },
    );
    expect(r.signalledAt).not.toBeNull();
    expect(r.code).not.toBe(0);
    expect(r.code).not.toBeNull();
    expect(r.exitedAt - r.signalledAt!).toBeLessThan(AT_ONCE_MS);
    expect(r.outputs).toMatchObject({ state: 'queuing', 'timed-out': 'false' });
    expect((JSON.parse(r.outputs.tasks!) as unknown[])[0]).toMatchObject({
      state: 'queuing',
      timedOut: false,
      error: 'the run was cancelled (SIGTERM)',
    });
    expect(r.stdout).toMatch(
      /::error::Stopped waiting after .*: the run was cancelled \(SIGTERM\)\. Last state: task_e2e_\d+ queuing\./,
    );
    expect(r.summary).toContain('⏹️ cancelled while queuing');
  });

  it('SIGINT during a hung request stops at once too', async () => {
    const r = await runTask(
      { timeline: [{ state: 'generating' }], faults: [{ on: { from: 2 }, kind: 'hang' }] },
      {
        inputs: { 'poll-interval': '50ms' },
        signal: { name: 'SIGINT', when: (out) => out.includes('  generating') },
      },
    );
    expect(r.code).toBe(1);
    expect(r.exitedAt - r.signalledAt!).toBeLessThan(AT_ONCE_MS);
    expect(r.outputs.state).toBe('generating');
  });
});
