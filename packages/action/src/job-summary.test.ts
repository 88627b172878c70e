import { describe, expect, it } from 'vitest';
import { outcome } from '../test/fixtures.js';
import { escapeAttribute, escapeClipped, escapeText, renderResult } from './markdown.js';
import { renderSummary } from './job-summary.js';

const HOSTILE =
  '::error::pwned\n::add-mask::x <img src=x onerror=alert(1)> @someone #1 [a](javascript:x) | `c` *b* $x$';

describe('escapeText', () => {
  it('leaves no markup, mention, reference or cell break', () => {
    const out = escapeText(HOSTILE);
    expect(out).not.toMatch(/<img|[|`[\]*$]|@someone|[^&]#1/);
    expect(out).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(out).toContain('&#64;&#8203;someone');
    expect(out).toContain('&#35;&#8203;1');
    expect(out).toContain('<br>');
  });

  it('escapes each special character once', () => {
    expect(escapeText('a_b & #c')).toBe('a&#95;b &amp; &#35;&#8203;c');
  });

  it('escapes attributes, including the cell separator', () => {
    expect(escapeAttribute('https://x/"a"|<b>&\'')).toBe('https://x/&quot;a&quot;&#124;&lt;b&gt;&amp;&#39;');
  });
});

describe('renderResult', () => {
  it('shows http(s) images small and links other media', () => {
    expect(renderResult('https://cdn.example/out/a.PNG?sig=1&x=2', 0)).toBe(
      '<a href="https://cdn.example/out/a.PNG?sig=1&amp;x=2"><img src="https://cdn.example/out/a.PNG?sig=1&amp;x=2" width="160" alt="result 1"></a>',
    );
    expect(renderResult('https://cdn.example/v/clip.mp4', 1)).toBe(
      '<a href="https://cdn.example/v/clip.mp4">clip.mp4</a>',
    );
  });

  it('never links other schemes', () => {
    expect(renderResult('javascript:alert(1)', 0)).toBe('javascript:alert(1)');
    expect(renderResult('data:image/png;base64,xx', 0)).not.toContain('<');
    expect(renderResult('not a url <b>', 0)).toBe('not a url &lt;b&gt;');
  });
});

describe('renderSummary', () => {
  it('renders a table row per task, with short IDs matching the timeline and the full ones folded below', () => {
    const md = renderSummary([
      outcome('success', { taskId: 'a', resultUrls: ['https://x/1.png', 'https://x/2.mp4'] }),
      outcome('fail', { taskId: 'b', failCode: '500', failMsg: HOSTILE }),
      outcome(
        'timeout',
        { taskId: '1bde699619b682e89fb9d52ddc4cbdbd', state: 'queuing' },
        new Error('Timed out waiting for task c after 2.0s'),
      ),
    ]);
    expect(md).toContain(
      '### kie.ai tasks: 1 succeeded, 1 failed, 1 timed out\n\nModel <code>google/imagen4-fast</code>\n',
    );
    expect(md).toContain('| # | Task | State | Duration | Credits | Results |');
    const rows = md.split('\n').filter((line) => /^\| \d+ \| <code>/.test(line));
    expect(rows).toHaveLength(3);
    // Each row has exactly its six cells: no injected `|` split one.
    for (const row of rows) expect(row.split(' | ')).toHaveLength(6);
    expect(rows[0]).toMatch(/^\| 1 \| <code>a<\/code> \| ✅ success \| 5\.0s \|/);
    // A batch's images are smaller, so that a dozen rows fit a screen.
    expect(rows[0]).toContain('<img src="https://x/1.png" width="96"');
    expect(rows[0]).toContain('<a href="https://x/2.mp4">2.mp4</a>');
    expect(rows[1]).toContain('❌ fail');
    expect(rows[1]).toContain('<b>500</b>: ');
    expect(rows[1]).not.toMatch(/<img src=x|@someone|::error::pwned\n/);
    // A 32-hex ID is `…` and its last 7 characters, joined so a narrow column cannot break them apart.
    expect(rows[2]).toMatch(/^\| 3 \| <code>…&#8288;c4cbdbd<\/code> \| ⏱️ timed out while queuing \|/);
    expect(rows[2]).toContain('Timed out waiting for task c');
    expect(md).toContain('<details><summary>Task IDs</summary>');
    expect(md).toContain('3. <code>1bde699619b682e89fb9d52ddc4cbdbd</code>');
    expect(md).toMatch(/result links expire \(after 24 hours.*14 days/);
  });

  it('one task: its full ID, no number column, no ID list, and a large image', () => {
    const md = renderSummary([outcome('success', { taskId: '1bde699619b682e89fb9d52ddc4cbdbd' })]);
    expect(md).toContain('| Task | Model | State | Duration | Credits | Results |');
    expect(md).toContain(
      '| <code>1bde699619b682e89fb9d52ddc4cbdbd</code> | google/imagen4-fast | ✅ success |',
    );
    expect(md).toContain('width="160"');
    expect(md).not.toContain('Task IDs');
  });

  it('clean rows for tasks that never answered: the state in words, never a dash with a note', () => {
    const md = renderSummary([
      outcome('error', null, new Error('kie.ai rejected the key (401): check it at https://kie.ai/api-key.')),
      outcome('timeout', null, new Error('no answer')),
      outcome('cancelled', { state: 'generating' }),
    ]);
    expect(md).toContain('| ⚠️ error |');
    expect(md).toContain('| ⏱️ timed out |');
    expect(md).toContain('| ⏹️ cancelled while generating |');
    expect(md).not.toMatch(/— \(|\(error\)|\(timed out\)/);
    // Our own hint is a working link: no zero-width space inside it.
    expect(md).toContain('check it at <a href="https://kie.ai/api-key">https://kie.ai/api-key</a>.');
    // Nothing to download, so no warning that links expire.
    expect(md).not.toContain('result links expire');
  });

  it('shows the prompts (unless show-prompt is false) and says when the step created the tasks', () => {
    const tasks = [
      outcome('success', { taskId: 'a', param: { input: { prompt: 'A fox <b>in</b> the @snow' } } }),
      outcome('success', { taskId: 'b', param: { input: { prompt: 'x'.repeat(500) } } }),
    ];
    const md = renderSummary(tasks, { created: true });
    expect(md).toContain('Created by this step (`model` input) · model <code>google/imagen4-fast</code>\n');
    expect(md).toContain('| # | Task | State | Duration | Credits | Prompt | Results |');
    expect(md).toContain('| A fox &lt;b&gt;in&lt;/b&gt; the &#64;&#8203;snow |');
    expect(md).toMatch(/\| x{159}… \|/);
    const hidden = renderSummary(tasks, { showPrompt: false });
    expect(hidden).not.toContain('Prompt');
    expect(hidden).not.toContain('fox');
    expect(hidden).not.toContain('Created by this step');
  });

  it('a Model column only when the tasks have different models', () => {
    const md = renderSummary([
      outcome('success', { taskId: 'a', model: 'm1' }),
      outcome('success', { taskId: 'b', model: 'm2' }),
    ]);
    expect(md).toContain('| # | Task | Model | State |');
    expect(md).toContain('| 2 | <code>b</code> | m2 | ✅ success |');
  });

  it('stays under the size limit with a note for huge batches', () => {
    const many = Array.from({ length: 5000 }, (_, i) =>
      outcome('success', {
        taskId: `task_${i}`,
        resultUrls: Array.from({ length: 3 }, (_, j) => `https://x/${i}/${j}.png`),
      }),
    );
    const md = renderSummary(many, { maxBytes: 200_000 });
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(200_000);
    expect(md).toMatch(/_… and [\d,]+ more tasks; see the log \(a job summary is limited to 1 MiB\)\._/);
    expect(Buffer.byteLength(renderSummary(many))).toBeLessThan(1024 * 1024);
  });

  it('caps the results shown per task', () => {
    const urls = Array.from({ length: 30 }, (_, i) => `https://x/${i}.png`);
    const md = renderSummary([outcome('success', { resultUrls: urls })]);
    expect(md.match(/<img /g)).toHaveLength(24);
    expect(md).toContain('+6 more');
  });
});

describe('renderSummary: families and downloads', () => {
  it("names the family when it is not market, with the market state and the family's own value", () => {
    const md = renderSummary(
      [
        outcome('fail', { taskId: 'v', family: 'veo', state: '3', status: 'failed', model: null }),
        outcome('success', { taskId: 's', family: 'suno', state: 'SUCCESS', status: 'success', model: 'V4' }),
        outcome('error', null),
      ],
      { family: 'auto' },
    );
    const rows = md.split('\n').filter((line) => /^\| \d+ \| <code>/.test(line));
    expect(rows[0]).toContain('| — (veo) | ❌ fail (3) |');
    expect(rows[1]).toContain('| V4 (suno) | ✅ success |');
    expect(rows[2]).toContain('| — (auto) | ⚠️ error |');
    expect(renderSummary([outcome('success')])).not.toMatch(/\(market\)/);
  });

  it('lists the saved files per task, relative to the workspace, and the failed ones', () => {
    const md = renderSummary(
      [
        outcome('success', { taskId: 'a' }),
        outcome('success', { taskId: 'b' }),
        outcome('fail', { taskId: 'c' }),
      ],
      {
        downloads: {
          dir: 'kie-results',
          files: [
            { taskId: 'a', index: 1, path: '/w/kie-results/a-1.png', shown: 'kie-results/a-1.png', bytes: 5 },
            { taskId: 'a', index: 2, path: '/w/kie-results/a-2.mp4', shown: 'kie-results/a-2.mp4', bytes: 5 },
          ],
          failures: [
            {
              taskId: 'b',
              index: 1,
              message: 'Download of result 1 of task b from cdn.example failed: HTTP 404 <b>',
            },
          ],
          stopped: null,
        },
      },
    );
    expect(md).toContain('#### Downloads to <code>kie-results</code>: 2 files saved, 1 failed');
    expect(md).toContain(
      '| <code>a</code> | <code>kie-results/a-1.png</code><br><code>kie-results/a-2.mp4</code> |',
    );
    expect(md).toContain(
      '| <code>b</code> | ⚠️ Download of result 1 of task b from cdn.example failed: HTTP 404 &lt;b&gt; |',
    );
    expect(md).not.toContain('| <code>c</code> | ⚠️');
    expect(md.indexOf('#### Downloads')).toBeLessThan(md.indexOf('result links expire'));
  });
});

describe('renderSummary: every section within the budget', () => {
  const failures = (tasks: number, perTask: number) =>
    Array.from({ length: tasks }, (_, t) =>
      Array.from({ length: perTask }, (_, i) => ({
        taskId: `task-${t}`,
        index: i + 1,
        message: `Download of result ${i + 1} of task task-${t} from cdn.example failed: ${'HTTP 503 '.repeat(30)}`,
      })),
    ).flat();

  it('200 tasks × 25 failed downloads: under 1 MiB, with a line counting the failures left out', () => {
    const outcomes = Array.from({ length: 200 }, (_, t) => outcome('success', { taskId: `task-${t}` }));
    const report = { dir: 'kie-results', files: [], failures: failures(200, 25), stopped: null };
    const md = renderSummary(outcomes, { downloads: report });
    expect(Buffer.byteLength(md)).toBeLessThan(1024 * 1024);
    const shown = md.match(/⚠️ Download of result/g)?.length ?? 0;
    expect(shown).toBeGreaterThan(0);
    expect(shown).toBeLessThan(5000);
    // Every failure is either shown or counted.
    const left = Number(
      /_… and ([\d,]+) more failed downloads; see the log\._/.exec(md)?.[1]?.replace(/,/g, ''),
    );
    expect(shown + left).toBe(5000);
    // The tasks table was not starved by the downloads: all 200 rows are there.
    expect(
      md.split('\n').filter((line) => /^\| \d+ \| <code>task-/.test(line) && line.includes('✅')),
    ).toHaveLength(200);
    expect(md).toContain('#### Downloads to <code>kie-results</code>: 0 files saved, 5000 failed');
  });

  it('says how many failed downloads a row leaves out past its cap', () => {
    const report = { dir: 'd', files: [], failures: failures(1, 30), stopped: null };
    const md = renderSummary([outcome('success', { taskId: 'task-0' })], { downloads: report });
    expect(md).toContain('⚠️ +6 more failed (see the log)');
    expect(md).toContain('_… and 6 more failed downloads; see the log._');
  });

  it('keeps the timeline whole, or leaves it out with a note', () => {
    const chart = '\n#### Timeline\n\n```mermaid\ngantt\n' + '  x :1, 2\n'.repeat(3000) + '```\n';
    const many = Array.from({ length: 3000 }, (_, i) => outcome('success', { taskId: `t_${i}` }));
    const md = renderSummary(many, { timeline: chart, maxBytes: 300_000 });
    expect(md).toContain(chart);
    expect(Buffer.byteLength(md)).toBeLessThanOrEqual(300_000);
    const small = renderSummary(many, { timeline: chart, maxBytes: 20_000 });
    expect(small).not.toContain('```mermaid');
    expect(small).toContain('_The timeline is left out: a job summary is limited to 1 MiB._');
    expect(Buffer.byteLength(small)).toBeLessThanOrEqual(20_000);
  });
});

describe('escapeText: references and autolinks', () => {
  it('breaks GH-1 references and autolinked URLs', () => {
    expect(escapeText('GH-12 gh-3 GH-x')).toBe('GH&#8203;-12 gh&#8203;-3 GH-x');
    expect(escapeText('see https://github.com/o/r/issues/1 or www.x.io')).toBe(
      'see https:/&#8203;/github.com/o/r/issues/1 or www&#8203;.x.io',
    );
  });
});

describe('escapeClipped', () => {
  it('cuts only between entities and tags', () => {
    const out = escapeClipped('a\n@b'.repeat(100), 50);
    expect(out.length).toBeLessThanOrEqual(50);
    expect(out.endsWith('…')).toBe(true);
    expect(out.slice(0, -1)).toMatch(/(;|>|[a-z])$/);
    expect(escapeClipped('short', 50)).toBe('short');
    expect(escapeClipped('😀😀😀', 4)).not.toMatch(/[\ud800-\udbff]…$/);
  });
});

describe('credits in the job summary', () => {
  it("shows each task's credits and the total in the headline", () => {
    const md = renderSummary([
      outcome('success', { taskId: 'a', creditsConsumed: 0.8 }),
      outcome('success', { taskId: 'b', creditsConsumed: 4 }),
      outcome('success', { taskId: 'c' }),
    ]);
    expect(md).toContain('### kie.ai tasks: 3 succeeded, 4.8 credits');
    const rows = md.split('\n').filter((line) => /^\| \d+ \| <code>/.test(line));
    expect(rows.map((row) => row.split(' | ')[4])).toEqual(['0.8', '4', '—']);
  });
});
