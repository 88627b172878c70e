/** What every command gets: the streams, the environment, the interrupt signal, and how to build a client. */
import { FAMILY_NAMES } from '@kie-task/core';
import { apiKeyProblem, checkBaseUrl, type Redactor } from '@kie-task/core/internal';
import { connect as connectTo, type Connection } from '@kie-task/node-io/wait-session';
import type { OutputStream } from '../progress/types.js';
import { cleanText, safeJson } from '../terminal-text.js';

/** Environment variables, as in `process.env`. */
export type CliEnv = Readonly<Record<string, string | undefined>>;

/** The process's streams and signals, injected so `main` runs in-process in tests. */
export interface CliIo {
  stdout: OutputStream;
  stderr: OutputStream;
  /** Aborts the running command (the bin wires SIGINT/SIGTERM to it); the command then exits 130. */
  signal?: AbortSignal;
  /** A fetch implementation for API calls and downloads (e.g. proxy-aware). Default: the global `fetch`. */
  fetch?: typeof fetch;
  /** Where `generate --input -` reads from. Default: `process.stdin`. */
  stdin?: AsyncIterable<string | Uint8Array>;
}

/** Shared by every command. */
export interface CommandContext {
  /** Streams that remove the key (and its encoded forms) from everything written. */
  io: CliIo;
  /** The secrets the command knows (the API key, once `connect` read it). */
  redactor: Redactor;
  env: CliEnv;
  version: string;
  /** Hide the terminal cursor during live progress (only when drawing on the real stderr). */
  hideCursor: boolean;
}

/** Global flags. */
export interface GlobalFlags {
  apiKey?: string;
  baseUrl?: string;
}

/** A problem with how the command was called: exit code 2, with the message and a pointer to --help. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/**
 * How a one-shot command (`status`, `credits`) asks: a connection that cannot be made (refused, unknown host) is
 * reported within seconds, after two quick retries, instead of the ~90 s of backoff a wait rides out.
 */
const ONE_SHOT = { retry: { maxRetries: 2, baseDelayMs: 250, maxDelayMs: 1_000 }, requestTimeoutMs: 10_000 };

/**
 * Builds the client: key from `--api-key` or `KIE_API_KEY`, base URL from `--base-url`, `KIE_BASE_URL` or the default.
 * `oneShot` for commands that ask once: they fail fast, where waiting retries.
 * @throws {UsageError} for a missing or malformed key or base URL
 */
export function connect(
  ctx: CommandContext,
  flags: GlobalFlags,
  options: { oneShot?: boolean } = {},
): Connection {
  const apiKey = (flags.apiKey ?? ctx.env['KIE_API_KEY'] ?? '').trim();
  if (apiKey === '') {
    throw new UsageError(
      'No API key. Set the KIE_API_KEY environment variable to your kie.ai API key (https://kie.ai/api-key).',
    );
  }
  // Before any request: whatever kie.ai echoes, the key never reaches the terminal.
  ctx.redactor.add(apiKey);
  // Messages name where the value came from, as the user set it: the flag or the environment variable.
  const keySource = flags.apiKey !== undefined ? '--api-key' : 'KIE_API_KEY';
  const urlSource =
    flags.baseUrl !== undefined ? '--base-url' : ctx.env['KIE_BASE_URL'] ? 'KIE_BASE_URL' : 'the default';
  let baseUrl: string;
  try {
    baseUrl = checkBaseUrl(flags.baseUrl ?? (ctx.env['KIE_BASE_URL'] || 'https://api.kie.ai'));
  } catch (error) {
    throw new UsageError(`${urlSource}: ${(error as Error).message}`);
  }
  // The client's own check, asked before building it so the message names the key rather than the client.
  const problem = apiKeyProblem(apiKey);
  if (problem) throw new UsageError(`${keySource}: the API key ${problem}`);
  return connectTo({
    apiKey,
    baseUrl,
    userAgent: `kie-task-cli/${ctx.version}`,
    fetch: ctx.io.fetch,
    ...(options.oneShot ? ONE_SHOT : {}),
  });
}

/** The `--family` values, for the help text (the check is core's `familyProblem`). */
export const FAMILY_CHOICES: readonly string[] = ['auto', ...FAMILY_NAMES];

/** Writes `kie-task: <message>` to stderr, with API text cleaned of control characters. */
export function printError(ctx: CommandContext, message: string): void {
  ctx.io.stderr.write(`kie-task: ${cleanText(message)}\n`);
}

/** One JSON document on stdout, and nothing else: secrets removed from the raw values, dangerous characters escaped. */
export function printJson(ctx: CommandContext, value: unknown): void {
  ctx.io.stdout.write(`${safeJson(ctx.redactor.redactDeep(value))}\n`);
}

/** Streams whose every write has the redactor's secrets removed: the last line of defence, after the raw values. */
export function redactingIo(io: CliIo, redactor: Redactor): CliIo {
  const wrap = (stream: OutputStream): OutputStream => ({
    write: (chunk: string) => stream.write(redactor.redact(String(chunk))),
    get isTTY() {
      return stream.isTTY;
    },
    get columns() {
      return stream.columns;
    },
    get rows() {
      return stream.rows;
    },
  });
  return { ...io, stdout: wrap(io.stdout), stderr: wrap(io.stderr) };
}
