/**
 * @kie-task/cli — the `kie-task` command (wait for kie.ai tasks from a terminal) and, as a library, its entry
 * point and the result downloader (also at `@kie-task/cli/download`).
 * @packageDocumentation
 */
export { cliVersion, main } from './cli.js';
export type { CliEnv, CliIo } from './cli.js';
export { ExitCode, exitCodeForError, exitCodeForResult, mostSevere } from './exit-codes.js';
export { parseDuration } from './duration.js';
export { cleanLine, cleanText } from './sanitize.js';
export type { OutputStream } from './progress/types.js';
export * from './download/index.js';
