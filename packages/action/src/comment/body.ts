/**
 * The pull-request comment: pure markdown rendering, the hidden marker that finds it again, and GitHub's size limit.
 * Untrusted text goes through markdown.ts's escaping (one line, no markup, no mentions, no references); only http(s)
 * URLs become images or links. Plain headings, text and emoji read the same in light and dark themes.
 */
import { creditsLabel, formatMs, promptOf, taskDurationMs } from '@kie-task/core/internal';
import type { TaskOutcome } from '@kie-task/core';
import { COMMENT_MAX_CHARS } from '../budget.js';
import { escapeAttribute, escapeClipped, escapeMessage, mediaKind, renderResult } from '../markdown.js';
import { BADGES, EXPIRY_NOTE, MAX_RESULTS_PER_TASK, endingWords, headline } from '../job-summary.js';

/** GitHub rejects a comment body over 65,536 characters (budget.ts). */
export const COMMENT_LIMIT = COMMENT_MAX_CHARS;
/** Width of embedded images: big enough to judge, small enough for a row of them. */
const IMAGE_WIDTH = 320;
/** Prompts longer than this (or with line breaks) are collapsed in a `<details>` block. */
const INLINE_PROMPT_CHARS = 160;
const MAX_PROMPT_CHARS = 4_000;
const MAX_MESSAGE_CHARS = 2_000;
/** Longer result URLs are not shown (a few of them would fill the comment); the outputs still have them. */
const MAX_URL_CHARS = 1_000;

/** What the comment needs besides the outcomes. */
export interface CommentContext {
  /** The comment key (see {@link commentMarker}). */
  key: string;
  /** Show each task's prompt from `param`. */
  showPrompt: boolean;
  /** The workflow run's page, or null. */
  runUrl: string | null;
  /** Whether the job summary (with every task) was written; the size note points there. */
  summaryWritten: boolean;
  /** Size budget in characters. Default {@link COMMENT_LIMIT}. */
  maxChars?: number;
}

/**
 * The hidden marker that identifies this step's comment: `<!-- kie-task:comment key="…" -->`. The key is escaped so
 * it cannot end the HTML comment (`--`, `>`) or the quoted value, and matched as a plain string (no regex).
 */
export function commentMarker(key: string): string {
  const escaped = key.replace(/[&"<>-]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!-- kie-task:comment key="${escaped}" -->`;
}

/** Renders the whole comment body, marker first, within `maxChars`. */
export function renderComment(outcomes: readonly TaskOutcome[], context: CommentContext): string {
  const maxChars = context.maxChars ?? COMMENT_LIMIT;
  const title = outcomes.length === 1 ? 'kie.ai task' : 'kie.ai tasks';
  const head = `${commentMarker(context.key)}\n### ${title}: ${headline(outcomes) || 'none'}\n\n`;
  const run =
    context.runUrl && mediaKind(context.runUrl)
      ? `<a href="${escapeAttribute(context.runUrl)}">Workflow run</a> · `
      : '';
  const foot = `\n---\n<sub>${run}${EXPIRY_NOTE}</sub>\n`;
  let sections = '';
  let shown = 0;
  // Room for the shortening note, whatever the numbers in it.
  const reserve = 400;
  for (const outcome of outcomes) {
    const section = renderSection(outcome, context.showPrompt);
    if (head.length + sections.length + section.length + foot.length + reserve > maxChars) break;
    sections += section;
    shown += 1;
  }
  const left = outcomes.length - shown;
  const note =
    left > 0
      ? `> [!NOTE]\n> This comment is shortened: ${left} more ${left === 1 ? 'task is' : 'tasks are'} not shown, ` +
        `as a comment is limited to ${COMMENT_LIMIT.toLocaleString('en-US')} characters. ` +
        (context.summaryWritten
          ? "The job summary of the workflow run shows more, and the step's log lists every task."
          : "The step's log lists every task.") +
        '\n\n'
      : '';
  return head + sections + note + foot;
}

/** One task: heading with state, model and duration, the prompt, the results or the failure. */
function renderSection(outcome: TaskOutcome, showPrompt: boolean): string {
  const { record } = outcome;
  const lines = [
    `#### ${BADGES[outcome.kind]} <code>${escapeClipped(outcome.taskId, 200)}</code> · ${endingWords(outcome)}`,
  ];
  const facts = [
    record?.model ? `Model: ${escapeClipped(record.model, 200)}` : null,
    record && record.family !== 'market' ? `Family: ${escapeClipped(record.family, 100)}` : null,
    taskDurationMs(record) === null ? null : `Duration: ${formatMs(taskDurationMs(record)!)}`,
    record?.creditsConsumed == null ? null : `Cost: ${creditsLabel(record.creditsConsumed)}`,
  ].filter((fact) => fact !== null);
  if (facts.length > 0) lines.push(facts.join(' · '));
  const prompt = showPrompt ? promptOf(record) : null;
  if (prompt !== null) lines.push(renderPrompt(prompt));
  if (outcome.kind === 'fail') {
    const code = record?.failCode ? `**${escapeClipped(record.failCode, 100)}**: ` : '';
    lines.push(`Failed: ${code}${escapeMessage(record?.failMsg ?? 'no failure message', MAX_MESSAGE_CHARS)}`);
  } else if (outcome.kind !== 'success') {
    lines.push(escapeMessage(outcome.error?.message ?? 'stopped', MAX_MESSAGE_CHARS));
  }
  const results = renderResults(record?.resultUrls ?? []);
  if (results) lines.push(results);
  return `${lines.join('\n\n')}\n\n`;
}

function renderPrompt(prompt: string): string {
  if (prompt.length <= INLINE_PROMPT_CHARS && !/[\r\n]/.test(prompt)) {
    return `Prompt: ${escapeClipped(prompt, MAX_PROMPT_CHARS)}`;
  }
  // Escaped text has no `<` of its own, so it cannot close the <details> block.
  return (
    `<details><summary>Prompt (${prompt.length.toLocaleString('en-US')} characters)</summary>\n\n` +
    `${escapeClipped(prompt, MAX_PROMPT_CHARS)}\n\n</details>`
  );
}

/** Images embedded in one paragraph; video, audio and other files as links in another. */
function renderResults(urls: readonly string[]): string {
  const images: string[] = [];
  const links: string[] = [];
  urls.slice(0, MAX_RESULTS_PER_TASK).forEach((url, i) => {
    if (url.length > MAX_URL_CHARS)
      links.push(`result ${i + 1} (URL too long to show; see the step outputs)`);
    else if (mediaKind(url) === 'image') images.push(renderResult(url, i, { imageWidth: IMAGE_WIDTH }));
    else links.push(renderResult(url, i, { icons: true }));
  });
  const more = urls.length - Math.min(urls.length, MAX_RESULTS_PER_TASK);
  if (more > 0) links.push(`+${more} more in the \`result-urls\` output`);
  return [images.join(' '), links.join(' · ')].filter((part) => part !== '').join('\n\n');
}
