/** Cancelling the run: SIGINT/SIGTERM (what the runner sends when a run is cancelled) abort the wait at once. */

/** The abort reason when the process received a signal. */
export class CancelledError extends Error {
  override readonly name = 'CancelledError';
  readonly signalName: string;

  constructor(signalName: string) {
    super(`the run was cancelled (${signalName})`);
    this.signalName = signalName;
  }
}

/** Aborts `controller` with a CancelledError on the first SIGINT or SIGTERM; returns a function removing the handlers. */
export function abortOnSignals(
  controller: AbortController,
  target: Pick<NodeJS.Process, 'once' | 'removeListener'> = process,
  names: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
): () => void {
  const handlers = names.map((name) => {
    const handler = (): void => controller.abort(new CancelledError(name));
    target.once(name, handler);
    return [name, handler] as const;
  });
  return () => handlers.forEach(([name, handler]) => target.removeListener(name, handler));
}
