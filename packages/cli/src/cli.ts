/** The command line: builds the commander program and runs it with injected streams, environment and signal. */
import { readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { runCredits } from './commands/credits.js';
import {
  FAMILY_CHOICES,
  UsageError,
  printError,
  type CliEnv,
  type CliIo,
  type CommandContext,
  redactingIo,
} from './commands/context.js';
import { runStatus } from './commands/status.js';
import { runGenerate } from './commands/generate.js';
import { runWait } from './commands/wait.js';
import { parseSize } from '@kie-task/node-io/download';
import { parseDurationOrThrow } from './duration.js';
import { ExitCode } from './exit-codes.js';
import { CREATABLE_FAMILY_NAMES } from '@kie-task/core';
import { DURATION_FORMS, Redactor, describeControlCharacter, familyProblem } from '@kie-task/core/internal';

export type { CliEnv, CliIo } from './commands/context.js';

const HELP_FOOTER = `
Environment:
  KIE_API_KEY   your kie.ai API key (https://kie.ai/api-key); required
  KIE_BASE_URL  API origin (default https://api.kie.ai); https only, except localhost

Durations: ${DURATION_FORMS}.

Exit codes:
  0    every task succeeded (status: the task has not failed)
  1    a task failed
  2    usage error: unknown flag, bad duration/family/size, missing KIE_API_KEY
  3    timed out before a task finished
  4    API, authentication, network or download error
  130  interrupted (Ctrl-C, SIGTERM)
  With several tasks the most severe wins, in the order 2, 130, 4, 1, 3.`;

/** The package version, from package.json (one level above both src/ and dist/). */
export function cliVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as {
    version?: unknown;
  };
  return typeof pkg.version === 'string' ? pkg.version : '0.0.0';
}

/**
 * Runs the CLI in-process and resolves with the exit code; never calls `process.exit`.
 * @param argv arguments after the program name, e.g. `['wait', 'task_1', '--json']`
 */
export async function main(
  argv: readonly string[],
  env: CliEnv = process.env,
  io: CliIo = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const redactor = new Redactor();
  const ctx: CommandContext = {
    io: redactingIo(io, redactor),
    redactor,
    env,
    version: cliVersion(),
    hideCursor: io.stderr === process.stderr,
  };
  let exitCode: number = ExitCode.Ok;
  const program = buildProgram(ctx, (code) => {
    exitCode = code;
  });
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    // --help and --version end with exit code 0; every other commander error is a usage error.
    if (error instanceof CommanderError) return error.exitCode === 0 ? ExitCode.Ok : ExitCode.Usage;
    if (error instanceof UsageError) {
      printError(ctx, usageMessage(error.message));
      return ExitCode.Usage;
    }
    printError(ctx, `unexpected error: ${error instanceof Error ? error.message : String(error)}`);
    return ExitCode.ApiError;
  }
}

/** A usage error's message, and where to read the usage. */
function usageMessage(message: string): string {
  return `${message}\n(run "kie-task --help" for usage)`;
}

/** Builds a fresh commander program (commander keeps parse state, so one per run). */
function buildProgram(ctx: CommandContext, setExitCode: (code: number) => void): Command {
  const program = new Command('kie-task')
    .description('Wait for kie.ai tasks, print their results, and download them before the links expire.')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => void ctx.io.stdout.write(text),
      writeErr: (text) => void ctx.io.stderr.write(text),
      // Commander's own errors (unknown flag, bad value, missing argument) in the one style of every error.
      outputError: (text) => printError(ctx, usageMessage(text.replace(/^error: /, '').trim())),
    })
    .configureHelp({ showGlobalOptions: true })
    .showSuggestionAfterError(true)
    .version(ctx.version, '-V, --version', 'print the version')
    .helpOption('-h, --help', 'show help')
    .option(
      '--api-key <key>',
      'kie.ai API key. Discouraged: a flag ends up in shell history and process lists; set KIE_API_KEY instead',
    )
    .option('--base-url <url>', 'API origin (default: $KIE_BASE_URL or https://api.kie.ai)')
    .addHelpText('after', HELP_FOOTER);

  const family = (): Option =>
    new Option('--family <name>', `task family: ${FAMILY_CHOICES.join(', ')}`)
      .default('market')
      .argParser(parseFamily);

  program
    .command('status')
    .description("Show a task's current state once, without waiting.")
    .argument('<taskId>', 'the task ID returned by createTask')
    .option('--json', 'print one TaskSummary JSON object on stdout, nothing else')
    .addOption(family())
    .addHelpText('after', HELP_FOOTER)
    .action(async (taskId: string, _options: unknown, command: Command) => {
      setExitCode(await runStatus(taskId, command.optsWithGlobals(), ctx));
    });

  const waitOptions = (command: Command): Command =>
    command
      .addOption(
        new Option('--timeout <duration>', 'give up after this long')
          .default(30 * 60_000, '30m')
          .argParser(durationArg),
      )
      .addOption(
        new Option(
          '--interval <auto|duration>',
          "time between polls; 'auto' follows kie.ai's guidance (2-3s, then slower)",
        )
          .default('auto' as const)
          .argParser(intervalArg),
      )
      .option('--json', 'print one JSON array of TaskSummary objects on stdout, nothing else')
      .option('-q, --quiet', 'no progress output')
      .option(
        '--download <dir>',
        'download every result of the successful tasks into <dir> as <taskId>-<n>.<ext>',
      )
      .addOption(
        new Option('--max-download-size <size>', 'size cap per file: 500MB, 1.5GB, 200kB, or bytes')
          .default(500 * 1e6, '500MB')
          .argParser(sizeArg),
      )
      .addOption(
        new Option('--download-timeout <duration>', 'time allowed for all downloads together')
          .default(10 * 60_000, '10m')
          .argParser(durationArg),
      );

  waitOptions(
    program
      .command('generate')
      .description(
        'Create market tasks (--model), or tasks of another family (--family veo, …), and wait for them, as wait does. A list of inputs creates one task each. A create that may have reached kie.ai is never sent again (exit 4, with the time and where to check).',
      )
      .option('--model <model>', 'market model ID, e.g. google/imagen4-fast (market only)')
      .requiredOption(
        '--input <json|yaml|@file|->',
        "market: the model's input; other families: their whole request body. JSON or YAML (like the Action's input): inline, @file, or - for stdin; a list creates one task each",
      )
      .addOption(
        new Option(
          '--callback-url <url>',
          "kie.ai's callBackUrl: it POSTs each finished task there (Suno requires one)",
        ).argParser(callbackUrlArg),
      ),
  )
    .addOption(
      new Option('--family <name>', `the family to create in: ${CREATABLE_FAMILY_NAMES.join(', ')}`)
        .default('market')
        .choices([...CREATABLE_FAMILY_NAMES]),
    )
    .addHelpText('after', HELP_FOOTER)
    .action(async (_options: unknown, command: Command) => {
      setExitCode(await runGenerate(command.optsWithGlobals(), ctx));
    });

  // The same timing, output and download flags as generate; only wait polls many tasks, so only it takes a rate.
  waitOptions(
    program
      .command('wait')
      .description(
        'Wait until every task succeeds or fails. Prints result URLs (or, with --download, the saved files) on stdout; progress goes to stderr.',
      )
      .argument('<taskId...>', 'one or more task IDs'),
  )
    .addOption(
      new Option(
        '--max-requests-per-second <n>',
        "ceiling on status requests per second (default: adapts to kie.ai's limit)",
      ).argParser(rateArg),
    )
    .addOption(family())
    .addHelpText('after', HELP_FOOTER)
    .action(async (taskIds: string[], _options: unknown, command: Command) => {
      setExitCode(await runWait(taskIds, command.optsWithGlobals(), ctx));
    });

  program
    .command('credits')
    .description('Show the remaining credits of the account (a quick check of the API key).')
    .option('--json', 'print {"credits": n} on stdout, nothing else')
    .addHelpText('after', HELP_FOOTER)
    .action(async (_options: unknown, command: Command) => {
      setExitCode(await runCredits(command.optsWithGlobals(), ctx));
    });

  return program;
}

function durationArg(value: string): number {
  try {
    return parseDurationOrThrow(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

// Checked on the raw text: `new URL` would silently strip a tab or a line break pasted into the URL.
function callbackUrlArg(value: string): string {
  const control = describeControlCharacter(value);
  if (control) throw new InvalidArgumentError(`it contains ${control}; pass the URL on one line.`);
  return value;
}

function intervalArg(value: string): 'auto' | number {
  if (value.trim().toLowerCase() === 'auto') return 'auto';
  return durationArg(value);
}

function rateArg(value: string): number {
  const rate = /^(\d+(\.\d+)?|\.\d+)$/.test(value.trim()) ? Number(value) : NaN;
  if (!(rate > 0)) {
    throw new InvalidArgumentError(
      `Invalid rate "${value}": use a positive number of requests per second, such as 2 or 0.5 (several processes ` +
        "sharing one API key: divide its budget by their number), or leave the flag out to adapt to kie.ai's limit.",
    );
  }
  return rate;
}

function sizeArg(value: string): number {
  try {
    return parseSize(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function parseFamily(value: string): string {
  const name = value.trim();
  const problem = familyProblem(name);
  if (problem) throw new InvalidArgumentError(`Unknown family "${name}": ${problem}.`);
  return name;
}
