/**
 * Ending the process when the work is done (`@kie-task/node-io/exit`): the Action and the CLI exit with their
 * result as soon as their output is written, whatever a library left open — a proxy's CONNECT never answered, an
 * HTTP client's keep-alive socket, a retry timer. Waiting for the event loop to drain could take minutes, or forever.
 */

/** How long a stream that does not drain (a pipe nobody reads) may delay the exit. */
const FLUSH_LIMIT_MS = 1_000;

/**
 * Exits with `code` (default: `process.exitCode`) once stdout and stderr have flushed what was written, or after
 * {@link FLUSH_LIMIT_MS} if they do not.
 */
export async function exitWhenFlushed(code?: number): Promise<never> {
  const flushed = (stream: NodeJS.WriteStream): Promise<void> =>
    new Promise((resolve) => stream.write('', () => resolve()));
  await Promise.race([
    Promise.all([flushed(process.stdout), flushed(process.stderr)]),
    new Promise((resolve) => setTimeout(resolve, FLUSH_LIMIT_MS).unref()),
  ]);
  // Not process.exit(undefined): Node 20 exits 0 then, ignoring process.exitCode.
  return code === undefined ? process.exit() : process.exit(code);
}
