/**
 * Keeps @actions/cache's own output out of the log. It writes straight to stdout through its own @actions/core calls
 * and child processes (`[command]/usr/bin/tar …`, upload progress, "Failed to save: … another job may be creating
 * this cache", warnings and errors that would become annotations), past our log layer. Whatever is written while
 * one of its calls is running — followed through timers, sockets and child processes by AsyncLocalStorage — is
 * taken off stdout: `::add-mask::` lines still reach the runner (they hide the signed URLs), the rest goes to our
 * debug log, neutralised. Everything else the step writes meanwhile passes untouched.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Logger } from '../log.js';

/** One call's listener: where its lines go, and the warnings and errors it printed (its only sign of failure). */
interface Listener {
  logger: Logger;
  problems: string[];
}

const library = new AsyncLocalStorage<Listener>();
let installed = false;

/** What a quiet call came to. */
export interface QuietResult<T> {
  value: T;
  /** The warnings and errors it printed: a restore that "missed" with one of these in fact failed. */
  problems: string[];
}

/** Runs `work` (a call into @actions/cache) with its stdout diverted to `logger.debug`. */
export async function quietly<T>(logger: Logger, work: () => Promise<T>): Promise<QuietResult<T>> {
  install();
  const listener: Listener = { logger, problems: [] };
  const value = await library.run(listener, work);
  return { value, problems: listener.problems };
}

// Installed once and never removed: a call given up on (the deadline) may still write long after.
function install(): void {
  if (installed) return;
  installed = true;
  const stdout = process.stdout;
  const write = stdout.write.bind(stdout) as (chunk: unknown, ...rest: unknown[]) => boolean;
  let pending = '';
  stdout.write = (chunk: unknown, ...rest: unknown[]): boolean => {
    const listener = library.getStore();
    if (!listener) return write(chunk, ...rest);
    pending += typeof chunk === 'string' ? chunk : Buffer.from(chunk as Uint8Array).toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop() ?? '';
    for (const line of lines.map((l) => l.replace(/\r$/, ''))) {
      if (line.startsWith('::add-mask::')) {
        write(`${line}\n`);
        continue;
      }
      if (/^::(warning|error)[ :]/.test(line)) listener.problems.push(line);
      // Outside the library's context, or our own debug line would come back here.
      if (line !== '')
        library.exit(() => listener.logger.debug(`@actions/cache: ${line.replace(/^::debug::/, '')}`));
    }
    const callback = rest.find((arg) => typeof arg === 'function') as (() => void) | undefined;
    if (callback) queueMicrotask(callback);
    return true;
  };
}
