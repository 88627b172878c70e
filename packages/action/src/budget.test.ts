import { describe, expect, it } from 'vitest';
import {
  ANNOTATIONS_PER_KIND,
  AnnotationBudget,
  JOB_OUTPUTS_MAX_BYTES,
  fitOutputs,
  fitSections,
  foldLines,
  outputBytes,
} from './budget.js';

const JSON_NAMES = new Set(['tasks', 'result-urls', 'param']);
const total = (outputs: Record<string, string>) =>
  Object.entries(outputs).reduce((sum, [name, value]) => sum + outputBytes(name, value), 0);

describe('fitOutputs', () => {
  it('keeps outputs that fit as they are, with no warning', () => {
    const outputs = { state: 'success', tasks: '[{"a":1}]' };
    expect(fitOutputs(outputs, JSON_NAMES, JOB_OUTPUTS_MAX_BYTES)).toEqual({ outputs, warnings: [] });
  });

  it('drops whole JSON elements so every JSON output parses, and all fit together, counted as UTF-16', () => {
    const tasks = JSON.stringify(
      Array.from({ length: 10_000 }, (_, i) => ({ taskId: `t_${i}`, note: 'é'.repeat(60) })),
    );
    const urls = JSON.stringify(
      Array.from({ length: 10_000 }, (_, i) => `https://cdn.example/${i}/${'x'.repeat(40)}.png`),
    );
    const outputs = { 'task-id': 'a,'.repeat(20_000), tasks, 'result-urls': urls, state: 'success' };
    const { outputs: fitted, warnings } = fitOutputs(outputs, JSON_NAMES, JOB_OUTPUTS_MAX_BYTES);
    expect(total(fitted)).toBeLessThanOrEqual(JOB_OUTPUTS_MAX_BYTES);
    const keptTasks = JSON.parse(fitted.tasks!) as { taskId: string }[];
    const keptUrls = JSON.parse(fitted['result-urls']!) as string[];
    expect(keptTasks.length).toBeGreaterThan(100);
    expect(keptTasks.map((t) => t.taskId)).toEqual(keptTasks.map((_, i) => `t_${i}`));
    expect(keptUrls.length).toBeGreaterThan(100);
    // Small outputs are never touched; the big ones share what is left.
    expect(fitted.state).toBe('success');
    expect(fitted['task-id']).toBe(outputs['task-id']);
    expect(warnings).toContain(
      `The tasks output holds the first ${keptTasks.length.toLocaleString('en-US')} of 10,000 entries (whole ones, so it ` +
        "stays valid JSON): all of a job's outputs together are limited to 1 MB by GitHub. The log lists every task and result.",
    );
    expect(warnings).toHaveLength(2);
  });

  it('shrinks a JSON object member by member, keeping a __proto__ key as data', () => {
    const param = `{"model":"m","__proto__":{"x":1},"input":${JSON.stringify({ prompt: 'p'.repeat(5_000) })}}`;
    const { outputs } = fitOutputs({ param }, JSON_NAMES, outputBytes('param', '') + 2 * 200);
    expect(outputs.param).toBe('{"model":"m","__proto__":{"x":1}}');
    expect(Object.keys(JSON.parse(outputs.param!) as object)).toEqual(['model', '__proto__']);
  });

  it('cuts plain text between characters, never inside a surrogate pair', () => {
    const value = '😀'.repeat(1_000);
    const { outputs, warnings } = fitOutputs(
      { 'fail-msg': value },
      JSON_NAMES,
      outputBytes('fail-msg', '') + 2 * 101,
    );
    expect(outputs['fail-msg']).toBe('😀'.repeat(50));
    expect(warnings[0]).toBe(
      "The fail-msg output was cut to 100 of 2,000 characters: all of a job's outputs together are limited to 1 MB by " +
        'GitHub. The log shows the start of it.',
    );
  });

  it('a JSON output that is not JSON is cut as text', () => {
    const { outputs } = fitOutputs({ tasks: 'x'.repeat(1000) }, JSON_NAMES, outputBytes('tasks', '') + 20);
    expect(outputs.tasks).toBe('x'.repeat(10));
  });
});

describe('fitSections', () => {
  const rows = (n: number, size: number, tag: string) =>
    (function* () {
      for (let i = 0; i < n; i++) yield `${tag}${'x'.repeat(size - tag.length - 1)}\n`;
    })();
  const more = (n: number, what: string) => (shown: number) =>
    n - shown > 0 ? `(${n - shown} more ${what})\n` : '';

  it('shares the room fairly: a small section gets all it needs, big ones split the rest', () => {
    const [a, b, c] = fitSections(10_000, [
      { head: 'A\n', rows: rows(10, 100, 'a'), more: more(10, 'a') },
      { head: 'B\n', rows: rows(1000, 100, 'b'), more: more(1000, 'b') },
      { head: 'C\n', rows: rows(1000, 100, 'c'), more: more(1000, 'c') },
    ]);
    expect(a).not.toContain('more');
    expect(b!.length).toBeGreaterThan(4_000);
    expect(c!.length).toBeGreaterThan(4_000);
    expect(a!.length + b!.length + c!.length).toBeLessThanOrEqual(10_000);
    expect(b).toMatch(/\(\d+ more b\)\n$/);
  });

  it('renders only about as many rows as fit, however many there are', () => {
    let rendered = 0;
    const endless = (function* () {
      for (;;) {
        rendered += 1;
        yield 'row\n';
      }
    })();
    fitSections(1_000, [{ head: '', rows: endless, more: () => '(more)\n' }]);
    expect(rendered).toBeLessThan(300);
  });
});

describe('annotations', () => {
  it('shows the first eight of a kind, keeps a ninth for a priority one, folds the rest into a tenth', () => {
    const budget = new AnnotationBudget();
    const shown = Array.from({ length: 500 }, () => budget.admit('warning')).filter(Boolean).length;
    expect(shown).toBe(ANNOTATIONS_PER_KIND - 2);
    expect(budget.admit('warning', true)).toBe(true);
    expect(budget.admit('warning', true)).toBe(false);
    expect(budget.admit('notice')).toBe(true);
    expect(budget.folded()).toEqual([
      {
        kind: 'warning',
        message: '… and 493 more warnings; see the log (GitHub shows 10 warnings per step).',
      },
    ]);
    expect(new AnnotationBudget().folded()).toEqual([]);
  });

  it('folds the failure message: the first problems that fit, then how many more', () => {
    const lines = Array.from({ length: 5000 }, (_, i) => `Download ${i} failed: HTTP 503`);
    const message = foldLines(lines);
    expect(message.length).toBeLessThanOrEqual(4096);
    const shown = message.split('\n').length - 1;
    expect(
      message.endsWith(`… and ${(5000 - shown).toLocaleString('en-US')} more problems; see the log.`),
    ).toBe(true);
    expect(foldLines(['one', 'two'])).toBe('one\ntwo');
    expect(foldLines(['x'.repeat(5000)])).toBe('x'.repeat(5000));
  });
});
