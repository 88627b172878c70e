/**
 * `kie-task generate --model <m> --input <json|yaml|@file|->` creates market tasks; `--family veo --input …` creates
 * in that family, the input being its whole request body. A mapping is one task, a list one task each, created in
 * order through the client's create window; then they are waited for exactly as `wait` does (progress, --json,
 * --download, --timeout, exit codes). A create is never sent twice when it may have reached kie.ai: that failure is
 * an API error (exit 4) whose message says when it was sent and where to check; tasks created before it are still
 * waited for, and the rest are not sent.
 */
import { readFile } from 'node:fs/promises';
import { CREATABLE_FAMILY_NAMES, CreateOutcomeUnknownError, type CreateTaskRequest } from '@kie-task/core';
import { inputNeedsYaml, parseTaskInputs, TaskInputError } from '@kie-task/core/internal';
import { ExitCode, mostSevere } from '../exit-codes.js';
import { connect, printError, UsageError, type CommandContext } from './context.js';
import { runWait, type WaitFlags } from './wait.js';

/** Flags of `generate`: those of `wait`, plus what to create. */
export interface GenerateFlags extends WaitFlags {
  /** Market only. */
  model?: string;
  /** JSON or YAML text, `@file` or `-` (stdin): a mapping, or a list of mappings. */
  input: string;
  callbackUrl?: string;
}

/** Creates the tasks, then waits for those created. */
export async function runGenerate(flags: GenerateFlags, ctx: CommandContext): Promise<number> {
  const family = flags.family ?? 'market';
  checkModel(family, flags.model);
  const inputs = await readInputs(flags.input, ctx);
  const { client } = connect(ctx, flags);
  const startedAt = Date.now();
  const taskIds: string[] = [];
  const which = (i: number): string =>
    inputs.length === 1 ? 'the task' : `task ${i + 1} of ${inputs.length}`;
  let failure: number | null = null;
  for (const [i, input] of inputs.entries()) {
    const request: CreateTaskRequest =
      family === 'market'
        ? { model: flags.model, input, callBackUrl: flags.callbackUrl }
        : { family, input, callBackUrl: flags.callbackUrl };
    try {
      taskIds.push(
        await client.createTask(request, {
          ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
          onRetry: ({ error }) => {
            if (!flags.quiet)
              printError(ctx, `${error.message}; sending the create again (nothing was created)`);
          },
        }),
      );
    } catch (error) {
      if (error instanceof TypeError) throw new UsageError(error.message.replace(/^createTask: /, ''));
      failure = reportCreateFailure(
        error,
        ctx,
        inputs.length === 1 ? null : { which: which(i), taskIds, left: inputs.length - i - 1 },
      );
      break;
    }
    const created = `created ${which(i)} ${taskIds[taskIds.length - 1]!}`.replace(
      'created the task',
      'created task',
    );
    if (!flags.quiet && !flags.json) printError(ctx, created);
    else if (!flags.quiet) ctx.io.stderr.write(`${created}\n`);
  }
  if (taskIds.length === 0) return failure ?? ExitCode.ApiError;
  // One deadline: the wait gets what the creates left of --timeout.
  const timeout = Math.max(1, flags.timeout - (Date.now() - startedAt));
  const waited = await runWait(taskIds, { ...flags, family, timeout }, ctx);
  return failure === null ? waited : mostSevere([failure, waited]);
}

/** `--model` is market's; the other families carry their model inside the input. @throws {UsageError} */
function checkModel(family: string, model: string | undefined): void {
  if (family === 'market' && (model === undefined || model === '')) {
    throw new UsageError(
      `--model is required for market tasks (e.g. --model google/imagen4-fast). To create in another family, ` +
        `pass --family (${CREATABLE_FAMILY_NAMES.filter((name) => name !== 'market').join(', ')}) and its request body as --input.`,
    );
  }
  if (family !== 'market' && model !== undefined) {
    throw new UsageError(
      `--model is for market models (jobs/createTask), not --family ${family}: leave --model out and pass the ` +
        `family's whole request body as --input, with its model inside when it has one, e.g. --input '{"prompt":"…","model":"…"}'.`,
    );
  }
}

/** Prints why a create failed (and, in a list, what was created before it and what was not sent); its exit code. */
function reportCreateFailure(
  error: unknown,
  ctx: CommandContext,
  list: { which: string; taskIds: string[]; left: number } | null,
): number {
  if (error instanceof Error && error.name === 'AbortError') {
    printError(ctx, 'interrupted before the create request was sent: nothing was created');
    return ExitCode.Interrupted;
  }
  const message = error instanceof Error ? error.message : String(error);
  const rest =
    list === null
      ? ''
      : ` (creating ${list.which}; created before it: ${list.taskIds.length === 0 ? 'none' : list.taskIds.join(', ')}` +
        `${list.left > 0 ? `; not sent: ${list.left}` : ''})`;
  printError(ctx, `${message}${rest}`);
  const interrupted = error instanceof CreateOutcomeUnknownError && isAbort(error.cause);
  return interrupted ? ExitCode.Interrupted : ExitCode.ApiError;
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The create input: JSON or YAML, one mapping or a list, from the flag, a file (`@path`) or stdin (`-`). */
async function readInputs(value: string, ctx: CommandContext): Promise<Record<string, unknown>[]> {
  let text: string;
  let from: string;
  if (value === '-') {
    from = 'stdin';
    text = await readStdin(ctx);
  } else if (value.startsWith('@')) {
    from = value.slice(1);
    try {
      text = await readFile(from, 'utf8');
    } catch (error) {
      throw new UsageError(
        `--input ${value}: cannot read the file (${(error as NodeJS.ErrnoException).code ?? 'error'}).`,
      );
    }
  } else {
    from = 'the flag';
    text = value;
  }
  if (text.trim() === '')
    throw new UsageError(`--input (${from}) is empty: give a mapping such as '{"prompt":"a cat"}'.`);
  // The YAML parser is loaded only for input that is not JSON.
  const parseYaml = inputNeedsYaml(text) ? (await import('yaml')).parse : undefined;
  try {
    return parseTaskInputs(text, parseYaml);
  } catch (error) {
    if (error instanceof TaskInputError) throw new UsageError(`--input (${from}): ${error.message}`);
    throw error;
  }
}

async function readStdin(ctx: CommandContext): Promise<string> {
  const stdin = ctx.io.stdin ?? process.stdin;
  const chunks: string[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return chunks.join('');
}
