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
  it('draws one row per task, from the poll that saw it generating to the one that saw it end (golden)', () => {
    const ids = ['task_a', 'f7422f307e78e88c4f5bd232d54976b5', 'task_c'];
    const timeline = new WaitHistory(ids, T0);
    poll(timeline, 'task_a', 100, { state: 'waiting' });
    poll(timeline, ids[1]!, 110, { state: 'queuing' });
    poll(timeline, 'task_a', 1_100, { state: 'waiting' });
    poll(timeline, 'task_a', 2_100, { state: 'generating' });
    poll(timeline, 'task_a', 3_100, { state: 'generating' });
    poll(timeline, ids[1]!, 2_200, { state: 'fail' });
    poll(timeline, 'task_a', 5_100, { state: 'success' });
    poll(timeline, 'task_a', 9_000, { state: 'generating' }); // after the end: ignored
    // task_c: never answered.
    const outcomes = [
      outcome('success', { taskId: 'task_a' }),
      outcome('fail', { taskId: ids[1]! }),
      { ...outcome('timeout', null), taskId: 'task_c' },
    ];
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
        '  tickInterval 2second',
        '  todayMarker off',
        `  #1 task_a success :done, ${T0 + 2_100}, ${T0 + 5_100}`,
        // Never seen generating: from the first poll that saw it.
        `  #2 …54976b5 fail :crit, ${T0 + 110}, ${T0 + 2_200}`,
        // Never seen at all: the whole wait.
        `  #3 task_c timed out :crit, ${T0}, ${T0 + 6_000}`,
        '```',
        '',
        '_Each bar runs from the poll that first saw the task generating to the one that saw it end; the gap before ' +
          'it is time spent waiting or queued. Grey: succeeded; red: failed, timed out or stopped._',
        '',
      ].join('\n'),
    );
  });

  it('picks whole-unit axis ticks from the length of the run, so no tick label repeats', () => {
    const chart = (ms: number) => {
      const timeline = new WaitHistory(['a', 'b'], T0);
      return renderTimeline(timelineTracks(timeline.tasks()), [], { startedAt: T0, endAt: T0 + ms });
    };
    expect(chart(8_000)).toContain('  axisFormat %H:%M:%S\n  tickInterval 2second\n');
    expect(chart(45_000)).toContain('  tickInterval 5second\n');
    expect(chart(150_000)).toContain('  tickInterval 15second\n');
    expect(chart(8 * 60_000)).toContain('  axisFormat %H:%M\n  tickInterval 1minute\n');
    expect(chart(25 * 60_000)).toContain('  tickInterval 5minute\n');
    expect(chart(90 * 60_000)).toContain('  tickInterval 15minute\n');
    expect(chart(5 * 3_600_000)).toContain('  tickInterval 1hour\n');
    expect(chart(30 * 3_600_000)).toContain('  axisFormat %b %d %H:%M\n  tickInterval 1day\n');
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

  it("starts a bar at another family's first pending state (they are all generating), or at an unknown one", () => {
    const timeline = new WaitHistory(['suno', 'odd'], T0);
    poll(timeline, 'suno', 10, { family: 'suno', state: 'PENDING', status: 'pending' });
    poll(timeline, 'suno', 20, { family: 'suno', state: 'TEXT_SUCCESS', status: 'pending' });
    poll(timeline, 'odd', 10, { state: 'waiting' });
    poll(timeline, 'odd', 30, { state: 'rendering' });
    const chart = renderTimeline(timelineTracks(timeline.tasks()), [], { startedAt: T0, endAt: T0 + 50 });
    expect(chart).toContain(`  #1 suno cancelled :crit, ${T0 + 10}, ${T0 + 50}`);
    expect(chart).toContain(`  #2 odd cancelled :crit, ${T0 + 30}, ${T0 + 50}`);
  });

  it('a hostile task ID cannot end its line, add a statement, open a directive or inject markup', () => {
    const hostile = [
      'click task_a href "javascript:alert(1)"',
      'x :crit, 0, 1\n  section pwned',
      '%%{init: {"theme":"forest"}}%%',
      '<img src=x onerror=alert(1)>; title owned #35;',
      '```\n<script>alert(1)</script>',
      'ab;#35;',
    ];
    const timeline = new WaitHistory(hostile, T0);
    hostile.forEach((id) => poll(timeline, id, 10, { taskId: id, state: 'generating' }));
    const chart = renderTimeline(timelineTracks(timeline.tasks()), [], { startedAt: T0, endAt: T0 + 50 });
    const block = chart.slice(chart.indexOf('```mermaid\n') + 11, chart.lastIndexOf('```'));
    const lines = block.split('\n').filter((line) => line !== '');
    // Exactly the header, then one bar per task: nothing added, nothing split.
    expect(lines).toHaveLength(5 + hostile.length);
    expect(chart.match(/```/g)).toHaveLength(2);
    for (const line of lines.slice(5))
      expect(line).toMatch(/^ {2}#\d (…)?[\w .-]+ cancelled :crit, \d+, \d+$/);
    // Past our own `#n `, nothing Mermaid reads as markup, an entity or a directive.
    expect(
      lines
        .slice(5)
        .map((line) => line.replace(/^ {2}#\d /, ''))
        .join('\n'),
    ).not.toMatch(/[<>"%#;{}`\\]/);
  });

  it('mermaidLabel keeps letters, digits, space and _-. only, on one clipped line', () => {
    expect(mermaidLabel('task_1.a-b')).toBe('task_1.a-b');
    expect(mermaidLabel('a:b/c+d=e')).toBe('a_b_c_d_e');
    expect(mermaidLabel('line\nbreak\r\tand   spaces')).toBe('line_break__and spaces');
    expect(mermaidLabel('é🎬')).toBe('___');
    expect(mermaidLabel('   ')).toBe('_');
    expect(mermaidLabel('x'.repeat(100))).toBe(`${'x'.repeat(37)}...`);
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
    const sections = [...chart.matchAll(/^ {2}#\d+ (\S+) success/gm)].map((m) => m[1]!);
    const slowest = ids
      .map((id, i) => ({ id, end: finish(i) }))
      .sort((a, b) => b.end - a.end)
      .slice(0, 50)
      .map((t) => t.id)
      .sort();
    expect(sections).toEqual(slowest);
    expect(chart).toContain(
      "_The 50 slowest of 120 tasks; 70 tasks are left out to keep the chart readable. The step's log lists every task._",
    );
    // Long IDs and labels: the character cap holds too, and the note counts what it dropped.
    const capped = renderTimeline(timelineTracks(timeline.tasks()), outcomes, {
      startedAt: T0,
      endAt: T0 + 200_000,
      maxChars: 1_000,
    });
    const block = capped.slice(capped.indexOf('```mermaid'), capped.lastIndexOf('```'));
    expect(block.length).toBeLessThanOrEqual(1_000);
    const shown = [...capped.matchAll(/^ {2}#\d+ /gm)].length;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(50);
    expect(capped).toContain(`_The ${shown} slowest of 120 tasks; ${120 - shown} tasks are left out`);
  });

  it('goes under the table of the job summary, before the downloads', () => {
    const summary = renderSummary([outcome('success')], { timeline: '\n#### Timeline\n\nCHART\n' });
    expect(summary.indexOf('| <code>task&#95;1</code>')).toBeLessThan(summary.indexOf('#### Timeline'));
    expect(summary.indexOf('#### Timeline')).toBeLessThan(summary.indexOf('_kie.ai result links expire'));
  });
});
