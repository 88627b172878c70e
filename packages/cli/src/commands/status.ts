/** `kie-task status <taskId>`: one query, no waiting. */
import {
  formatMs,
  promptOf,
  settleOutcome,
  summarizeOutcome,
  summarizeRecord,
  type TaskSummary,
} from '@kie-task/core/internal';
import { ExitCode, exitCodeForError } from '../exit-codes.js';
import { cleanLine } from '../terminal-text.js';
import { connect, printError, printJson, type CommandContext, type GlobalFlags } from './context.js';

/** Flags of `status`. */
export interface StatusFlags extends GlobalFlags {
  json?: boolean;
  family: string;
}

/**
 * Prints one task's state. Exit 0 when the query worked and the task has not failed (pending counts), 1 when it
 * failed, 4 for API errors, 130 when interrupted.
 */
export async function runStatus(taskId: string, flags: StatusFlags, ctx: CommandContext): Promise<number> {
  const { client } = connect(ctx, flags, { oneShot: true });
  try {
    const record = await client.getTask(taskId, {
      family: flags.family,
      ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
    });
    const summary = summarizeRecord(record);
    if (flags.json) printJson(ctx, summary);
    else ctx.io.stdout.write(statusText(summary, promptOf(record)));
    return record.status === 'failed' ? ExitCode.TaskFailed : ExitCode.Ok;
  } catch (error) {
    const code = exitCodeForError(error);
    if (!(error instanceof Error)) throw error;
    if (flags.json) {
      const outcome = settleOutcome({ taskId, attempts: 1, waitedMs: 0, record: null, error });
      printJson(ctx, summarizeOutcome(outcome, flags.family));
    }
    printError(ctx, code === ExitCode.Interrupted ? 'interrupted' : error.message);
    return code;
  }
}

function statusText(summary: TaskSummary, prompt: string | null): string {
  const rows: [string, string | number | null][] = [
    ['task', summary.taskId],
    ['family', summary.family],
    ['model', summary.model],
    ['state', summary.rawState !== summary.state ? `${summary.state} (${summary.rawState})` : summary.state],
    ['created', summary.createTime],
    ['completed', summary.completeTime],
    ['duration', summary.durationMs === null ? null : formatMs(summary.durationMs)],
    ['progress', summary.progress === null ? null : `${Math.round(summary.progress)}%`],
    ['credits', summary.creditsConsumed === null ? null : String(summary.creditsConsumed)],
    ['prompt', prompt],
    ['failCode', summary.failCode],
    ['failMsg', summary.failMsg],
    ...summary.resultUrls.map((url): [string, string] => ['result', url]),
  ];
  return rows
    .filter(([, value]) => value !== null && value !== '')
    .map(([key, value]) => `${key.padEnd(10)}${cleanLine(value, key === 'prompt' ? 300 : Infinity)}\n`)
    .join('');
}
