/**
 * The timeline of a batch, for the job summary: what each task's state was, when, as the polls saw it, drawn as a
 * Mermaid `gantt` chart (GitHub renders ```mermaid blocks). {@link timelineTracks} reads the wait session's one
 * history; {@link renderTimeline} draws the tracks. Pure: no I/O.
 * https://mermaid.js.org/syntax/gantt.html
 */
import type { OutcomeKind, TaskOutcome, TaskRecord } from '@kie-task/core';
import { isKnownPendingState, toMarketState } from '@kie-task/core/internal';
import type { TaskHistory } from '@kie-task/node-io/wait-session';

/** Tasks drawn at most: the slowest, since they are the ones worth looking at. */
const MAX_TIMELINE_TASKS = 50;
/**
 * Characters of Mermaid source at most. Mermaid refuses a diagram over its `maxTextSize` (50 000 by default) and
 * shows an error instead; this also keeps the chart a small part of the 1 MiB summary.
 */
const MAX_TIMELINE_CHARS = 40_000;
/** State changes kept per task; later ones fold into the last span (a server could change state every poll). */
const MAX_SPANS_PER_TASK = 12;
/** Longest label, in characters. */
const MAX_LABEL_CHARS = 40;

/** A span of a task's pending life: one state, from the poll that first saw it. */
interface TimelineSpan {
  /** Epoch ms of the first poll that saw this state. */
  at: number;
  /** A chart label (see {@link spanLabel}), already safe for Mermaid. */
  label: string;
  /** `active` for generating (and states kie-task does not know), '' for waiting and queuing. */
  tag: '' | 'active';
}

/** One task's observed life. */
export interface TaskTrack {
  taskId: string;
  /** Pending states in the order the polls saw them. */
  spans: TimelineSpan[];
  /** Epoch ms of the poll that saw the task succeed or fail, or null. */
  finishedAt: number | null;
}

/**
 * Each task's track, in input order, from the wait session's history: its pending states in the order the polls saw
 * them (after {@link MAX_SPANS_PER_TASK} changes the rest fold into one `several states` span), and when it finished.
 */
export function timelineTracks(history: readonly TaskHistory[]): TaskTrack[] {
  return history.map(({ taskId, changes, finishedAt }) => {
    const spans: TimelineSpan[] = [];
    for (const { at, record } of changes) {
      if (record.status !== 'pending') break;
      addSpan(spans, at, record);
    }
    return { taskId, spans, finishedAt };
  });
}

function addSpan(spans: TimelineSpan[], at: number, record: TaskRecord): void {
  const label = spanLabel(record);
  const last = spans.at(-1);
  if (last?.label === label) return;
  if (spans.length >= MAX_SPANS_PER_TASK) {
    last!.label = 'several states';
    last!.tag = 'active';
    return;
  }
  spans.push({ at, label, tag: isTagged(record) ? 'active' : '' });
}

function isTagged(record: {
  family: string;
  state: string;
  status: 'pending' | 'success' | 'failed';
}): boolean {
  const market = toMarketState(record);
  return market !== 'waiting' && market !== 'queuing';
}

/**
 * A pending state as a chart label. It always starts with a word of our own (`waiting`, `queuing`, `generating`,
 * `unknown`): a label that started with a Mermaid keyword (`click`, `section`, `title`, …) would be read as that
 * statement. Other families add their own value: `generating TEXT_SUCCESS`.
 */
function spanLabel(record: {
  family: string;
  state: string;
  status: 'pending' | 'success' | 'failed';
}): string {
  const market = toMarketState(record);
  if (!isKnownPendingState(market)) return mermaidLabel(`unknown ${record.state}`);
  return mermaidLabel(record.state === market ? market : `${market} ${record.state}`);
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
  /** Epoch ms when the wait started: where a task never seen starts. */
  startedAt: number;
  /** Epoch ms when the wait ended: where unfinished spans stop. */
  endAt: number;
  /** Default {@link MAX_TIMELINE_TASKS}. */
  maxTasks?: number;
  /** Default {@link MAX_TIMELINE_CHARS}. */
  maxChars?: number;
}

/** The milestone each ending gets, and its tag (Mermaid's theme colours, readable in light and dark themes). */
const ENDINGS: Record<OutcomeKind, { label: string; tag: string }> = {
  success: { label: 'success', tag: 'done' },
  fail: { label: 'fail', tag: 'crit' },
  timeout: { label: 'timed out', tag: 'crit' },
  error: { label: 'stopped by an error', tag: 'crit' },
  cancelled: { label: 'cancelled', tag: 'crit' },
};

/**
 * The job summary's timeline section: a heading and a ```mermaid gantt block with a section per task — its pending
 * states as bars, then a milestone for how it ended — or '' for fewer than two tasks. Over `maxTasks` tasks (or
 * `maxChars` of chart), only the slowest are drawn, in input order, and a note says how many were left out.
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
  const header = 'gantt\n  dateFormat x\n  axisFormat %H:%M:%S\n  todayMarker off\n';
  // Slowest first (stable: input order among equals); then drawn in input order.
  const order = tracks
    .map((track, index) => ({ track, index, end: track.finishedAt ?? options.endAt }))
    .sort((a, b) => b.end - a.end || a.index - b.index);
  const chosen: { index: number; text: string }[] = [];
  let used = header.length;
  for (const { track, index } of order) {
    if (chosen.length >= maxTasks) break;
    const text = renderTrack(track, kinds.get(track.taskId) ?? 'cancelled', options);
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
        'left out to keep the chart readable. The `tasks` output lists every task._\n'
      : '';
  return `\n#### Timeline\n\n\`\`\`mermaid\n${header}${body}\`\`\`\n${note}`;
}

function renderTrack(track: TaskTrack, kind: OutcomeKind, options: TimelineOptions): string {
  let text = `  section ${mermaidLabel(track.taskId, 60)}\n`;
  const end = track.finishedAt ?? options.endAt;
  // No pending state seen: finished at its first poll (a milestone only), or never answered.
  if (track.spans.length === 0 && track.finishedAt === null)
    text += bar('not seen', '', options.startedAt, end);
  track.spans.forEach((span, i) => {
    text += bar(span.label, span.tag, span.at, track.spans[i + 1]?.at ?? end);
  });
  const ending = ENDINGS[kind];
  text += `  ${ending.label} :milestone, ${ending.tag}, ${end}, ${end}\n`;
  return text;
}

function bar(label: string, tag: string, start: number, end: number): string {
  // A bar needs a length to be drawn.
  return `  ${label} :${tag ? `${tag}, ` : ''}${start}, ${Math.max(end, start + 1)}\n`;
}
