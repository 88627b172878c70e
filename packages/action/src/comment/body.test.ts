import { describe, expect, it } from 'vitest';
import { outcome } from '../../test/fixtures.js';
import { COMMENT_LIMIT, commentMarker, renderComment } from './body.js';

const HOSTILE =
  '</details><img src=x onerror=alert(1)> @someone #1 GH-2 owner/repo#3 [a](javascript:x) ![i](https://x/i.png) ' +
  '`code` ``` fence\n# heading\n> quote\n| cell | break |\n<!-- -->\nhttps://github.com/o/r/issues/4 www.x.io';
const context = {
  key: 'CI/generate',
  showPrompt: true,
  runUrl: 'https://github.com/o/r/actions/runs/1',
  summaryWritten: true,
};

describe('commentMarker', () => {
  it('is a hidden HTML comment the key cannot end', () => {
    expect(commentMarker('CI/generate')).toBe('<!-- kie-task:comment key="CI/generate" -->');
    const marker = commentMarker('a --> <b> "x" -- >');
    expect(marker.slice(4, -4)).not.toMatch(/--|>|"x"/);
    expect(marker.endsWith(' -->')).toBe(true);
    expect(commentMarker('a')).not.toBe(commentMarker('a-'));
  });
});

describe('renderComment', () => {
  it('has the marker, a heading, one section per task, the run link and the expiry note', () => {
    const body = renderComment(
      [
        outcome('success', {
          taskId: 'task_a',
          param: {
            model: 'google/imagen4',
            input: { prompt: 'A lighthouse', callBackUrl: 'https://cb.example/hook' },
          },
          resultUrls: [
            'https://cdn.example/a.png',
            'https://cdn.example/v.mp4',
            'https://cdn.example/s.mp3',
            'javascript:alert(1)',
          ],
        }),
        outcome('fail', { taskId: 'task_b', failCode: '400', failMsg: 'Prompt rejected' }),
        outcome(
          'timeout',
          { taskId: 'task_c', state: 'generating' },
          new Error('Timed out waiting for task_c'),
        ),
      ],
      context,
    );
    expect(
      body.startsWith(
        '<!-- kie-task:comment key="CI/generate" -->\n### kie.ai tasks: 1 succeeded, 1 failed, 1 timed out',
      ),
    ).toBe(true);
    expect(body).toContain('#### ✅ <code>task&#95;a</code> · success');
    expect(body).toContain('Model: google/imagen4-fast · Duration: 5.0s');
    expect(body).toContain('Prompt: A lighthouse');
    expect(body).not.toContain('cb.example');
    expect(body).toContain(
      '<a href="https://cdn.example/a.png"><img src="https://cdn.example/a.png" width="320" alt="result 1"></a>',
    );
    expect(body).toContain('🎬 <a href="https://cdn.example/v.mp4">v.mp4</a>');
    expect(body).toContain('🎵 <a href="https://cdn.example/s.mp3">s.mp3</a>');
    expect(body).not.toMatch(/href="javascript/);
    expect(body).toContain('#### ❌ <code>task&#95;b</code> · fail');
    expect(body).toContain('Failed: **400**: Prompt rejected');
    expect(body).toContain('#### ⏱️ <code>task&#95;c</code> · timed out while generating');
    expect(body).toContain('<a href="https://github.com/o/r/actions/runs/1">Workflow run</a>');
    expect(body).toMatch(/result links expire/);
  });

  it('collapses long prompts and hides them when show-prompt is off', () => {
    const long = 'word '.repeat(100);
    const task = outcome('success', { param: { prompt: long } });
    const body = renderComment([task], context);
    expect(body).toContain('<details><summary>Prompt (500 characters)</summary>');
    expect(renderComment([task], { ...context, showPrompt: false })).not.toContain('word');
  });

  it('escapes untrusted text: no HTML, no block breaking, no mentions, references or links', () => {
    const body = renderComment(
      [
        outcome('fail', { model: '<b>m</b>', param: { prompt: HOSTILE }, failCode: '`1`', failMsg: HOSTILE }),
        outcome('success', {
          param: { input: { prompt: 'short @team #5' } },
          resultUrls: ['data:image/png;base64,AAAA', 'https://x/a.png" onerror="x'],
        }),
      ],
      context,
    );
    const text = body.slice(body.indexOf('\n'));
    // The only tags are ours.
    for (const tag of text.match(/<\/?[a-z][^>]*>/gi) ?? []) {
      expect(tag).toMatch(
        /^<\/?(code|details|summary|br|sub|a href="https:\/\/(cdn\.example|x|github\.com)\/[^"]*"|img src="https:\/\/x\/[^"]*" width="320" alt="result \d+")>$|^<\/a>$/,
      );
    }
    expect(text).not.toMatch(
      /@someone|@team|(?<!&)#\d|GH-2|```|!\[|\]\(|<!--|https:\/\/github\.com\/o\/r\/issues|www\.x/,
    );
    expect(text).toContain('&lt;/details&gt;&lt;img src=x onerror=alert(1)&gt;');
    expect(text).not.toMatch(/(src|href)="(data|javascript):/);
    expect(text).toContain('onerror=%22x');
    // Each untrusted text stays on one line: a line never starts with #, >, |, or a fence.
    for (const line of text.split('\n')) {
      if (line.startsWith('#')) expect(line).toMatch(/^#{3,4} /);
      expect(line).not.toMatch(/^(>(?! \[!NOTE\]| This comment)|\||```)/);
    }
  });

  it("links our own hints to kie.ai's pages (no zero-width space in them); a long message is clipped as text", () => {
    const hint = 'kie.ai rejected the key (401): check it at https://kie.ai/api-key.';
    const body = renderComment(
      [
        outcome('error', null, new Error(hint)),
        outcome('fail', { taskId: 'task_f', failMsg: `@x https://kie.ai/billing ${'y'.repeat(3_000)}` }),
      ],
      context,
    );
    expect(body).toContain('check it at <a href="https://kie.ai/api-key">https://kie.ai/api-key</a>.');
    // 2,000 characters at most for a message: the long one is cut as plain text, its URL not linked.
    const failed = body.split('\n').find((line) => line.startsWith('Failed: '))!;
    expect(failed.length).toBeLessThanOrEqual('Failed: '.length + 2_000);
    expect(failed).toContain('&#64;&#8203;x https:/&#8203;/kie.ai/billing');
    expect(failed.endsWith('…')).toBe(true);
  });

  it('stays under 65,536 characters, with a note pointing to the job summary', () => {
    const many = Array.from({ length: 40 }, (_, i) =>
      outcome('success', {
        taskId: `task_${i}`,
        param: { prompt: `@x #1 <b> `.repeat(400) },
        resultUrls: Array.from(
          { length: 24 },
          (_, j) => `https://cdn.example/${i}/${j}-${'a'.repeat(200)}.png`,
        ),
      }),
    );
    const body = renderComment(many, context);
    expect(body.length).toBeLessThanOrEqual(COMMENT_LIMIT);
    expect(body).toMatch(
      /This comment is shortened: \d+ more tasks are not shown, as a comment is limited to 65,536 characters\. The job summary/,
    );
    expect(body.endsWith('</sub>\n')).toBe(true);
    const without = renderComment(many, { ...context, summaryWritten: false, maxChars: 10_000 });
    expect(without.length).toBeLessThanOrEqual(10_000);
    expect(without).toContain("The step's log lists every task.");
  });

  it('never shows over-long URLs, and caps the results per task', () => {
    const body = renderComment(
      [
        outcome('success', {
          resultUrls: [
            `https://x/${'a'.repeat(2000)}.png`,
            ...Array.from({ length: 30 }, (_, i) => `https://x/${i}.png`),
          ],
        }),
      ],
      context,
    );
    expect(body).toContain('result 1 (URL too long to show');
    expect(body.match(/<img /g)).toHaveLength(23);
    expect(body).toContain('+7 more in the `result-urls` output');
  });
});

describe('renderComment: other families', () => {
  it("shows the market state with the family's own value, and the family", () => {
    const task = outcome('fail', { taskId: 'v', family: 'veo', state: '3', status: 'failed', model: null });
    const body = renderComment([task], context);
    expect(body).toContain('#### ❌ <code>v</code> · fail (3)');
    expect(body).toContain('Family: veo');
    expect(renderComment([outcome('success')], context)).not.toContain('Family:');
  });
});
