/** Where the step runs, for the re-run memory: read by main.ts (the memory itself is loaded only when creating). */

/** Where the step runs, from the runner's variables. */
export interface RerunSite {
  /** `GITHUB_RUN_ID`: entries never cross runs. */
  runId: string;
  /** `GITHUB_RUN_ATTEMPT`: 1 for the first run, 2, 3, … for re-runs. */
  attempt: number;
  /** `GITHUB_JOB`: the job's id. */
  job: string;
  /** `GITHUB_ACTION`: the step's id (or the runner's name for a step without one). */
  step: string;
  /** `RUNNER_TEMP`: the entry's file lives here (save and restore must name the same absolute path). */
  tempDir: string;
  /** `ACTIONS_CACHE_MODE`: `read` or `none` (e.g. a fork's pull request) means nothing can be saved. */
  cacheMode: string;
}

/** The runner's variables, or null outside a runner (nothing to remember across attempts there). */
export function readRerunSite(env: Record<string, string | undefined>): RerunSite | null {
  const runId = env['GITHUB_RUN_ID'] ?? '';
  const attempt = Number(env['GITHUB_RUN_ATTEMPT'] ?? '');
  const tempDir = env['RUNNER_TEMP'] ?? '';
  if (runId === '' || !Number.isSafeInteger(attempt) || attempt < 1 || tempDir === '') return null;
  return {
    runId,
    attempt,
    job: env['GITHUB_JOB'] ?? '',
    step: env['GITHUB_ACTION'] ?? '',
    tempDir,
    cacheMode: env['ACTIONS_CACHE_MODE'] ?? '',
  };
}
