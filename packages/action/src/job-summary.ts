/**
 * The job summary: pure markdown rendering. Everything from the API or the inputs is escaped, so a failMsg cannot
 * inject markup, links, images or @mentions; only http(s) URLs become links or images.
 */
import { creditsLabel, formatMs, promptOf, stateLabel, taskDurationMs } from '@kie-task/core/internal';
import type { TaskOutcome } from '@kie-task/core';
import { SUMMARY_BUDGET_BYTES, fitSections, utf8Bytes, type SummarySection } from './budget.js';
import type { DownloadReport } from './download.js';
import { escapeClipped, escapeMessage, escapeText, renderResult } from './markdown.js';
import { totalCredits } from './outputs.js';

/** Results shown per task before "+N more". */
export const MAX_RESULTS_PER_TASK = 24;
/** Said under every list of result links. */
export const EXPIRY_NOTE =
  'kie.ai result links expire (after 24 hours for most models, 14 days at most): download the files you want to keep.';
/** Longest failure message shown. */
const MAX_MESSAGE_CHARS = 1_000;

/** Options for {@link renderSummary}. */
export interface SummaryOptions {
  /** Size budget in bytes (UTF-8). Default budget.ts's {@link SUMMARY_BUDGET_BYTES}. */
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

/**
 * Renders the job summary for the outcomes of one run. Every section (tasks table, task IDs, timeline, downloads)
 * gets a fair share of the budget (budget.ts), so the summary stays under GitHub's 1 MiB whatever the batch; what
 * does not fit is summarised in one line that says where the rest is.
 */
export function renderSummary(outcomes: readonly TaskOutcome[], options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_BUDGET_BYTES;
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
    reattachedNote(options.reattached ?? []);
  const anyResults = outcomes.some((o) => o.kind === 'success' && (o.record?.resultUrls.length ?? 0) > 0);
  // The expiry warning is worth its line only under links.
  const foot = anyResults ? `\n_${EXPIRY_NOTE}_\n` : '';
  const sections = [
    tasksSection(outcomes, columns),
    ...(batch ? [taskIdsSection(outcomes)] : []),
    timelineSection(options.timeline ?? ''),
    ...(options.downloads ? [downloadsSection(outcomes, options.downloads)] : []),
  ];
  return head + fitSections(maxBytes - utf8Bytes(head) - utf8Bytes(foot), sections).join('') + foot;
}

function tasksSection(outcomes: readonly TaskOutcome[], columns: readonly Column[]): SummarySection {
  return {
    head: `| ${columns.map((c) => c.title).join(' | ')} |\n| ${columns.map(() => '---').join(' | ')} |\n`,
    rows: (function* () {
      for (const [index, outcome] of outcomes.entries())
        yield `| ${columns.map((c) => c.cell(outcome, index)).join(' | ')} |\n`;
    })(),
    more: (shown) => {
      const left = outcomes.length - shown;
      return left > 0
        ? `\n_… and ${count(left)} more ${left === 1 ? 'task' : 'tasks'}; see the log (a job summary is limited to ` +
            '1 MiB)._\n'
        : '';
    },
  };
}

/** A batch's full task IDs, folded under the table (the table shows `…c14862c`). */
function taskIdsSection(outcomes: readonly TaskOutcome[]): SummarySection {
  return {
    head: '\n<details><summary>Task IDs</summary>\n\n',
    rows: (function* () {
      for (const [i, o] of outcomes.entries())
        yield `${i > 0 ? '<br>' : ''}${i + 1}. <code>${escapeText(o.taskId)}</code>`;
    })(),
    more: (shown) => {
      const left = outcomes.length - shown;
      return `${left > 0 ? `<br>… and ${count(left)} more; see the log` : ''}\n\n</details>\n`;
    },
  };
}

// The chart is whole or not at all: half a Mermaid block would not render.
function timelineSection(timeline: string): SummarySection {
  return {
    head: '',
    rows: timeline ? [timeline] : [],
    more: (shown) =>
      timeline && shown === 0 ? '\n_The timeline is left out: a job summary is limited to 1 MiB._\n' : '',
  };
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
    return code + escapeMessage(record?.failMsg ?? 'no failure message', MAX_MESSAGE_CHARS);
  }
  if (outcome.kind !== 'success') return escapeMessage(outcome.error?.message ?? '', MAX_MESSAGE_CHARS);
  const urls = record?.resultUrls ?? [];
  if (urls.length === 0) return 'no result URLs';
  const shown = urls.slice(0, MAX_RESULTS_PER_TASK).map((url, i) => renderResult(url, i, { imageWidth }));
  const more = urls.length - shown.length;
  return shown.join(' ') + (more > 0 ? ` +${more} more (see the <code>result-urls</code> output)` : '');
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Saved files shown per task before "+N more". */
const MAX_FILES_PER_TASK = 24;

/**
 * The saved files (paths relative to the workspace) and failed downloads, per task in input order; the files and
 * failures not shown are counted in one last line ("… and 180 more failed downloads; see the log").
 */
function downloadsSection(outcomes: readonly TaskOutcome[], report: DownloadReport): SummarySection {
  const saved = report.files.length;
  const failed = report.failures.length;
  const counts = [`${saved} ${saved === 1 ? 'file' : 'files'} saved`];
  if (failed > 0) counts.push(`${failed} failed`);
  if (report.stopped) counts.push(`stopped: ${escapeClipped(report.stopped, MAX_MESSAGE_CHARS)}`);
  const files = groupByTask(report.files);
  const failures = groupByTask(report.failures);
  const tasks = outcomes.map((o) => o.taskId).filter((taskId) => files.has(taskId) || failures.has(taskId));
  // What row i shows of its task's files and failures (each capped per task).
  const shownIn = (taskId: string) => ({
    files: Math.min(files.get(taskId)?.length ?? 0, MAX_FILES_PER_TASK),
    failures: Math.min(failures.get(taskId)?.length ?? 0, MAX_FILES_PER_TASK),
  });
  return {
    head:
      `\n#### Downloads to <code>${escapeText(report.dir)}</code>: ${counts.join(', ')}\n\n` +
      (tasks.length > 0 ? '| Task | Files |\n| --- | --- |\n' : ''),
    rows: (function* () {
      for (const taskId of tasks)
        yield renderDownloadRow(taskId, files.get(taskId) ?? [], failures.get(taskId) ?? []);
    })(),
    more: (shown) => {
      let filesLeft = saved;
      let failuresLeft = failed;
      for (const taskId of tasks.slice(0, shown)) {
        filesLeft -= shownIn(taskId).files;
        failuresLeft -= shownIn(taskId).failures;
      }
      const parts = [
        ...(failuresLeft > 0
          ? [
              `${count(failuresLeft)} more failed ${failuresLeft === 1 ? 'download' : 'downloads'}; see the log`,
            ]
          : []),
        ...(filesLeft > 0
          ? [
              `${count(filesLeft)} more saved ${filesLeft === 1 ? 'file' : 'files'}; see the <code>files</code> output`,
            ]
          : []),
      ];
      return parts.length > 0 ? `\n_… and ${parts.join('; and ')}._\n` : '';
    },
  };
}

function renderDownloadRow(
  taskId: string,
  files: readonly DownloadReport['files'][number][],
  failures: readonly DownloadReport['failures'][number][],
): string {
  const cells = files.slice(0, MAX_FILES_PER_TASK).map((f) => `<code>${escapeText(f.shown)}</code>`);
  if (files.length > MAX_FILES_PER_TASK)
    cells.push(`+${files.length - MAX_FILES_PER_TASK} more (see the <code>files</code> output)`);
  for (const f of failures.slice(0, MAX_FILES_PER_TASK))
    cells.push(`⚠️ ${escapeClipped(f.message, MAX_MESSAGE_CHARS)}`);
  if (failures.length > MAX_FILES_PER_TASK)
    cells.push(`⚠️ +${failures.length - MAX_FILES_PER_TASK} more failed (see the log)`);
  return `| <code>${escapeText(taskId)}</code> | ${cells.join('<br>')} |\n`;
}

function groupByTask<T extends { taskId: string }>(items: readonly T[]): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(item.taskId);
    if (group) group.push(item);
    else groups.set(item.taskId, [item]);
  }
  return groups;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}
