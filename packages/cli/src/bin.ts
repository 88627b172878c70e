#!/usr/bin/env node
// The `kie-task` executable: wires the process (argv, env, streams, signals) to main() and exits with its code.
import { main } from './cli.js';
import { proxyAwareFetch } from '@kie-task/node-io/proxy';

const controller = new AbortController();
let interrupts = 0;
const onSignal = (signal: NodeJS.Signals): void => {
  interrupts += 1;
  // A second Ctrl-C means "now": skip the orderly report.
  if (interrupts > 1) process.exit(130);
  controller.abort(new Error(`Interrupted by ${signal}`));
};
process.on('SIGINT', onSignal);
process.on('SIGTERM', onSignal);
// `kie-task wait … | head -1`: a closed pipe is not an error worth a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

// Behind a proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY), API calls and downloads go through it.
const fetch = await proxyAwareFetch(process.env);
const code = await main(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  ...(fetch ? { fetch } : {}),
});
process.exitCode = code;
// Exit once the output is flushed: idle keep-alive sockets must not hold the process open.
process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
