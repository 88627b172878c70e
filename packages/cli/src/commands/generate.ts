/**
 * `kie-task generate --model <m> --input <json|yaml | @file | ->`: create one market task, then wait for it exactly as
 * `wait` does (progress, --json, --download, --timeout, exit codes). A create is never sent twice when it may have
 * reached kie.ai: that failure is an API error (exit 4) whose message says when it was sent and where to check.
 */
import { readFile } from 'node:fs/promises';
import { CreateOutcomeUnknownError } from '@kie-task/core';
import { ExitCode } from '../exit-codes.js';
import { connect, printError, UsageError, type CommandContext } from './context.js';
import { runWait, type WaitFlags } from './wait.js';

/** Flags of `generate`: those of `wait`, plus what to create. */
export interface GenerateFlags extends WaitFlags {
  model: string;
  /** JSON text, `@file` (a JSON file) or `-` (JSON on stdin). */
  input: string;
  callbackUrl?: string;
}

/** Creates the task, then waits for it. */
export async function runGenerate(flags: GenerateFlags, ctx: CommandContext): Promise<number> {
  const input = await readInput(flags.input, ctx);
  const { client } = connect(ctx, flags);
  const startedAt = Date.now();
  let taskId: string;
  try {
    taskId = await client.createTask(
      {
        model: flags.model,
        input,
        ...(flags.callbackUrl === undefined ? {} : { callBackUrl: flags.callbackUrl }),
      },
      {
        ...(ctx.io.signal ? { signal: ctx.io.signal } : {}),
        onRetry: ({ error }) => {
          if (!flags.quiet)
            printError(ctx, `${error.message}; sending the create again (nothing was created)`);
        },
      },
    );
  } catch (error) {
    if (error instanceof TypeError) throw new UsageError(error.message.replace(/^createTask: /, ''));
    if (error instanceof Error && error.name === 'AbortError') {
      printError(ctx, 'interrupted before the createTask request was sent: nothing was created');
      return ExitCode.Interrupted;
    }
    printError(ctx, error instanceof Error ? error.message : String(error));
    const interrupted = error instanceof CreateOutcomeUnknownError && isAbort(error.cause);
    return interrupted ? ExitCode.Interrupted : ExitCode.ApiError;
  }
  if (!flags.quiet && !flags.json) printError(ctx, `created task ${taskId}`);
  else if (!flags.quiet) ctx.io.stderr.write(`created task ${taskId}\n`);
  // One deadline: the wait gets what the create left of --timeout.
  const timeout = Math.max(1, flags.timeout - (Date.now() - startedAt));
  return runWait([taskId], { ...flags, timeout }, ctx);
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && error.name === 'AbortError';
}

/** The model's input: a mapping in JSON or YAML, from the flag, a file (`@path`) or stdin (`-`). */
async function readInput(value: string, ctx: CommandContext): Promise<Record<string, unknown>> {
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
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    // YAML, as the Action's `input` takes it; the parser is loaded only for input that is not JSON.
    const { parse } = await import('yaml');
    try {
      parsed = parse(text);
    } catch (error) {
      const reason = (error as Error).message.replace(/\s*\n[\s\S]*$/, '');
      throw new UsageError(`--input (${from}) is neither JSON nor YAML: ${reason}`);
    }
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(
      `--input (${from}) must be a mapping of the model's fields, in JSON ('{"prompt":"a cat"}') or YAML ` +
        `('prompt: a cat'); got ${Array.isArray(parsed) ? 'a list' : parsed === null ? 'nothing' : `a ${typeof parsed}`}.`,
    );
  }
  return parsed as Record<string, unknown>;
}

async function readStdin(ctx: CommandContext): Promise<string> {
  const stdin = ctx.io.stdin ?? process.stdin;
  const chunks: string[] = [];
  for await (const chunk of stdin)
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
  return chunks.join('');
}
