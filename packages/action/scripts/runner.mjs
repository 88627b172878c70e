// Runs the committed bundle (dist/index.js) as the GitHub runner does: INPUT_* for every input (with action.yml's
// defaults filled in), GITHUB_OUTPUT, GITHUB_STEP_SUMMARY, GITHUB_EVENT_PATH (options.event's payload) and RUNNER_TEMP
// in a temp folder, GITHUB_WORKSPACE as the working directory, and the GITHUB_* variables the runner sets for every step.
// Shared by the end-to-end tests, the demo and the benchmark. Plain .mjs so node runs it without a build.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

/** packages/action */
export const packageDir = fileURLToPath(new URL('..', import.meta.url));
/** The repository root, where action.yml lives. */
export const repoRoot = join(packageDir, '..', '..');
/** The bundle the runner executes. */
export const bundlePath = join(packageDir, 'dist', 'index.js');

/** action.yml, parsed. */
export function readActionYml() {
  return parse(readFileSync(join(repoRoot, 'action.yml'), 'utf8'));
}

/** The runner's name for an input's variable: INPUT_ + name with spaces as _, uppercased; hyphens are kept. */
export function inputVariable(name) {
  return `INPUT_${name.replace(/ /g, '_').toUpperCase()}`;
}

/** What the runner's `${{ github.token }}` stands for here: a fake job token. */
export const RUNNER_TOKEN = 'ghs_runnerEmulationJobToken0123456789';

/** INPUT_* variables for `inputs`, with action.yml's defaults for the rest (as the runner does). */
export function inputEnv(inputs) {
  const env = {};
  for (const [name, spec] of Object.entries(readActionYml().inputs ?? {})) {
    if (spec && spec.default !== undefined) {
      env[inputVariable(name)] = String(spec.default).replace(/\$\{\{\s*github\.token\s*\}\}/g, RUNNER_TOKEN);
    }
  }
  for (const [name, value] of Object.entries(inputs)) env[inputVariable(name)] = String(value);
  return env;
}

/** Parses a GITHUB_OUTPUT file (`name<<delimiter` heredocs, or legacy `name=value` lines). */
export function parseOutputFile(text) {
  const outputs = {};
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const [, name, delimiter] = heredoc;
      const value = [];
      for (i += 1; i < lines.length && lines[i] !== delimiter; i++) value.push(lines[i]);
      if (i >= lines.length) throw new Error(`GITHUB_OUTPUT: no closing delimiter for ${name}`);
      outputs[name] = value.join('\n');
    } else {
      const eq = line.indexOf('=');
      if (eq < 0) throw new Error(`GITHUB_OUTPUT: unreadable line ${JSON.stringify(line)}`);
      outputs[line.slice(0, eq)] = line.slice(eq + 1);
    }
  }
  return outputs;
}

/**
 * Runs the bundle once. Options: inputs (by action.yml name), env (extra variables, e.g. GITHUB_API_URL), event
 * ({ name, payload }: GITHUB_EVENT_NAME and the JSON at GITHUB_EVENT_PATH; default push, {}), signal ({ name, afterMs } or
 * { name, when: (stdoutSoFar) => boolean, delayMs? }: sent delayMs after `when` first holds), timeoutMs (kills the child), node (extra node flags), workspace
 * (GITHUB_WORKSPACE and the working directory; default a fresh folder, removed afterwards like the rest).
 * Resolves with { code, signal, stdout, stderr, outputs, outputText, summary, elapsedMs, signalledAt, exitedAt }.
 */
export async function runAction(options = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'kie-action-'));
  const outputFile = join(dir, 'output.txt');
  const summaryFile = join(dir, 'summary.md');
  const eventFile = join(dir, 'event.json');
  writeFileSync(outputFile, '');
  writeFileSync(summaryFile, '');
  writeFileSync(eventFile, JSON.stringify(options.event?.payload ?? {}));
  const workspace = options.workspace ?? join(dir, 'workspace');
  mkdirSync(workspace, { recursive: true });
  const env = {
    PATH: process.env.PATH ?? '',
    ...(process.env.SYSTEMROOT ? { SYSTEMROOT: process.env.SYSTEMROOT } : {}),
    GITHUB_ACTIONS: 'true',
    CI: 'true',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_EVENT_PATH: eventFile,
    GITHUB_EVENT_NAME: options.event?.name ?? 'push',
    // What the runner sets for every step. The API URL is a closed loopback port unless a test passes its fake, so
    // nothing here ever reaches the real GitHub.
    GITHUB_REPOSITORY: 'Codertocat/Hello-World',
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_WORKFLOW: 'CI',
    GITHUB_JOB: 'generate',
    GITHUB_RUN_ID: '1658821493',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_SHA: '6113728f27ae82c7b1a177c8d03f9e96e0adf246',
    RUNNER_TEMP: dir,
    GITHUB_WORKSPACE: workspace,
    RUNNER_OS: process.platform === 'win32' ? 'Windows' : process.platform === 'darwin' ? 'macOS' : 'Linux',
    ...inputEnv(options.inputs ?? {}),
    ...(options.env ?? {}),
    // `pnpm coverage` collects the bundle's own V8 coverage (test/coverage-provider.mjs).
    ...(process.env.KIE_ACTION_V8_COVERAGE ? { NODE_V8_COVERAGE: process.env.KIE_ACTION_V8_COVERAGE } : {}),
  };
  const started = performance.now();
  // ACTION_NODE runs the bundle on another Node than the tests' own (the test suites set it to Node 24, what
  // action.yml declares: test/node24.ts).
  const node = process.env.ACTION_NODE || process.execPath;
  // KIE_ACTION_BUNDLE: the same sources built with source maps, for `pnpm coverage` (test/coverage-provider.mjs).
  const bundle = options.bundle ?? (process.env.KIE_ACTION_BUNDLE || bundlePath);
  const child = spawn(node, [...(options.node ?? []), bundle], {
    env,
    cwd: workspace,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  let signalledAt = null;
  let matched = false;
  const sendSignal = () => {
    if (signalledAt !== null || !options.signal) return;
    signalledAt = performance.now() - started;
    child.kill(options.signal.name);
  };
  child.stdout.setEncoding('utf8').on('data', (chunk) => {
    stdout += chunk;
    options.onStdout?.(chunk);
    if (!matched && options.signal?.when?.(stdout)) {
      matched = true;
      if (options.signal.delayMs) setTimeout(sendSignal, options.signal.delayMs);
      else sendSignal();
    }
  });
  child.stderr.setEncoding('utf8').on('data', (chunk) => (stderr += chunk));
  const timer =
    options.signal?.afterMs !== undefined ? setTimeout(sendSignal, options.signal.afterMs) : undefined;
  const killer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 30_000);
  const [code, signal] = await new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (c, s) => resolve([c, s]));
  });
  const exitedAt = performance.now() - started;
  clearTimeout(timer);
  clearTimeout(killer);
  const outputText = readFileSync(outputFile, 'utf8');
  const summary = readFileSync(summaryFile, 'utf8');
  rmSync(dir, { recursive: true, force: true });
  return {
    code,
    signal,
    stdout,
    stderr,
    outputText,
    outputs: parseOutputFile(outputText),
    summary,
    elapsedMs: exitedAt,
    signalledAt,
    exitedAt,
  };
}
