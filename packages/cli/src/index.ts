/**
 * @kie-task/cli — the `kie-task` command (wait for kie.ai tasks from a terminal) and, as a library, its entry
 * point, exit codes and text cleaning. The result downloader lives in `@kie-task/node-io`.
 * @packageDocumentation
 */
export { cliVersion, main } from './cli.js';
export type { CliEnv, CliIo } from './cli.js';
export { ExitCode, exitCodeForError, exitCodeForOutcome, mostSevere } from './exit-codes.js';
export { parseDurationOrThrow } from './duration.js';
export { cleanLine, cleanText } from './terminal-text.js';
export type { OutputStream } from './progress/types.js';
