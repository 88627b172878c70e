/**
 * The step outputs, built from the core's outcome model. The `tasks` output is the core's TaskSummary per task,
 * the shape the CLI's `--json` prints too.
 */
import type { TaskOutcome } from '@kie-task/core';
import { combinedState, summarizeOutcome, taskDurationMs } from '@kie-task/core/internal';

/** Every output, in action.yml order. */
export const OUTPUT_NAMES = [
  'task-id',
  'created',
  'reattached',
  'state',
  'raw-state',
  'timed-out',
  'result-urls',
  'result-url',
  'files',
  'file',
  'result-json',
  'param',
  'model',
  'fail-code',
  'fail-msg',
  'create-time',
  'complete-time',
  'duration-ms',
  'credits',
  'tasks',
  'comment-id',
  'comment-url',
] as const;

/** The outputs that hold JSON: when one must shrink, it drops whole elements and stays valid JSON (budget.ts). */
export const JSON_OUTPUTS: ReadonlySet<string> = new Set([
  'result-urls',
  'files',
  'result-json',
  'param',
  'tasks',
]);

/** One output's name. */
type OutputName = (typeof OUTPUT_NAMES)[number];

/** Every output's value, as the string written to GITHUB_OUTPUT. */
export type Outputs = Record<OutputName, string>;

/** What {@link buildOutputs} needs besides the outcomes. */
export interface OutputOptions {
  /** The `family` input: the family of tasks never seen (`auto` stays `auto`). Default `market`. */
  family?: string;
  /** Absolute paths of the downloaded files, task by task in URL order. */
  files?: readonly string[];
  /** This step created the tasks (`model`). Default false. */
  created?: boolean;
  /** The tasks a re-run took over from an earlier attempt instead of creating them, in input order. */
  reattached?: readonly string[];
}

/** All outputs for a finished (or stopped) wait. */
export function buildOutputs(outcomes: readonly TaskOutcome[], options: OutputOptions = {}): Outputs {
  const first = outcomes[0]?.record ?? null;
  const failed = outcomes.find((o) => o.kind === 'fail')?.record ?? null;
  const urls = outcomes.flatMap((o) => o.record?.resultUrls ?? []);
  const duration = taskDurationMs(first);
  const files = options.files ?? [];
  return {
    'task-id': outcomes.map((o) => o.taskId).join(','),
    created: String(options.created ?? false),
    reattached: (options.reattached ?? []).join(','),
    state: combinedState(outcomes),
    'raw-state': first?.state ?? '',
    'timed-out': String(outcomes.some((o) => o.kind === 'timeout')),
    'result-urls': JSON.stringify(urls),
    'result-url': urls[0] ?? '',
    files: JSON.stringify(files),
    file: files[0] ?? '',
    'result-json': rawText(first?.raw.resultJson),
    // Decoded (real bodies double-encode `input`), so `fromJSON(…).input.prompt` works downstream.
    param: first?.param ? safeJson(first.param) : '',
    model: first?.model ?? '',
    'fail-code': failed?.failCode ?? '',
    'fail-msg': failed?.failMsg ?? '',
    'create-time': iso(first?.createTime) ?? '',
    'complete-time': iso(first?.completeTime) ?? '',
    'duration-ms': duration === null ? '' : String(duration),
    credits: totalCredits(outcomes),
    tasks: JSON.stringify(outcomes.map((outcome) => summarizeOutcome(outcome, options.family))),
    // Filled in by main.ts once the comment is written (see comment/pull-requests.ts).
    'comment-id': '',
    'comment-url': '',
  };
}

/** The outputs of a run that stopped before waiting (bad inputs): empty, but every one present. */
export function emptyOutputs(taskIds: readonly string[] = []): Outputs {
  return { ...buildOutputs([]), 'task-id': taskIds.join(',') };
}

/**
 * The credits of every task together, or `''` when kie.ai reported none. Summed in thousandths: kie.ai's figures
 * are decimals (0.8, 5.5), and 0.1 + 0.2 must not print as 0.30000000000000004.
 */
export function totalCredits(outcomes: readonly TaskOutcome[]): string {
  const known = outcomes.flatMap((o) =>
    o.record?.creditsConsumed == null ? [] : [o.record.creditsConsumed],
  );
  if (known.length === 0) return '';
  return String(known.reduce((sum, n) => sum + Math.round(n * 1000), 0) / 1000);
}

// JSON text of a parsed object; an object too deep to serialise again becomes '' rather than failing every output.
function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value);
  } catch {
    return '';
  }
}

// The original string kie.ai sent; some kie-compatible proxies send an object instead.
function rawText(value: unknown): string {
  if (value === undefined || value === null) return '';
  return typeof value === 'string' ? value : JSON.stringify(value);
}

function iso(date: Date | null | undefined): string | null {
  return date && !Number.isNaN(date.getTime()) ? date.toISOString() : null;
}
