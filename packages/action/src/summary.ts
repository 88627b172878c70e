/**
 * The job summary: pure markdown rendering. Everything from the API or the inputs is escaped, so a failMsg cannot
 * inject markup, links, images or @mentions; only http(s) URLs become links or images.
 */
import { formatMs } from '@kie-task/core';
import type { TaskOutcome } from './outcome.js';
import { durationOf } from './outputs.js';

/** GitHub refuses a step summary over 1 MiB; stay well below it. */
export const SUMMARY_LIMIT_BYTES = 1_000_000;
/** Results shown per task before "+N more". */
const MAX_RESULTS_PER_TASK = 24;
/** Longest failure message shown. */
const MAX_MESSAGE_CHARS = 1_000;
const IMAGE_EXTENSIONS = /\.(png|jpe?g|gif|webp|avif|bmp)$/i;

/** Options for {@link renderSummary}. */
export interface SummaryOptions {
  /** Size budget in bytes (UTF-8). Default {@link SUMMARY_LIMIT_BYTES}. */
  maxBytes?: number;
}

/** Renders the job summary for the outcomes of one run. */
export function renderSummary(outcomes: readonly TaskOutcome[], options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES;
  const head =
    `### kie.ai ${outcomes.length === 1 ? 'task' : 'tasks'}: ${headline(outcomes)}\n\n` +
    '| Task | Model | State | Duration | Results |\n| --- | --- | --- | --- | --- |\n';
  const foot =
    '\n_kie.ai result links expire (after 24 hours for most models, 14 days at most): ' +
    'download the files you want to keep._\n';
  let body = '';
  let used = byteLength(head) + byteLength(foot);
  let shown = 0;
  for (const outcome of outcomes) {
    const row = renderRow(outcome);
    // Keep room for the note that says rows were left out.
    if (used + byteLength(row) + 400 > maxBytes) break;
    body += row;
    used += byteLength(row);
    shown += 1;
  }
  const left = outcomes.length - shown;
  const note =
    left > 0
      ? `\n_…and ${left} more ${left === 1 ? 'task' : 'tasks'} not shown: a job summary is limited to 1 MiB. ` +
        'The `tasks` output lists every task._\n'
      : '';
  return head + body + note + foot;
}

function headline(outcomes: readonly TaskOutcome[]): string {
  const count = (kind: TaskOutcome['kind']): number => outcomes.filter((o) => o.kind === kind).length;
  const parts = [
    [count('success'), 'succeeded'],
    [count('fail'), 'failed'],
    [count('timeout'), 'timed out'],
    [count('error'), 'stopped by an error'],
    [count('cancelled'), 'cancelled'],
  ] as const;
  return parts
    .filter(([n]) => n > 0)
    .map(([n, what]) => `${n} ${what}`)
    .join(', ');
}

const BADGES: Record<TaskOutcome['kind'], string> = {
  success: '✅',
  fail: '❌',
  timeout: '⏱️',
  error: '⚠️',
  cancelled: '⏹️',
};

const NOTES: Record<TaskOutcome['kind'], string> = {
  success: '',
  fail: '',
  timeout: ' (timed out)',
  error: ' (error)',
  cancelled: ' (cancelled)',
};

function renderRow(outcome: TaskOutcome): string {
  const { record } = outcome;
  const state = record?.state ? escapeText(record.state) : '—';
  const duration = durationOf(record);
  const cells = [
    `<code>${escapeText(outcome.taskId)}</code>`,
    record?.model ? escapeText(record.model) : '—',
    `${BADGES[outcome.kind]} ${state}${NOTES[outcome.kind]}`,
    duration === null ? '—' : formatMs(duration),
    resultsCell(outcome),
  ];
  return `| ${cells.join(' | ')} |\n`;
}

function resultsCell(outcome: TaskOutcome): string {
  const { record } = outcome;
  if (outcome.kind === 'fail') {
    const code = record?.failCode ? `<b>${escapeText(record.failCode)}</b>: ` : '';
    return code + escapeText(clip(record?.failMsg ?? 'no failure message'));
  }
  if (outcome.kind !== 'success') return escapeText(clip(outcome.error?.message ?? ''));
  const urls = record?.resultUrls ?? [];
  if (urls.length === 0) return 'no result URLs';
  const shown = urls.slice(0, MAX_RESULTS_PER_TASK).map((url, i) => renderResult(url, i));
  const more = urls.length - shown.length;
  return shown.join(' ') + (more > 0 ? ` +${more} more (see the <code>result-urls</code> output)` : '');
}

/** One result: a small image for http(s) image URLs, a link for other http(s) URLs, escaped text otherwise. */
export function renderResult(url: string, index: number): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return escapeText(url);
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return escapeText(url);
  const href = escapeAttribute(parsed.href);
  if (IMAGE_EXTENSIONS.test(parsed.pathname)) {
    return `<a href="${href}"><img src="${href}" width="160" alt="result ${index + 1}"></a>`;
  }
  const name = decodeSafely(parsed.pathname.split('/').pop() ?? '') || parsed.hostname;
  return `<a href="${href}">${escapeText(name.length > 60 ? `${name.slice(0, 57)}...` : name)}</a>`;
}

/**
 * Escapes text for a markdown table cell: HTML specials and every character markdown or GitHub treats specially
 * become entities, `@` and `#` get a zero-width space (no mentions, no issue links), line breaks become `<br>`.
 */
export function escapeText(text: string): string {
  // eslint-disable-next-line no-control-regex -- control characters are escaped too
  return text.replace(/\r\n|[\r\n&<>"|`[\]*_~\\!$@#\u0000-\u0009\u000b\u000c\u000e-\u001f\u007f]/g, (c) => {
    if (c === '\r\n' || c === '\r' || c === '\n') return '<br>';
    if (c === '@' || c === '#') return `&#${c.charCodeAt(0)};&#8203;`;
    if (c < ' ' || c === '\u007f') return ' ';
    return ENTITIES[c] ?? `&#${c.charCodeAt(0)};`;
  });
}

const ENTITIES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };

/** Escapes a value for a double-quoted HTML attribute inside a table cell (`|` would split the cell). */
export function escapeAttribute(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\|/g, '&#124;');
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 3)}...` : text;
}

function decodeSafely(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
