/**
 * The timeline of a batch, for the job summary: what each task's state was, when, as the polls saw it, drawn as a
 * Mermaid `gantt` chart (GitHub renders ```mermaid blocks). {@link timelineTracks} reads the wait session's one
 * history; {@link renderTimeline} draws the tracks. Pure: no I/O.
 * https://mermaid.js.org/syntax/gantt.html
 */
import type { OutcomeKind, TaskOutcome } from '@kie-task/core';
import { toMarketState } from '@kie-task/core/internal';
import type { TaskHistory } from '@kie-task/node-io/wait-session';
import { MERMAID_MAX_CHARS } from './budget.js';
import { shortTaskId } from './job-summary.js';

/** Tasks drawn at most: the slowest, since they are the ones worth looking at. */
const MAX_TIMELINE_TASKS = 50;
/**
 * Characters of Mermaid source at most: under Mermaid's limit (budget.ts), with room for the fence and the note, and
 * a small part of the 1 MiB summary.
 */
const MAX_TIMELINE_CHARS = MERMAID_MAX_CHARS - 10_000;
/** Longest label, in characters. */
const MAX_LABEL_CHARS = 40;

/** One task's observed life: when the polls first saw it, first saw it generating, and saw it end. */
export interface TaskTrack {
  taskId: string;
  /** Epoch ms of the first poll that saw the task pending, or null. */
  seenAt: number | null;
  /** Epoch ms of the first poll that saw it generating (or in a state kie-task does not know), or null. */
  generatingAt: number | null;
  /** Epoch ms of the poll that saw the task succeed or fail, or null. */
  finishedAt: number | null;
}

/**
 * Each task's track, in input order, from the wait session's history: the first poll that saw it pending, the first
 * that saw it generating, and the one that saw it end.
 */
export function timelineTracks(history: readonly TaskHistory[]): TaskTrack[] {
  return history.map(({ taskId, changes, finishedAt }) => {
    const pending = changes.filter((change) => change.record.status === 'pending');
    return {
      taskId,
      seenAt: pending[0]?.at ?? null,
      generatingAt: pending.find((change) => isGenerating(change.record))?.at ?? null,
      finishedAt,
    };
  });
}

/** Generating, or a pending state kie-task does not know (the task exists and is not queued). */
function isGenerating(record: {
  family: string;
  state: string;
  status: 'pending' | 'success' | 'failed';
}): boolean {
  const market = toMarketState(record);
  return market !== 'waiting' && market !== 'queuing';
}

/**
 * `#3 …c14862c`, as the summary's table names the task: our own `#`, number and `…` (no `;` can follow, so Mermaid
 * reads no entity), then the ID's characters through {@link mermaidLabel}.
 */
function rowLabel(index: number, taskId: string): string {
  const short = shortTaskId(taskId);
  const tail = short.startsWith('…') ? `…${mermaidLabel(short.slice(1))}` : mermaidLabel(short);
  return `#${index + 1} ${tail}`;
}

/**
 * Makes untrusted text (task IDs, states from kie.ai) safe as a Mermaid gantt label or section name. This is about
 * Mermaid's syntax, not markdown: inside a ```mermaid block markdown escaping (markdown.ts) does not apply, and
 * Mermaid reads `:` (task data), `;` and newlines (end of statement), `#` (entity codes), `%%` (comments and
 * directives) and `<`/`>` (HTML labels). So only letters, digits, space and `_-.` are kept; anything else becomes
 * `_`. The result is one line, at most `maxChars` long, never empty.
 */
export function mermaidLabel(text: string, maxChars: number = MAX_LABEL_CHARS): string {
  const safe = text
    .replace(/[^A-Za-z0-9 _.-]/g, '_')
    .replace(/ {2,}/g, ' ')
    .trim();
  const clipped = safe.length > maxChars ? `${safe.slice(0, maxChars - 3).trimEnd()}...` : safe;
  return clipped === '' ? '_' : clipped;
}

/** Options for {@link renderTimeline}. */
export interface TimelineOptions {
  /** Epoch ms when the wait started: where a task never seen generating starts. */
  startedAt: number;
  /** Epoch ms when the wait ended: where unfinished tasks stop. */
  endAt: number;
  /** Default {@link MAX_TIMELINE_TASKS}. */
  maxTasks?: number;
  /** Default {@link MAX_TIMELINE_CHARS}. */
  maxChars?: number;
}

/**
 * How each ending is drawn: the word after the label and the bar's tag, from Mermaid's own task styles (grey for
 * done, red for crit), so the chart reads in light and dark themes.
 */
const ENDINGS: Record<OutcomeKind, { word: string; tag: string }> = {
  success: { word: 'success', tag: 'done' },
  fail: { word: 'fail', tag: 'crit' },
  timeout: { word: 'timed out', tag: 'crit' },
  error: { word: 'error', tag: 'crit' },
  cancelled: { word: 'cancelled', tag: 'crit' },
};

/**
 * Axis ticks on whole units, chosen from the chart's length: d3 otherwise picks sub-second ticks for a short run,
 * and `%H:%M:%S` repeats the same second under several of them. About 4 to 12 ticks across the chart.
 */
const TICKS: ReadonlyArray<{ upToMs: number; interval: string; format: string }> = [
  { upToMs: 20_000, interval: '2second', format: '%H:%M:%S' },
  { upToMs: 60_000, interval: '5second', format: '%H:%M:%S' },
  { upToMs: 3 * 60_000, interval: '15second', format: '%H:%M:%S' },
  { upToMs: 10 * 60_000, interval: '1minute', format: '%H:%M' },
  { upToMs: 30 * 60_000, interval: '5minute', format: '%H:%M' },
  { upToMs: 2 * 3_600_000, interval: '15minute', format: '%H:%M' },
  { upToMs: 6 * 3_600_000, interval: '1hour', format: '%H:%M' },
];

/**
 * The job summary's timeline section: a heading and a ```mermaid gantt block with one row per task — a bar from
 * the poll that first saw it generating to the poll that saw it end, labelled like the table (`#3 …c14862c fail`) —
 * or '' for fewer than two tasks. Over `maxTasks` tasks (or `maxChars` of chart), only the slowest are drawn, in
 * input order, and a note says how many were left out.
 */
export function renderTimeline(
  tracks: readonly TaskTrack[],
  outcomes: readonly TaskOutcome[],
  options: TimelineOptions,
): string {
  if (tracks.length < 2) return '';
  const maxTasks = options.maxTasks ?? MAX_TIMELINE_TASKS;
  const maxChars = options.maxChars ?? MAX_TIMELINE_CHARS;
  const kinds = new Map(outcomes.map((o) => [o.taskId, o.kind]));
  const rows = tracks.map((track, index) => ({
    track,
    index,
    start: track.generatingAt ?? track.seenAt ?? options.startedAt,
    end: track.finishedAt ?? options.endAt,
  }));
  const first = Math.min(...rows.map((row) => row.start));
  const last = Math.max(...rows.map((row) => row.end));
  const ticks = TICKS.find((t) => last - first <= t.upToMs) ?? { interval: '1day', format: '%b %d %H:%M' };
  const header =
    'gantt\n  dateFormat x\n' +
    `  axisFormat ${ticks.format}\n  tickInterval ${ticks.interval}\n  todayMarker off\n`;
  // Slowest first (stable: input order among equals); then drawn in input order.
  const order = [...rows].sort((a, b) => b.end - a.end || a.index - b.index);
  const chosen: { index: number; text: string }[] = [];
  let used = header.length;
  for (const { track, index, start, end } of order) {
    if (chosen.length >= maxTasks) break;
    const ending = ENDINGS[kinds.get(track.taskId) ?? 'cancelled'];
    // A bar needs a length to be drawn.
    const text = `  ${rowLabel(index, track.taskId)} ${ending.word} :${ending.tag}, ${start}, ${Math.max(end, start + 1)}\n`;
    if (used + text.length > maxChars) continue;
    chosen.push({ index, text });
    used += text.length;
  }
  const body = chosen
    .sort((a, b) => a.index - b.index)
    .map((c) => c.text)
    .join('');
  const left = tracks.length - chosen.length;
  const note =
    left > 0
      ? `\n_The ${chosen.length} slowest of ${tracks.length} tasks; ${left} ${left === 1 ? 'task is' : 'tasks are'} ` +
        "left out to keep the chart readable. The step's log lists every task._\n"
      : '';
  const legend =
    '\n_Each bar runs from the poll that first saw the task generating to the one that saw it end; the gap before ' +
    'it is time spent waiting or queued. Grey: succeeded; red: failed, timed out or stopped._\n';
  return `\n#### Timeline\n\n\`\`\`mermaid\n${header}${body}\`\`\`\n${legend}${note}`;
}
