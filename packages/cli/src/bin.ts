#!/usr/bin/env node
// The `kie-task` executable: wires the process (argv, env, streams, signals) to main() and exits with its code.
import { main } from './cli.js';
import { exitWhenFlushed } from '@kie-task/node-io/exit';
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

// Behind a proxy (HTTPS_PROXY/HTTP_PROXY/NO_PROXY), API calls and downloads go through it; Ctrl-C ends its
// connections too, a CONNECT the proxy never answers included.
const fetch = await proxyAwareFetch(process.env, { signal: controller.signal });
const code = await main(process.argv.slice(2), process.env, {
  stdout: process.stdout,
  stderr: process.stderr,
  signal: controller.signal,
  ...(fetch ? { fetch } : {}),
});
// Exit once the output is flushed: keep-alive sockets, a proxy's CONNECT or a retry timer must not hold the process
// open after --timeout or Ctrl-C.
await exitWhenFlushed(code);
