/**
 * The job summary: pure markdown rendering. Everything from the API or the inputs is escaped, so a failMsg cannot
 * inject markup, links, images or @mentions; only http(s) URLs become links or images.
 */
import { creditsLabel, formatMs, stateLabel, taskDurationMs } from '@kie-task/core/internal';
import type { TaskOutcome } from '@kie-task/core';
import type { DownloadReport } from './download.js';
import { escapeText, renderResult } from './markdown.js';
import { totalCredits } from './outputs.js';

/** GitHub refuses a step summary over 1 MiB; stay well below it. */
const SUMMARY_LIMIT_BYTES = 1_000_000;
/** Results shown per task before "+N more". */
export const MAX_RESULTS_PER_TASK = 24;
/** Said under every list of result links. */
export const EXPIRY_NOTE =
  'kie.ai result links expire (after 24 hours for most models, 14 days at most): download the files you want to keep.';
/** Longest failure message shown. */
const MAX_MESSAGE_CHARS = 1_000;

/** Options for {@link renderSummary}. */
export interface SummaryOptions {
  /** Size budget in bytes (UTF-8). Default {@link SUMMARY_LIMIT_BYTES}. */
  maxBytes?: number;
  /** The `family` input: shown for tasks never seen when it is not `market`. Default `market`. */
  family?: string;
  /** What the downloads came to, when `download` is on. */
  downloads?: DownloadReport | null;
  /** The timeline section (timeline.ts), shown under the table; size-capped there. Default none. */
  timeline?: string;
}

/** Renders the job summary for the outcomes of one run. */
export function renderSummary(outcomes: readonly TaskOutcome[], options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES;
  const head =
    `### kie.ai ${outcomes.length === 1 ? 'task' : 'tasks'}: ${headline(outcomes)}\n\n` +
    '| Task | Model | State | Duration | Credits | Results |\n| --- | --- | --- | --- | --- | --- |\n';
  const foot =
    (options.timeline ?? '') +
    (options.downloads ? renderDownloads(outcomes, options.downloads) : '') +
    `\n_${EXPIRY_NOTE}_\n`;
  let body = '';
  let used = byteLength(head) + byteLength(foot);
  let shown = 0;
  for (const outcome of outcomes) {
    const row = renderRow(outcome, options.family ?? 'market');
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

/** "2 succeeded, 1 failed": how many tasks ended each way. */
export function headline(outcomes: readonly TaskOutcome[]): string {
  const count = (kind: TaskOutcome['kind']): number => outcomes.filter((o) => o.kind === kind).length;
  const parts = [
    [count('success'), 'succeeded'],
    [count('fail'), 'failed'],
    [count('timeout'), 'timed out'],
    [count('error'), 'stopped by an error'],
    [count('cancelled'), 'cancelled'],
  ] as const;
  const counts = parts.filter(([n]) => n > 0).map(([n, what]) => `${n} ${what}`);
  const credits = totalCredits(outcomes);
  return [...counts, ...(credits === '' ? [] : [creditsLabel(Number(credits))])].join(', ');
}

/** The icon for each way a task can end. */
export const BADGES: Record<TaskOutcome['kind'], string> = {
  success: '✅',
  fail: '❌',
  timeout: '⏱️',
  error: '⚠️',
  cancelled: '⏹️',
};

/** Said after the state when a task did not finish. */
export const NOTES: Record<TaskOutcome['kind'], string> = {
  success: '',
  fail: '',
  timeout: ' (timed out)',
  error: ' (error)',
  cancelled: ' (cancelled)',
};

function renderRow(outcome: TaskOutcome, inputFamily: string): string {
  const { record } = outcome;
  const state = record?.state ? escapeText(stateLabel(record)) : '—';
  const duration = taskDurationMs(record);
  // The family is worth saying only when it is not the default (or `auto` never found one).
  const family = record?.family ?? inputFamily;
  const model = record?.model ? escapeText(record.model) : '—';
  const cells = [
    `<code>${escapeText(outcome.taskId)}</code>`,
    family === 'market' ? model : `${model} (${escapeText(family)})`,
    `${BADGES[outcome.kind]} ${state}${NOTES[outcome.kind]}`,
    duration === null ? '—' : formatMs(duration),
    record?.creditsConsumed == null ? '—' : String(record.creditsConsumed),
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

/** Saved files shown per task before "+N more". */
const MAX_FILES_PER_TASK = 24;

/** The saved files (paths relative to the workspace) and failed downloads, per task in input order. */
function renderDownloads(outcomes: readonly TaskOutcome[], report: DownloadReport): string {
  const saved = report.files.length;
  const failed = report.failures.length;
  const counts = [`${saved} ${saved === 1 ? 'file' : 'files'} saved`];
  if (failed > 0) counts.push(`${failed} failed`);
  if (report.stopped) counts.push(`stopped: ${escapeText(clip(report.stopped))}`);
  let text = `\n#### Downloads to <code>${escapeText(report.dir)}</code>: ${counts.join(', ')}\n\n`;
  const rows = outcomes.flatMap((outcome) => {
    const files = report.files.filter((f) => f.taskId === outcome.taskId);
    const failures = report.failures.filter((f) => f.taskId === outcome.taskId);
    if (files.length === 0 && failures.length === 0) return [];
    const cells = files.slice(0, MAX_FILES_PER_TASK).map((f) => `<code>${escapeText(f.shown)}</code>`);
    if (files.length > MAX_FILES_PER_TASK)
      cells.push(`+${files.length - MAX_FILES_PER_TASK} more (see the <code>files</code> output)`);
    for (const f of failures.slice(0, MAX_FILES_PER_TASK)) cells.push(`⚠️ ${escapeText(clip(f.message))}`);
    return [`| <code>${escapeText(outcome.taskId)}</code> | ${cells.join('<br>')} |\n`];
  });
  if (rows.length > 0) text += `| Task | Files |\n| --- | --- |\n${rows.join('')}`;
  return text;
}

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 3)}...` : text;
}

function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}
