/**
 * Entry point of the bundle the runner executes: read inputs, run, write outputs and the summary, fail if needed.
 * The only module that touches process and the runner's environment.
 */
import { createActions, type Actions } from './actions.js';
import { readInputs, type Inputs } from './inputs.js';
import { emptyOutputs } from './outputs.js';
import { describeProxy, proxyAwareFetch, proxySettings } from '@kie-task/cli/proxy';
import { run, type RunResult } from './run.js';
import { abortOnSignals } from './signals.js';

async function main(): Promise<void> {
  const actions = createActions(process.env);
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  // The outputs not yet written: whatever fails, the catch writes them (empty) before failing the step.
  let pending: Readonly<Record<string, string>> | null = emptyOutputs();
  try {
    // Masked before anything else is logged, even before the key is validated.
    actions.setSecret(actions.getInput('api-key'));
    actions.setSecret(actions.getInput('github-token'));
    const inputs = readInputs((name) => actions.getInput(name), {
      workspace: process.env['GITHUB_WORKSPACE'],
    });
    pending = emptyOutputs(inputs.taskIds);
    const proxy = proxySettings(process.env);
    if (proxy) actions.info(`Using proxy ${describeProxy(proxy.httpsProxy ?? proxy.httpProxy ?? '')}`);
    const fetch = proxy ? await proxyAwareFetch(process.env) : undefined;
    const result = await run(inputs, { logger: actions, signal: controller.signal, fetch });
    // Outputs first: they must be there even when the step then fails. The comment's two follow once it is written.
    const { 'comment-id': noId, 'comment-url': noUrl, ...waitOutputs } = result.outputs;
    actions.setOutputs(waitOutputs);
    pending = { 'comment-id': noId, 'comment-url': noUrl };
    const summaryWritten = inputs.summary && actions.appendSummary(result.summary);
    const comment =
      inputs.comment && !controller.signal.aborted
        ? await postComment(actions, inputs, result, { summaryWritten, signal: controller.signal, fetch })
        : { 'comment-id': noId, 'comment-url': noUrl };
    pending = null;
    actions.setOutputs(comment);
    if (result.failure) actions.setFailed(result.failure);
  } catch (error) {
    if (pending) actions.setOutputs(pending);
    actions.setFailed(error instanceof Error ? error.message : String(error));
  } finally {
    stopListening();
    // After a cancel, nothing may keep the process alive: the runner kills it a few seconds later anyway.
    if (controller.signal.aborted) setTimeout(() => process.exit(), 500).unref();
  }
}

/**
 * Posts the pull-request comment. Octokit and the comment code are imported only here, so runs without `comment`
 * never load them. Whatever happens, the job's result stays the wait's: problems are warnings.
 */
async function postComment(
  actions: Actions,
  inputs: Inputs,
  result: RunResult,
  options: { summaryWritten: boolean; signal: AbortSignal; fetch: typeof fetch | undefined },
): Promise<{ 'comment-id': string; 'comment-url': string }> {
  try {
    const { postComment: post } = await import('./comment/index.js');
    const written = await post({
      inputs: inputs.comment!,
      outcomes: result.outcomes,
      env: process.env,
      logger: actions,
      ...options,
    });
    return { 'comment-id': written.commentId, 'comment-url': written.commentUrl };
  } catch (error) {
    actions.warning(
      `Could not comment on the pull request: ${error instanceof Error ? error.message : String(error)}. ` +
        'The wait and its outputs are unaffected.',
    );
    return { 'comment-id': '', 'comment-url': '' };
  }
}

await main();
