/**
 * Entry point of the bundle the runner executes: read inputs, run, write outputs and the summary, fail if needed.
 * The only module that touches process and the runner's environment.
 */
import { createActions } from './actions.js';
import { readInputs } from './inputs.js';
import { emptyOutputs, type Outputs } from './outputs.js';
import { describeProxy, proxyAwareFetch, proxySettings } from './proxy.js';
import { run } from './run.js';
import { abortOnSignals } from './signals.js';

async function main(): Promise<void> {
  const actions = createActions(process.env);
  const controller = new AbortController();
  const stopListening = abortOnSignals(controller);
  let pending: Outputs | null = emptyOutputs();
  try {
    // Masked before anything else is logged, even before the key is validated.
    actions.setSecret(actions.getInput('api-key'));
    const inputs = readInputs((name) => actions.getInput(name));
    pending = emptyOutputs(inputs.taskIds);
    const proxy = proxySettings(process.env);
    if (proxy) actions.info(`Using proxy ${describeProxy(proxy.httpsProxy ?? proxy.httpProxy ?? '')}`);
    const result = await run(inputs, {
      logger: actions,
      signal: controller.signal,
      fetch: proxy ? await proxyAwareFetch(process.env) : undefined,
    });
    pending = null;
    // Outputs first: they must be there even when the step then fails.
    actions.setOutputs(result.outputs);
    if (inputs.summary) actions.appendSummary(result.summary);
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

await main();
