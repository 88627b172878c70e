// End-to-end, through the committed bundle: batches of tasks — the max-requests-per-second ceiling, and the timeline
// in the job summary.
import { existsSync } from 'node:fs';
import { startFakeKie, type FakeKie } from '@kie-task/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundlePath, runAction } from '../scripts/runner.mjs';
import { expectNoKey, withDefaults } from './harness.js';

const KEY = 'sk-e2e-Batch-Key-0123456789abcdef';

let fake: FakeKie;
beforeAll(async () => {
  if (!existsSync(bundlePath)) throw new Error(`${bundlePath} is missing: run pnpm build first`);
  fake = await startFakeKie({ apiKey: KEY });
});
afterAll(() => fake?.close());

const target = (taskId: string) => ({ taskId, apiKey: KEY, baseUrl: fake.url });

describe.concurrent('max-requests-per-second', () => {
  it('caps the status requests of every task together', async () => {
    const ids = ['rate_a', 'rate_b', 'rate_c'];
    for (const taskId of ids)
      fake.addTask({ taskId, timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 3 }] });
    // Polled every 50 ms, three tasks would ask about 60 times a second; at 4 per second starts are 250 ms apart.
    const r = await runAction(
      withDefaults({ inputs: { 'task-id': ids.join(' '), 'max-requests-per-second': '4' } }, target(ids[0]!)),
    );
    expectNoKey(r, KEY);
    expect(r.code).toBe(0);
    const polls = ids
      .flatMap((id) => fake.requestsFor(id))
      .map((q) => q.at)
      .sort((a, b) => a - b);
    expect(polls.length).toBeGreaterThanOrEqual(12);
    // A lower bound only: a loaded machine stretches the span, never shortens it, but for arrival jitter at the two
    // ends (up to a second on a loaded machine). Unthrottled, the same polls would come within a fraction of it.
    expect(polls.at(-1)! - polls[0]!).toBeGreaterThanOrEqual((polls.length - 1) * 250 - 1_000);
  });

  it('a bad value fails before any request, naming the input and the fix', async () => {
    fake.addTask({ taskId: 'rate_bad' });
    const r = await runAction(
      withDefaults({ inputs: { 'max-requests-per-second': '0' } }, target('rate_bad')),
    );
    expect(r.code).toBe(1);
    expect(r.stdout).toContain(
      '::error::Invalid max-requests-per-second input "0": use a positive number of status requests per second',
    );
    expect(fake.requestsFor('rate_bad')).toEqual([]);
  });
});

describe.concurrent('the timeline in the job summary', () => {
  it('a batch of two gets a mermaid gantt block with a row per task, labelled as in the table, and how it ended', async () => {
    fake.addTask({
      taskId: 'tl_fast',
      timeline: [
        { state: 'waiting' },
        { state: 'generating', afterPolls: 1 },
        { state: 'success', afterPolls: 2 },
      ],
    });
    fake.addTask({
      taskId: 'tl_failing',
      timeline: [{ state: 'queuing' }, { state: 'fail', afterPolls: 2 }],
      failMsg: 'NSFW',
    });
    const r = await runAction(
      withDefaults(
        { inputs: { 'task-id': 'tl_fast tl_failing', 'fail-on-error': 'false' } },
        target('tl_fast'),
      ),
    );
    expectNoKey(r, KEY);
    expect(r.code).toBe(0);
    const block = /\n```mermaid\n(gantt\n[\s\S]*?)```\n/.exec(r.summary)?.[1];
    expect(block).toBeDefined();
    const lines = block!.split('\n').map((line) => line.replace(/\d+, \d+$/, 'T'));
    expect(lines).toEqual([
      'gantt',
      '  dateFormat x',
      '  axisFormat %H:%M:%S',
      expect.stringMatching(/^ {2}tickInterval \d+second$/) as unknown,
      '  todayMarker off',
      '  #1 tl_fast success :done, T',
      '  #2 tl_failing fail :crit, T',
      '',
    ]);
    // Under the table, before the expiry note.
    const row = r.summary.indexOf('| 2 | <code>tl&#95;failing</code>');
    expect(row).toBeGreaterThan(0);
    expect(row).toBeLessThan(r.summary.indexOf('#### Timeline'));
  });

  it('a single task gets no timeline', async () => {
    fake.addTask({
      taskId: 'tl_single',
      timeline: [{ state: 'generating' }, { state: 'success', afterPolls: 1 }],
    });
    const r = await runAction(withDefaults({}, target('tl_single')));
    expect(r.code).toBe(0);
    expect(r.summary).toMatch(/^### kie.ai task: 1 succeeded/);
    expect(r.summary).not.toContain('mermaid');
    expect(r.summary).not.toContain('Timeline');
  });
});
