import type { TaskRecord } from '@kie-task/core';
import { describe, expect, it } from 'vitest';
import { outcome, record } from '../test/fixtures.js';
import { renderSummary } from './job-summary.js';
import { WaitHistory } from '@kie-task/node-io/wait-session';
import { mermaidLabel, renderTimeline, timelineTracks } from './timeline.js';

const T0 = 1_767_225_600_000; // 2026-01-01T00:00:00Z

/** Feeds `timeline` one poll of `taskId` at `elapsedMs`, with the record `over` describes. */
function poll(timeline: WaitHistory, taskId: string, elapsedMs: number, over: Partial<TaskRecord>): void {
  timeline.observe({ taskId, attempt: 1, elapsedMs, record: record({ taskId, ...over }) });
}

describe('timelineTracks and renderTimeline', () => {
  it('draws each task: its pending states in the order polls saw them, then how it ended (golden)', () => {
    const timeline = new WaitHistory(['task_a', 'task_b', 'task_c'], T0);
    poll(timeline, 'task_a', 100, { state: 'waiting' });
    poll(timeline, 'task_b', 110, { state: 'queuing' });
    poll(timeline, 'task_a', 1_100, { state: 'waiting' });
    poll(timeline, 'task_a', 2_100, { state: 'generating' });
    poll(timeline, 'task_b', 2_200, { state: 'fail' });
    poll(timeline, 'task_a', 5_100, { state: 'success' });
    poll(timeline, 'task_a', 9_000, { state: 'generating' }); // after the end: ignored
    // task_c: never answered.
    const outcomes = [
      outcome('success', { taskId: 'task_a' }),
      outcome('fail', { taskId: 'task_b' }),
      outcome('timeout', null),
    ].map((o, i) => ({ ...o, taskId: ['task_a', 'task_b', 'task_c'][i]! }));
    expect(
      renderTimeline(timelineTracks(timeline.tasks()), outcomes, { startedAt: T0, endAt: T0 + 6_000 }),
    ).toBe(
      [
        '',
        '#### Timeline',
        '',
        '```mermaid',
        'gantt',
        '  dateFormat x',
        '  axisFormat %H:%M:%S',
        '  todayMarker off',
        '  section task_a',
        `  waiting :${T0 + 100}, ${T0 + 2_100}`,
        `  generating :active, ${T0 + 2_100}, ${T0 + 5_100}`,
        `  success :milestone, done, ${T0 + 5_100}, ${T0 + 5_100}`,
        '  section task_b',
        `  queuing :${T0 + 110}, ${T0 + 2_200}`,
        `  fail :milestone, crit, ${T0 + 2_200}, ${T0 + 2_200}`,
        '  section task_c',
        `  not seen :${T0}, ${T0 + 6_000}`,
        `  timed out :milestone, crit, ${T0 + 6_000}, ${T0 + 6_000}`,
        '```',
        '',
      ].join('\n'),
    );
  });

  it('draws nothing for a single task', () => {
    const timeline = new WaitHistory(['only'], T0);
    poll(timeline, 'only', 10, { state: 'generating' });
    expect(
      renderTimeline(timelineTracks(timeline.tasks()), [outcome('timeout')], {
        startedAt: T0,
        endAt: T0 + 50,
      }),
    ).toBe('');
  });

  it('labels other families by the market word and their own value, unknown states as unknown', () => {
    const timeline = new WaitHistory(['suno', 'odd'], T0);
    poll(timeline, 'suno', 10, { family: 'suno', state: 'TEXT_SUCCESS', status: 'pending' });
    poll(timeline, 'odd', 10, { state: 'rendering' });
    const chart = renderTimeline(timelineTracks(timeline.tasks()), [], { startedAt: T0, endAt: T0 + 50 });
    expect(chart).toContain(`  generating TEXT_SUCCESS :active, ${T0 + 10}, ${T0 + 50}`);
    expect(chart).toContain(`  unknown rendering :active, ${T0 + 10}, ${T0 + 50}`);
    expect(chart).toContain(`  cancelled :milestone, crit,`);
  });

  it('a hostile state cannot end its line, add a statement, open a directive or inject markup', () => {
    const hostile = [
      'click task_a href "javascript:alert(1)"',
      'x :crit, 0, 1\n  section pwned',
      '%%{init: {"theme":"forest"}}%%',
      '<img src=x onerror=alert(1)>; title owned #35;',
      '```\n<script>alert(1)</script>',
    ];
    const ids = hostile.map((_, i) => `t${i}`);
    const timeline = new WaitHistory(ids, T0);
    hostile.forEach((state, i) => poll(timeline, ids[i]!, 10, { state }));
    const chart = renderTimeline(timelineTracks(timeline.tasks()), [], { startedAt: T0, endAt: T0 + 50 });
    const block = chart.slice(chart.indexOf('```mermaid\n') + 11, chart.lastIndexOf('```'));
    const lines = block.split('\n').filter((line) => line !== '');
    // Exactly the header, then a section, a bar and a milestone per task: nothing added, nothing split.
    expect(lines).toHaveLength(4 + hostile.length * 3);
    expect(chart.match(/```/g)).toHaveLength(2);
    for (const line of lines.slice(4)) {
      expect(line).toMatch(
        /^ {2}(section t\d|unknown [\w .-]+ :active, \d+, \d+|cancelled :milestone, crit, \d+, \d+)$/,
      );
    }
    // `click` is harmless inside a label: only at the start of a line is it a statement.
    expect(lines.slice(4).join('\n')).not.toMatch(/[<>"%#;{}`\\]/);
    expect(chart).toContain('  unknown click task_a href _javascript... :active');
  });

  it('mermaidLabel keeps letters, digits, space and _-. only, on one clipped line', () => {
    expect(mermaidLabel('task_1.a-b')).toBe('task_1.a-b');
    expect(mermaidLabel('a:b/c+d=e')).toBe('a_b_c_d_e');
    expect(mermaidLabel('line\nbreak\r\tand   spaces')).toBe('line_break__and spaces');
    expect(mermaidLabel('é🎬')).toBe('___');
    expect(mermaidLabel('   ')).toBe('_');
    expect(mermaidLabel('x'.repeat(100))).toBe(`${'x'.repeat(37)}...`);
  });

  it('folds a task that changes state on every poll into a bounded number of bars', () => {
    const timeline = new WaitHistory(['flip', 'other'], T0);
    for (let i = 0; i < 500; i++) poll(timeline, 'flip', i, { state: `s${i}` });
    const chart = renderTimeline(timelineTracks(timeline.tasks()), [], { startedAt: T0, endAt: T0 + 1_000 });
    expect(chart.split('\n').filter((line) => line.startsWith('  unknown s'))).toHaveLength(11);
    expect(chart).toContain(`  several states :active, ${T0 + 11}, ${T0 + 1_000}`);
  });

  it('over the cap, shows the slowest tasks in input order and says how many were left out', () => {
    const ids = Array.from({ length: 120 }, (_, i) => `task_${String(i).padStart(3, '0')}`);
    const timeline = new WaitHistory(ids, T0);
    // task_i finishes at (i * 37 % 120) seconds: a shuffled order of speeds.
    const finish = (i: number): number => ((i * 37) % 120) * 1_000 + 1_000;
    ids.forEach((id, i) => {
      poll(timeline, id, 5, { state: 'generating' });
      poll(timeline, id, finish(i), { state: 'success' });
    });
    const outcomes = ids.map((taskId) => outcome('success', { taskId }));
    const chart = renderTimeline(timelineTracks(timeline.tasks()), outcomes, {
      startedAt: T0,
      endAt: T0 + 200_000,
    });
    const sections = [...chart.matchAll(/^ {2}section (\S+)$/gm)].map((m) => m[1]!);
    const slowest = ids
      .map((id, i) => ({ id, end: finish(i) }))
      .sort((a, b) => b.end - a.end)
      .slice(0, 50)
      .map((t) => t.id)
      .sort();
    expect(sections).toEqual(slowest);
    expect(chart).toContain(
      '_The 50 slowest of 120 tasks; 70 tasks are left out to keep the chart readable. The `tasks` output lists every task._',
    );
    // Long IDs and labels: the character cap holds too, and the note counts what it dropped.
    const long = ids.map((id) => `${id}-${'x'.repeat(190)}`);
    const big = new WaitHistory(long, T0);
    long.forEach((id) => {
      for (let i = 0; i < 20; i++) poll(big, id, i, { state: `${i}${'y'.repeat(60)}` });
    });
    const capped = renderTimeline(timelineTracks(big.tasks()), [], {
      startedAt: T0,
      endAt: T0 + 100,
      maxChars: 20_000,
    });
    const block = capped.slice(capped.indexOf('```mermaid'), capped.lastIndexOf('```'));
    expect(block.length).toBeLessThanOrEqual(20_000);
    const shown = [...capped.matchAll(/^ {2}section /gm)].length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(50);
    expect(capped).toContain(`_The ${shown} slowest of 120 tasks; ${120 - shown} tasks are left out`);
  });

  it('goes under the table of the job summary, before the downloads', () => {
    const summary = renderSummary([outcome('success')], { timeline: '\n#### Timeline\n\nCHART\n' });
    expect(summary.indexOf('| <code>task_1</code>')).toBeLessThan(summary.indexOf('#### Timeline'));
    expect(summary.indexOf('#### Timeline')).toBeLessThan(summary.indexOf('_kie.ai result links expire'));
  });
});
