/**
 * Entry point of the bundle the runner executes: read inputs, run, write outputs and the summary, fail if needed,
 * and exit. The only module that reads inputs, writes outputs and touches process; one catch fails the step.
 * The step's `timeout` and SIGINT/SIGTERM become one deadline here, once (node-io's `startDeadline`): the wait, the
 * downloads, the proxy and the comment all end with it.
 */
import * as core from '@actions/core';
import { startDeadline, type Deadline } from '@kie-task/node-io/deadline';
import { exitWhenFlushed } from '@kie-task/node-io/exit';
import { describeProxy, proxyAwareFetch, proxySettings } from '@kie-task/node-io/proxy';
import { JOB_OUTPUTS_MAX_BYTES, LATE_OUTPUTS_BYTES, fitOutputs, foldLines } from './budget.js';
import { abortOnSignals } from './cancel.js';
import { inputNeedsYaml, readInputs, type Inputs } from './inputs.js';
import { createLog, logSafe, Secrets, type Logger } from './log.js';
import { JSON_OUTPUTS, emptyOutputs, type Outputs } from './outputs.js';
import { readRerunSite } from './rerun/site.js';
import { run, type RunResult } from './run.js';

async function main(): Promise<void> {
  const secrets = new Secrets();
  const log = createLog(secrets);
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  let deadline: Deadline | null = null;
  // The outputs not yet written: whatever fails, the catch writes them (empty) before failing the step.
  let pending: Partial<Outputs> | null = emptyOutputs();
  // Secrets out first, then fitted to GitHub's per-job limit (budget.ts): the comment's two outputs, written last,
  // have their own small share.
  const setOutputs = (outputs: Partial<Outputs>, maxBytes: number): void => {
    const redacted = Object.fromEntries(
      Object.entries(outputs).map(([name, value]) => [name, secrets.remove(value)]),
    );
    const fitted = fitOutputs(redacted, JSON_OUTPUTS, maxBytes);
    // One annotation for all of them, kept however many warnings came before.
    if (fitted.warnings.length > 0) log.priorityWarning(fitted.warnings.join('\n'));
    for (const [name, value] of Object.entries(fitted.outputs)) core.setOutput(name, value);
  };
  const WAIT_OUTPUTS_BYTES = JOB_OUTPUTS_MAX_BYTES - LATE_OUTPUTS_BYTES;
  try {
    // Masked before anything else is logged, even before the key is validated.
    secrets.add(core.getInput('api-key'));
    secrets.add(core.getInput('github-token'));
    // The YAML parser is loaded only for an `input` that is not JSON: start-up without it does not pay for it.
    const parseYaml = inputNeedsYaml(core.getInput('input')) ? (await import('yaml')).parse : undefined;
    const inputs = readInputs(
      (name) => core.getInput(name),
      { workspace: process.env['GITHUB_WORKSPACE'] },
      { parseYaml },
    );
    pending = emptyOutputs(inputs.taskIds);
    deadline = startDeadline(inputs.timeoutMs, controller.signal);
    const proxy = proxySettings(process.env);
    if (proxy) log.info(`Using proxy ${describeProxy(proxy.httpsProxy ?? proxy.httpProxy ?? '')}`);
    // The proxy's connections end with the deadline: a CONNECT that is never answered cannot outlive the step.
    const fetch = proxy ? await proxyAwareFetch(process.env, { signal: deadline.signal }) : undefined;
    const result = await run(inputs, {
      logger: log,
      signal: controller.signal,
      deadline,
      fetch,
      secrets,
      rerun: readRerunSite(process.env),
    });
    // Outputs first: they must be there even when the step then fails. The comment's two follow once it is written.
    const { 'comment-id': noId, 'comment-url': noUrl, ...waitOutputs } = result.outputs;
    setOutputs(waitOutputs, WAIT_OUTPUTS_BYTES);
    pending = { 'comment-id': noId, 'comment-url': noUrl };
    const summaryWritten = inputs.summary && (await writeSummary(secrets.remove(result.summary)));
    const comment =
      inputs.comment && !controller.signal.aborted
        ? await runCommentPhase(log, inputs, result, { summaryWritten, deadline, fetch })
        : { 'comment-id': noId, 'comment-url': noUrl };
    pending = null;
    setOutputs(comment, LATE_OUTPUTS_BYTES);
    if (result.failure) fail(result.failure.split('\n'), log, secrets);
  } catch (error) {
    if (pending) setOutputs(pending, WAIT_OUTPUTS_BYTES);
    core.setFailed(logSafe(error instanceof Error ? error.message : String(error), secrets));
  } finally {
    log.foldAnnotations();
    stopListening();
    deadline?.dispose();
  }
}

/**
 * Fails the step with one error annotation: the problems that fit in it, then "… and N more problems; see the log",
 * with every problem in the log first when some are folded. Untrusted text (failMsg): neutralised and clipped like
 * every log line.
 */
function fail(lines: readonly string[], log: Logger, secrets: Secrets): void {
  const message = foldLines(lines);
  if (message !== lines.join('\n')) {
    log.startGroup(`Why the step failed: ${lines.length.toLocaleString('en-US')} problems`);
    for (const line of lines) log.info(line);
    log.endGroup();
  }
  core.setFailed(logSafe(message, secrets));
}

/** Appends to the job summary; false when the runner gave no summary file (a local run). */
async function writeSummary(markdown: string): Promise<boolean> {
  if (!process.env['GITHUB_STEP_SUMMARY']) return false;
  await core.summary.addRaw(markdown).write();
  return true;
}

/**
 * Posts the pull-request comment. @actions/github and the comment code are imported only here, so runs without
 * `comment` never load them. Whatever happens, the job's result stays the wait's: problems are warnings.
 */
async function runCommentPhase(
  log: Logger,
  inputs: Inputs,
  result: RunResult,
  options: {
    summaryWritten: boolean;
    /** What the wait and the downloads left of the step's deadline is the comment's. */
    deadline: Deadline;
    fetch: typeof fetch | undefined;
  },
): Promise<{ 'comment-id': string; 'comment-url': string }> {
  try {
    const [{ commentOnPullRequests }, { context }] = await Promise.all([
      import('./comment/pull-requests.js'),
      import('@actions/github'),
    ]);
    const written = await commentOnPullRequests({
      inputs: inputs.comment!,
      outcomes: result.outcomes,
      context,
      logger: log,
      ...options,
    });
    return { 'comment-id': written.commentId, 'comment-url': written.commentUrl };
  } catch (error) {
    log.warning(
      `Could not comment on the pull request: ${error instanceof Error ? error.message : String(error)}. ` +
        'The wait and its outputs are unaffected.',
    );
    return { 'comment-id': '', 'comment-url': '' };
  }
}

await main();
// The outputs and the summary are written: exit with the step's result (setFailed set process.exitCode) at once,
// whatever sockets or timers a library left open — a proxy's CONNECT, Octokit's retry queue, or a cache call given up
// on at its deadline (rerun/memory.ts), which holds a socket for minutes.
await exitWhenFlushed();
