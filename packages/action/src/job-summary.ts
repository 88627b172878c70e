/**
 * The job summary: pure markdown rendering. Everything from the API or the inputs is escaped, so a failMsg cannot
 * inject markup, links, images or @mentions; only http(s) URLs become links or images.
 */
import {
  creditsLabel,
  formatMs,
  stateLabel,
  taskDurationMs,
  type TaskOutcome,
} from '@kie-task/core/internal';
import { SUMMARY_BUDGET_BYTES, fitSections, utf8Bytes, type SummarySection } from './budget.js';
import type { DownloadReport } from './download.js';
import { escapeText, renderResult } from './markdown.js';
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
}

/**
 * Renders the job summary for the outcomes of one run. Every section (tasks table, timeline, downloads) gets a fair
 * share of the budget (budget.ts), so the summary stays under GitHub's 1 MiB whatever the batch; what does not fit
 * is summarised in one line that says where the rest is.
 */
export function renderSummary(outcomes: readonly TaskOutcome[], options: SummaryOptions = {}): string {
  const maxBytes = options.maxBytes ?? SUMMARY_BUDGET_BYTES;
  const head = `### kie.ai ${outcomes.length === 1 ? 'task' : 'tasks'}: ${headline(outcomes)}\n\n`;
  const foot = `\n_${EXPIRY_NOTE}_\n`;
  const sections = [
    tasksSection(outcomes, options.family ?? 'market'),
    timelineSection(options.timeline ?? ''),
    ...(options.downloads ? [downloadsSection(outcomes, options.downloads)] : []),
  ];
  return head + fitSections(maxBytes - utf8Bytes(head) - utf8Bytes(foot), sections).join('') + foot;
}

function tasksSection(outcomes: readonly TaskOutcome[], family: string): SummarySection {
  return {
    head: '| Task | Model | State | Duration | Credits | Results |\n| --- | --- | --- | --- | --- | --- |\n',
    rows: (function* () {
      for (const outcome of outcomes) yield renderRow(outcome, family);
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

// The chart is whole or not at all: half a Mermaid block would not render.
function timelineSection(timeline: string): SummarySection {
  return {
    head: '',
    rows: timeline ? [timeline] : [],
    more: (shown) =>
      timeline && shown === 0 ? '\n_The timeline is left out: a job summary is limited to 1 MiB._\n' : '',
  };
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

/**
 * The saved files (paths relative to the workspace) and failed downloads, per task in input order; the files and
 * failures not shown are counted in one last line ("… and 180 more failed downloads; see the log").
 */
function downloadsSection(outcomes: readonly TaskOutcome[], report: DownloadReport): SummarySection {
  const saved = report.files.length;
  const failed = report.failures.length;
  const counts = [`${saved} ${saved === 1 ? 'file' : 'files'} saved`];
  if (failed > 0) counts.push(`${failed} failed`);
  if (report.stopped) counts.push(`stopped: ${escapeText(clip(report.stopped))}`);
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
  for (const f of failures.slice(0, MAX_FILES_PER_TASK)) cells.push(`⚠️ ${escapeText(clip(f.message))}`);
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

function clip(text: string): string {
  return text.length > MAX_MESSAGE_CHARS ? `${text.slice(0, MAX_MESSAGE_CHARS - 3)}...` : text;
}
