#!/usr/bin/env node
// kie-fake-server: run the fake kie.ai API from a shell script. Prints exactly one stdout line,
// `KIE_FAKE_URL=<url>`, once listening, so scripts can `grep`/`sed` it; everything else goes to stderr.
import { parseArgs } from 'node:util';
import { demoScenario } from './demo.js';
import { loadScenarioFile } from './options.js';
import type { FakeKieOptions } from './options.js';
import { startFakeKie } from './server.js';

const USAGE = `Usage: kie-fake-server [--scenario file.json | --demo] [--port N] [--host H] [--api-key K] [--verbose]

  --scenario FILE  JSON with the server options, e.g. { "tasks": [ { "taskId": "t1" } ] }
  --demo           serve two demo tasks (task_demo_success, task_demo_fail)
  --port N         port to listen on (default: a free one)
  --host H         interface to listen on (default 127.0.0.1)
  --api-key K      key clients must send as "Authorization: Bearer K" (default test-key)
  --verbose        log each request to stderr
  --help           show this help

Prints KIE_FAKE_URL=<url> on stdout once listening; stops on SIGINT/SIGTERM.`;

/** A command-line mistake: reported with the usage text and exit code 2. */
class UsageError extends Error {}

function readOptions(argv: string[]): { options: FakeKieOptions; verbose: boolean } | 'help' {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      strict: true,
      allowPositionals: false,
      options: {
        scenario: { type: 'string' },
        demo: { type: 'boolean' },
        port: { type: 'string' },
        host: { type: 'string' },
        'api-key': { type: 'string' },
        verbose: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  if (values.demo && values.scenario !== undefined)
    throw new UsageError('use --scenario or --demo, not both');
  const options: FakeKieOptions = values.demo
    ? demoScenario()
    : values.scenario !== undefined
      ? loadScenarioFile(values.scenario)
      : {};
  if (values.port !== undefined) {
    const port = Number(values.port);
    if (!/^\d+$/.test(values.port) || port > 65535) {
      throw new UsageError(`--port must be a number from 0 to 65535, got "${values.port}"`);
    }
    options.port = port;
  }
  if (values.host !== undefined) options.host = values.host;
  if (values['api-key'] !== undefined) options.apiKey = values['api-key'];
  return { options, verbose: values.verbose === true };
}

async function main(): Promise<void> {
  let read;
  try {
    read = readOptions(process.argv.slice(2));
  } catch (error) {
    const usage = error instanceof UsageError;
    process.stderr.write(`kie-fake-server: ${(error as Error).message}\n${usage ? `\n${USAGE}\n` : ''}`);
    process.exitCode = usage ? 2 : 1;
    return;
  }
  if (read === 'help') {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  const { options, verbose } = read;
  if (verbose) {
    options.onRequest = (r) => {
      const query = new URLSearchParams(r.query).toString();
      process.stderr.write(
        `${r.method} ${r.path}${query ? `?${query}` : ''} -> ${r.status || 'no answer'}\n`,
      );
    };
  }
  const fake = await startFakeKie(options);
  process.stdout.write(`KIE_FAKE_URL=${fake.url}\n`);
  if (verbose) {
    const ids = (options.tasks ?? []).map((t) => t.taskId).join(', ') || 'none';
    process.stderr.write(
      `kie-fake-server: listening on ${fake.url} (api key "${fake.apiKey}", tasks: ${ids})\n`,
    );
  }
  const stop = (): void => {
    // Closing destroys every socket, so nothing keeps the event loop alive and the process exits by itself.
    void fake.close();
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

main().catch((error: unknown) => {
  process.stderr.write(`kie-fake-server: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
