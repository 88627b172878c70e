/**
 * The job summary: pure markdown rendering. Everything from the API or the inputs is escaped, so a failMsg cannot
 * inject markup, links, images or @mentions; only http(s) URLs become links or images.
 */
import {
  creditsLabel,
  formatMs,
  promptOf,
  stateLabel,
  taskDurationMs,
  type TaskOutcome,
} from '@kie-task/core/internal';
import type { DownloadReport } from './download.js';
import { escapeClipped, escapeMessage, escapeText, renderResult } from './markdown.js';
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
  /** Show each task's prompt (the `show-prompt` input). Default true. */
  showPrompt?: boolean;
  /** This step created the tasks (the `model` input). Default false. */
  created?: boolean;
  /** The tasks a re-run took over from an earlier attempt (not paid for again). Default none. */
  reattached?: readonly string[];
}

/** Width of result images in pixels: one task's, and a batch's (rows stay short enough to fit a screen). */
const IMAGE_WIDTH = 160;
const BATCH_IMAGE_WIDTH = 96;
/** Longest prompt shown in the table; the comment shows more. */
const MAX_PROMPT_CHARS = 160;

/** Renders the job summary for the outcomes of one run. */
export function renderSummary(outcomes: readonly TaskOutcome[], options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_LIMIT_BYTES;
  const inputFamily = options.family ?? 'market';
  const batch = outcomes.length > 1;
  // A batch with one model for every task (the usual) says it once above the table, not in every row.
  const models = new Set(outcomes.map((o) => modelLabel(o, inputFamily)));
  const sharedModel = batch && models.size === 1 ? [...models][0]! : null;
  const prompts = options.showPrompt !== false && outcomes.some((o) => promptOf(o.record) !== null);
  const columns: Column[] = [
    ...(batch ? [{ title: '#', cell: (_: TaskOutcome, i: number) => String(i + 1) }] : []),
    { title: 'Task', cell: (o) => `<code>${batch ? shortIdCell(o.taskId) : escapeText(o.taskId)}</code>` },
    ...(sharedModel === null
      ? [{ title: 'Model', cell: (o: TaskOutcome) => modelLabel(o, inputFamily) }]
      : []),
    { title: 'State', cell: endingLabel },
    { title: 'Duration', cell: (o) => durationCell(o) },
    {
      title: 'Credits',
      cell: (o) => (o.record?.creditsConsumed == null ? '—' : String(o.record.creditsConsumed)),
    },
    ...(prompts ? [{ title: 'Prompt', cell: (o: TaskOutcome) => promptCell(o) }] : []),
    // A batch's images are smaller, so that twelve rows fit on a screen; each links to the full size.
    { title: 'Results', cell: (o) => resultsCell(o, batch ? BATCH_IMAGE_WIDTH : IMAGE_WIDTH) },
  ];
  const about = [
    options.created ? `Created by this step (\`model\` input)` : null,
    sharedModel !== null && sharedModel !== '—' ? `model <code>${sharedModel}</code>` : null,
  ].filter((part) => part !== null);
  const head =
    `### kie.ai ${batch ? 'tasks' : 'task'}: ${headline(outcomes)}\n\n` +
    (about.length > 0 ? `${capitalise(about.join(' · '))}\n\n` : '') +
    reattachedNote(options.reattached ?? []) +
    `| ${columns.map((c) => c.title).join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |\n`;
  const anyResults = outcomes.some((o) => o.kind === 'success' && (o.record?.resultUrls.length ?? 0) > 0);
  const foot =
    (batch ? renderTaskIds(outcomes) : '') +
    (options.timeline ?? '') +
    (options.downloads ? renderDownloads(outcomes, options.downloads) : '') +
    // The expiry warning is worth its line only under links.
    (anyResults ? `\n_${EXPIRY_NOTE}_\n` : '');
  let body = '';
  let used = byteLength(head) + byteLength(foot);
  let shown = 0;
  for (const [index, outcome] of outcomes.entries()) {
    const row = `| ${columns.map((c) => c.cell(outcome, index)).join(' | ')} |\n`;
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

/** Which tasks a re-run took over: they were created (and paid for) by an earlier attempt. */
function reattachedNote(reattached: readonly string[]): string {
  if (reattached.length === 0) return '';
  const ids = reattached.slice(0, 50).map((id) => `<code>${escapeText(id)}</code>`);
  const more = reattached.length > 50 ? ` and ${reattached.length - 50} more` : '';
  const one = reattached.length === 1;
  return (
    `Re-run: ${one ? 'task' : 'tasks'} ${ids.join(', ')}${more} ${one ? 'was' : 'were'} taken over from an earlier ` +
    `attempt, not created or paid for again.\n\n`
  );
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

/** What happened to a task that did not finish. */
const UNFINISHED: Record<'timeout' | 'error' | 'cancelled', string> = {
  timeout: 'timed out',
  error: 'error',
  cancelled: 'cancelled',
};

/** How a task ended, with its badge, for a table cell: `✅ success`, `⏱️ timed out while generating`. */
function endingLabel(outcome: TaskOutcome): string {
  return `${BADGES[outcome.kind]} ${endingWords(outcome)}`;
}

/**
 * How a task ended, in words, escaped: `success`, `fail (3)`, `timed out while generating`, `error` (no state
 * seen) — never a dash where a state is missing.
 */
export function endingWords(outcome: TaskOutcome): string {
  const { record } = outcome;
  const state = record?.state ? escapeClipped(stateLabel(record), 100) : null;
  if (outcome.kind === 'success' || outcome.kind === 'fail') return state ?? outcome.kind;
  return `${UNFINISHED[outcome.kind]}${state ? ` while ${state}` : ''}`;
}

/**
 * How a batch names a task in its table and timeline: the ID's last 7 characters after `…` (`…c14862c`), enough
 * to tell tasks apart at a glance; IDs of up to 12 characters whole. The full IDs are listed under the table.
 */
export function shortTaskId(taskId: string): string {
  return taskId.length <= 12 ? taskId : `…${taskId.slice(-7)}`;
}

interface Column {
  title: string;
  cell: (outcome: TaskOutcome, index: number) => string;
}

/** The model, with the family when it is not the default (or `auto` never found one). */
function modelLabel(outcome: TaskOutcome, inputFamily: string): string {
  const { record } = outcome;
  const family = record?.family ?? inputFamily;
  const model = record?.model ? escapeText(record.model) : '—';
  return family === 'market' ? model : `${model} (${escapeText(family)})`;
}

function durationCell(outcome: TaskOutcome): string {
  const duration = taskDurationMs(outcome.record);
  return duration === null ? '—' : formatMs(duration);
}

function promptCell(outcome: TaskOutcome): string {
  const prompt = promptOf(outcome.record);
  return prompt === null ? '—' : escapeClipped(prompt, MAX_PROMPT_CHARS);
}

/** `…c14862c`, with a word joiner after the ellipsis: a narrow column must not break the ID's tail from it. */
function shortIdCell(taskId: string): string {
  const short = shortTaskId(taskId);
  return short.startsWith('…') ? `…&#8288;${escapeText(short.slice(1))}` : escapeText(short);
}

function resultsCell(outcome: TaskOutcome, imageWidth: number): string {
  const { record } = outcome;
  if (outcome.kind === 'fail') {
    const code = record?.failCode ? `<b>${escapeText(record.failCode)}</b>: ` : '';
    return code + escapeMessage(clip(record?.failMsg ?? 'no failure message'));
  }
  if (outcome.kind !== 'success') return escapeMessage(clip(outcome.error?.message ?? ''));
  const urls = record?.resultUrls ?? [];
  if (urls.length === 0) return 'no result URLs';
  const shown = urls.slice(0, MAX_RESULTS_PER_TASK).map((url, i) => renderResult(url, i, { imageWidth }));
  const more = urls.length - shown.length;
  return shown.join(' ') + (more > 0 ? ` +${more} more (see the <code>result-urls</code> output)` : '');
}

/** A batch's full task IDs, folded under the table (the table shows `…c14862c`). */
function renderTaskIds(outcomes: readonly TaskOutcome[]): string {
  const ids = outcomes.map((o, i) => `${i + 1}. <code>${escapeText(o.taskId)}</code>`).join('<br>');
  return `\n<details><summary>Task IDs</summary>\n\n${ids}\n\n</details>\n`;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
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
