/**
 * GitHub's limits on what a step writes, in one place with where each number comes from, and the budgeting that keeps
 * every write within them whatever the batch: outputs (JSON ones stay valid JSON), the job summary's sections, the
 * annotations and the failure message. Over a limit GitHub does not trim: it drops the whole summary, fails the
 * job's outputs, or hides annotations without a word, so what does not fit is left out here, with a line that says
 * how much and where the rest is. Pure: no I/O.
 */

/**
 * The runner refuses a step summary file over 1 MiB and uploads none of it ("$GITHUB_STEP_SUMMARY upload aborted").
 * actions/runner src/Runner.Worker/FileCommandManager.cs, `CreateStepSummaryCommand.AttachmentSizeLimit = 1024 * 1024`
 * (bytes of the file).
 */
const STEP_SUMMARY_MAX_BYTES = 1024 * 1024;
/** What the job summary aims for: 5 % under {@link STEP_SUMMARY_MAX_BYTES}, room to spare for line endings. */
export const SUMMARY_BUDGET_BYTES = Math.floor(STEP_SUMMARY_MAX_BYTES * 0.95);

/**
 * "Outputs can be a maximum of 1 MB per job. The total of all outputs in a workflow run can be a maximum of 50 MB.
 * Size is approximated based on UTF-16 encoding." (docs.github.com, data/reusables/actions/output-limitations.md).
 * Counted as the runner's expression memory counts a string: 26 bytes + 2 per UTF-16 code unit
 * (actions/runner src/Sdk/DTExpressions2/Expressions2/Sdk/MemoryCounter.cs, `CalculateSize`). 1 MB read as 10^6.
 */
export const JOB_OUTPUTS_MAX_BYTES = 1_000_000;
const STRING_OVERHEAD_BYTES = 26;
/** Kept for the outputs written after the rest (`comment-id`, `comment-url`), whatever the batch. */
export const LATE_OUTPUTS_BYTES = 8_000;

/**
 * Mermaid refuses a diagram over `maxTextSize` characters (default 50,000) and shows an error instead; front-matter
 * config cannot raise it on GitHub. https://mermaid.js.org/config/schema-docs/config.html#maxtextsize
 */
export const MERMAID_MAX_CHARS = 50_000;

/**
 * GitHub shows at most 10 error, 10 warning and 10 notice annotations per step (50 per job); the rest are dropped
 * silently. actions/toolkit docs/problem-matchers.md, "Limitations".
 */
export const ANNOTATIONS_PER_KIND = 10;
/**
 * The runner cuts an annotation's message at 4,096 characters; we clip before it, with a note.
 * actions/runner src/Runner.Worker/ExecutionContext.cs, `_maxIssueMessageLength = 4096`.
 */
export const ANNOTATION_MAX_CHARS = 4_096;

/** GitHub's API refuses a comment body over 65,536 characters ("Body is too long (maximum is 65536 characters)"). */
export const COMMENT_MAX_CHARS = 65_536;

// ── Outputs ───────────────────────────────────────────────────────────────────────────────────────────────────────

/** What one output costs against {@link JOB_OUTPUTS_MAX_BYTES}, as GitHub counts it: name and value as UTF-16. */
export function outputBytes(name: string, value: string): number {
  return 2 * STRING_OVERHEAD_BYTES + 2 * (name.length + value.length);
}

/** Outputs fitted to a budget, and one warning per output that had to shrink. */
export interface FittedOutputs {
  outputs: Record<string, string>;
  warnings: string[];
}

/**
 * Fits `outputs` into `maxBytes` together (as {@link outputBytes} counts). Small outputs are kept whole; the budget
 * left is shared fairly among the big ones, each getting at least an equal share. An output named in `json` that
 * must shrink drops whole elements from its end (array items, object members), so it stays valid JSON; any other is
 * cut between characters.
 */
export function fitOutputs(
  outputs: Readonly<Record<string, string>>,
  json: ReadonlySet<string>,
  maxBytes: number,
): FittedOutputs {
  const names = Object.keys(outputs);
  const costs = names.map((name) => outputBytes(name, outputs[name]!));
  const allowances = shareFairly(costs, maxBytes);
  const fitted: Record<string, string> = {};
  const warnings: string[] = [];
  names.forEach((name, i) => {
    const value = outputs[name]!;
    if (costs[i]! <= allowances[i]!) {
      fitted[name] = value;
      return;
    }
    const maxChars = Math.max(0, Math.floor((allowances[i]! - outputBytes(name, '')) / 2));
    const shrunk = json.has(name) ? shrinkJson(value, maxChars) : null;
    if (shrunk) {
      fitted[name] = shrunk.text;
      warnings.push(
        `The ${name} output holds the first ${count(shrunk.kept)} of ${count(shrunk.total)} ${shrunk.unit} ` +
          "(whole ones, so it stays valid JSON): all of a job's outputs together are limited to 1 MB by GitHub. " +
          'The log lists every task and result.',
      );
    } else {
      fitted[name] = cutText(value, maxChars);
      warnings.push(
        `The ${name} output was cut to ${count(fitted[name].length)} of ${count(value.length)} characters: all of a ` +
          "job's outputs together are limited to 1 MB by GitHub. The log shows the start of it.",
      );
    }
  });
  return { outputs: fitted, warnings };
}

/**
 * Max-min fair shares of `total` for the given demands: every demand at or under an equal share of what is left is
 * met whole; the rest split what remains equally.
 */
function shareFairly(demands: readonly number[], total: number): number[] {
  const order = demands.map((demand, index) => ({ demand, index })).sort((a, b) => a.demand - b.demand);
  const shares = new Array<number>(demands.length).fill(0);
  let left = Math.max(0, total);
  order.forEach(({ demand, index }, i) => {
    const share = Math.min(demand, Math.floor(left / (order.length - i)));
    shares[index] = share;
    left -= share;
  });
  return shares;
}

/** A JSON array or object cut to its longest prefix of whole elements that fits `maxChars`, or null if not JSON. */
function shrinkJson(
  text: string,
  maxChars: number,
): { text: string; kept: number; total: number; unit: string } | null {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return null;
  }
  if (typeof value !== 'object' || value === null) return null;
  const isArray = Array.isArray(value);
  // Object.entries keeps a `__proto__` key as the data it is.
  const parts = isArray
    ? (value as unknown[]).map((item) => JSON.stringify(item))
    : Object.entries(value).map(([key, item]) => `${JSON.stringify(key)}:${JSON.stringify(item)}`);
  let used = 2;
  let kept = 0;
  for (const part of parts) {
    const next = used + part.length + (kept > 0 ? 1 : 0);
    if (next > maxChars) break;
    used = next;
    kept += 1;
  }
  const body = parts.slice(0, kept).join(',');
  return {
    text: isArray ? `[${body}]` : `{${body}}`,
    kept,
    total: parts.length,
    unit: isArray ? 'entries' : 'fields',
  };
}

/** `text` cut to `maxChars`, never between the halves of a surrogate pair. */
function cutText(text: string, maxChars: number): string {
  if (text.length <= maxChars) return text;
  const cut = text.slice(0, maxChars);
  return /[\ud800-\udbff]$/.test(cut) ? cut.slice(0, -1) : cut;
}

// ── The job summary ───────────────────────────────────────────────────────────────────────────────────────────────

/** One section of the job summary, for {@link fitSections}. */
export interface SummarySection {
  /** Shown whenever the section is (heading, table header). */
  head: string;
  /** The rows, in order; rendered lazily, so only about as many as fit are ever rendered. */
  rows: Iterable<string>;
  /** What stands for the rows left out when only the first `shown` fit ('' when nothing is left out). */
  more(shown: number): string;
}

/**
 * Renders `sections` within `maxBytes` (UTF-8) together. Heads and the longest "more" lines are counted first; the
 * rest is shared fairly (a section that needs little gets all it needs, the others split what is left equally), and
 * each section shows its first rows that fit, then its "more" line. Returns each section's text, in order.
 */
export function fitSections(maxBytes: number, sections: readonly SummarySection[]): string[] {
  // `more(0)` is the longest note a section can need: it names the most rows left out.
  const fixed = sections.reduce((sum, s) => sum + utf8Bytes(s.head) + utf8Bytes(s.more(0)), 0);
  const room = Math.max(0, maxBytes - fixed);
  // Each section's rows, rendered until they alone would overflow the room (bounded work whatever the batch).
  const rendered = sections.map((section) => {
    const rows: { text: string; bytes: number }[] = [];
    let bytes = 0;
    for (const text of section.rows) {
      const size = utf8Bytes(text);
      if (bytes + size > room) break;
      rows.push({ text, bytes: size });
      bytes += size;
    }
    return { rows, bytes };
  });
  const shares = shareFairly(
    rendered.map((r) => r.bytes),
    room,
  );
  return sections.map((section, i) => {
    let used = 0;
    let shown = 0;
    let text = section.head;
    for (const row of rendered[i]!.rows) {
      if (used + row.bytes > shares[i]!) break;
      text += row.text;
      used += row.bytes;
      shown += 1;
    }
    return text + section.more(shown);
  });
}

/** Bytes of `text` as UTF-8, which the runner's file size counts. */
export function utf8Bytes(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

// ── Annotations and the failure message ───────────────────────────────────────────────────────────────────────────

/** The annotation kinds a step writes (the error is the one failure message). */
type AnnotationKind = 'warning' | 'notice';

/** The last annotation of a kind: it folds the ones not shown. */
const FOLD_SLOTS = 1;
/** Kept for the step's own end-of-run warnings (outputs that had to shrink), however many came before. */
const PRIORITY_SLOTS = 1;

/**
 * Decides which warnings and notices are shown as annotations: the first ones of each kind, with one slot kept for
 * priority ones and one for the annotation that folds the rest ({@link AnnotationBudget.folded}); the others belong
 * in the log only.
 */
export class AnnotationBudget {
  readonly #shown: Record<AnnotationKind, number> = { warning: 0, notice: 0 };
  readonly #folded: Record<AnnotationKind, number> = { warning: 0, notice: 0 };

  /** True when this annotation may be shown as one; false when it belongs in the log and the folded count. */
  admit(kind: AnnotationKind, priority = false): boolean {
    const limit = ANNOTATIONS_PER_KIND - FOLD_SLOTS - (priority ? 0 : PRIORITY_SLOTS);
    if (this.#shown[kind] < limit) {
      this.#shown[kind] += 1;
      return true;
    }
    this.#folded[kind] += 1;
    return false;
  }

  /** The annotations that fold the ones not shown, one per kind (none when everything was shown). */
  folded(): { kind: AnnotationKind; message: string }[] {
    return (['warning', 'notice'] as const).flatMap((kind) => {
      const left = this.#folded[kind];
      if (left === 0) return [];
      return [
        {
          kind,
          message:
            `… and ${count(left)} more ${kind}${left === 1 ? '' : 's'}; see the log (GitHub shows ` +
            `${ANNOTATIONS_PER_KIND} ${kind}s per step).`,
        },
      ];
    });
  }
}

/**
 * The failure message's lines within `maxChars`: the first ones that fit, then "… and N more problems; see the log".
 * Every line is kept whole (a line longer than the budget alone is clipped by the log).
 */
export function foldLines(lines: readonly string[], maxChars: number = ANNOTATION_MAX_CHARS): string {
  const all = lines.join('\n');
  if (all.length <= maxChars) return all;
  const note = (left: number): string =>
    `… and ${count(left)} more ${left === 1 ? 'problem' : 'problems'}; see the log.`;
  const room = maxChars - note(lines.length).length - 1;
  const kept: string[] = [];
  let used = 0;
  for (const line of lines) {
    const next = used + line.length + (kept.length > 0 ? 1 : 0);
    if (next > room) break;
    kept.push(line);
    used = next;
  }
  // The first problem always, even when it alone is too long: the log clips it.
  if (kept.length === 0) kept.push(lines[0]!);
  const left = lines.length - kept.length;
  return left === 0 ? kept.join('\n') : `${kept.join('\n')}\n${note(left)}`;
}

/** `1234` → `1,234`. */
function count(n: number): string {
  return n.toLocaleString('en-US');
}
